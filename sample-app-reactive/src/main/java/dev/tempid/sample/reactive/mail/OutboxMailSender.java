package dev.tempid.sample.reactive.mail;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keeps mails in memory (newest last, at most 200) and logs each one with its token
 * masked.
 */
public class OutboxMailSender implements MailSender {

	private static final int LIMIT = 200;

	private static final Log logger = LogFactory.getLog(OutboxMailSender.class);

	private final List<Mail> mails = new CopyOnWriteArrayList<>();

	private final Clock clock;

	public OutboxMailSender(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void send(String to, String subject, String text, String link, @Nullable String code) {
		this.mails.add(new Mail(to, subject, link, code, this.clock.instant()));
		while (this.mails.size() > LIMIT) {
			this.mails.remove(0);
		}
		logger.info("Outbox: mail to " + to + " '" + subject + "' with link " + MailSender.mask(link));
	}

	/** Every mail kept, newest last. */
	public List<Mail> mails() {
		return List.copyOf(this.mails);
	}

	/**
	 * The link of the newest mail to an address.
	 * @throws IllegalStateException when no mail to it is kept
	 */
	public String lastLinkTo(String to) {
		List<Mail> kept = mails();
		for (int i = kept.size() - 1; i >= 0; i--) {
			if (kept.get(i).to().equals(to)) {
				return kept.get(i).link();
			}
		}
		throw new IllegalStateException("no mail to " + to + " in the outbox");
	}

}
