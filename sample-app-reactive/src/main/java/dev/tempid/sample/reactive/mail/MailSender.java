package dev.tempid.sample.reactive.mail;

import org.jspecify.annotations.Nullable;

/**
 * Sends the sample's mails. The reactive sample keeps them in the in-memory outbox
 * (JavaMail's SMTP client blocks; the servlet sample shows real mail).
 */
public interface MailSender {

	/** Sends a mail with a link. */
	default void send(String to, String subject, String text, String link) {
		send(to, subject, text, link, null);
	}

	/** Sends a mail with a link and, beside a magic link, its login code. */
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
