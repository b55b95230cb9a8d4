package dev.tempid.sample.mail;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Real mail through SMTP when {@code spring.mail.host} is set; otherwise the in-memory
 * outbox, readable at {@code GET /api/dev/outbox} and {@code GET /dev/outbox}.
 */
@Configuration(proxyBeanMethods = false)
public class MailConfiguration {

	/** True while no SMTP server is configured. */
	static final String NO_SMTP = "'${spring.mail.host:}'.isBlank()";

	/** What the flows use: the configured sender, off the request thread. */
	@Bean
	@Primary
	AsyncMailSender asyncMailSender(ObjectProvider<SmtpMailSender> smtp, ObjectProvider<OutboxMailSender> outbox) {
		SmtpMailSender server = smtp.getIfAvailable();
		return new AsyncMailSender((server != null) ? server : outbox.getObject());
	}

	@Bean
	@ConditionalOnProperty("spring.mail.host")
	SmtpMailSender smtpMailSender(JavaMailSender mailSender,
			@Value("${sample.mail.from:tempid-sample@localhost}") String from) {
		return new SmtpMailSender(mailSender, from);
	}

	@Bean
	@ConditionalOnExpression(NO_SMTP)
	OutboxMailSender outboxMailSender(Clock clock) {
		return new OutboxMailSender(clock);
	}

}
