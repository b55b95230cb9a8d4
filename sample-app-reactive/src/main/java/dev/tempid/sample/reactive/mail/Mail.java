package dev.tempid.sample.reactive.mail;

import java.time.Instant;

/**
 * A mail the sample sent.
 *
 * @param to the recipient
 * @param subject the subject
 * @param link the link it carries (a credential: never logged whole)
 * @param sentAt when it was sent
 */
public record Mail(String to, String subject, String link, Instant sentAt) {

	@Override
	public String toString() {
		return "Mail[to=" + this.to + ", subject=" + this.subject + ", link=" + MailSender.mask(this.link) + "]";
	}

}
