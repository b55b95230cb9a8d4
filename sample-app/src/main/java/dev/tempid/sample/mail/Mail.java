package dev.tempid.sample.mail;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A mail the sample sent.
 *
 * @param to the recipient
 * @param subject the subject
 * @param link the link it carries (a credential: never logged whole)
 * @param code the login code it carries beside the link, or {@code null} (a credential:
 * never logged)
 * @param sentAt when it was sent
 */
public record Mail(String to, String subject, String link, @Nullable String code, Instant sentAt) {

	@Override
	public String toString() {
		return "Mail[to=" + this.to + ", subject=" + this.subject + ", link=" + MailSender.mask(this.link)
				+ ((this.code != null) ? ", code=…" : "") + "]";
	}

}
