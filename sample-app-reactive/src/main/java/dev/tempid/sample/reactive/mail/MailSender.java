package dev.tempid.sample.reactive.mail;

/**
 * Sends the sample's mails. The reactive sample keeps them in the in-memory outbox
 * (JavaMail's SMTP client blocks; the servlet sample shows real mail).
 */
public interface MailSender {

	void send(String to, String subject, String text, String link);

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
