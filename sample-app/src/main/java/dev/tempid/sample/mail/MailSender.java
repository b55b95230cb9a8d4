package dev.tempid.sample.mail;

import org.jspecify.annotations.Nullable;

/**
 * Sends the sample's mails: to the in-memory outbox, or through SMTP when
 * {@code spring.mail.host} is set.
 */
public interface MailSender {

	/** Sends a mail that carries a link. */
	default void send(String to, String subject, String text, String link) {
		send(to, subject, text, link, null);
	}

	/**
	 * Sends a mail that carries a link and, when not {@code null}, a login code. The text is
	 * what the recipient reads (it names the code where there is one); the link and the code
	 * are given apart so that the outbox can show them and logs can leave them out.
	 */
	void send(String to, String subject, String text, String link, @Nullable String code);

	/** The link with its token masked, for logs: {@code /login/magic?token=v4.local.…}. */
	static String mask(String link) {
		int token = link.indexOf("token=");
		if (token < 0) {
			return link;
		}
		int end = link.indexOf('&', token);
		String value = link.substring(token + 6, (end < 0) ? link.length() : end);
		String visible = value.startsWith("v4.") ? value.substring(0, Math.min(value.length(), 9)) : "";
		return link.substring(0, token + 6) + visible + "…" + ((end < 0) ? "" : link.substring(end));
	}

}
