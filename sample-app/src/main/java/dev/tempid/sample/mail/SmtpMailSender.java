package dev.tempid.sample.mail;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Sends mails through the SMTP server of {@code spring.mail.*}.
 */
public class SmtpMailSender implements MailSender {

	private static final Log logger = LogFactory.getLog(SmtpMailSender.class);

	private final JavaMailSender mailSender;

	private final String from;

	public SmtpMailSender(JavaMailSender mailSender, String from) {
		this.mailSender = mailSender;
		this.from = from;
	}

	@Override
	public void send(String to, String subject, String text, String link, @Nullable String code) {
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(this.from);
		message.setTo(to);
		message.setSubject(subject);
		message.setText(text + "\n\n" + link + "\n");
		this.mailSender.send(message);
		logger.info("Sent mail to " + to + " '" + subject + "' with link " + MailSender.mask(link)
				+ ((code != null) ? " and a login code" : ""));
	}

}
