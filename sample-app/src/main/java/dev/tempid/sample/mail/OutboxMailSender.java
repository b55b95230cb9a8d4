package dev.tempid.sample.mail;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keeps mails in memory (newest last, at most 200) and logs each one with its token
 * masked. Used while no SMTP server is configured.
 */
public class OutboxMailSender implements MailSender {

	private static final int LIMIT = 200;

	private static final Log logger = LogFactory.getLog(OutboxMailSender.class);

	private final List<Mail> mails = new CopyOnWriteArrayList<>();

	private final Clock clock;

	/** Mails handed to {@link AsyncMailSender} and not yet kept here. */
	private final AtomicInteger pending = new AtomicInteger();

	public OutboxMailSender(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void send(String to, String subject, String text, String link, @Nullable String code) {
		this.mails.add(new Mail(to, subject, link, code, this.clock.instant()));
		while (this.mails.size() > LIMIT) {
			this.mails.remove(0);
		}
		logger.info("Outbox: mail to " + to + " '" + subject + "' with link " + MailSender.mask(link)
				+ ((code != null) ? " and a login code" : ""));
	}

	/** A mail is on its way from another thread ({@link AsyncMailSender}). */
	void expect() {
		this.pending.incrementAndGet();
	}

	/** A mail expected by {@link #expect()} was kept, or failed. */
	void arrived() {
		synchronized (this.pending) {
			this.pending.decrementAndGet();
			this.pending.notifyAll();
		}
	}

	/**
	 * Every mail kept, newest last, once the mails already handed over for sending have
	 * arrived (waiting at most 10 seconds for them).
	 */
	public List<Mail> mails() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		synchronized (this.pending) {
			while (this.pending.get() > 0 && System.nanoTime() < deadline) {
				try {
					this.pending.wait(50);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
		}
		return List.copyOf(this.mails);
	}

	/**
	 * The link of the newest mail to an address.
	 * @throws IllegalStateException when no mail to it is kept
	 */
	public String lastLinkTo(String to) {
		return lastMailTo(to).link();
	}

	/**
	 * The newest mail to an address.
	 * @throws IllegalStateException when no mail to it is kept
	 */
	public Mail lastMailTo(String to) {
		List<Mail> kept = mails();
		for (int i = kept.size() - 1; i >= 0; i--) {
			if (kept.get(i).to().equals(to)) {
				return kept.get(i);
			}
		}
		throw new IllegalStateException("no mail to " + to + " in the outbox");
	}

}
