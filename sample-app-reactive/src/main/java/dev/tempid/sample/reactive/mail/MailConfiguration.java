package dev.tempid.sample.reactive.mail;

import java.time.Clock;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The in-memory outbox, and {@code GET /api/dev/outbox} to read it with the {@code dev}
 * profile (otherwise that path is a 404).
 */
@Configuration(proxyBeanMethods = false)
public class MailConfiguration {

	@Bean
	OutboxMailSender outboxMailSender(Clock clock) {
		return new OutboxMailSender(clock);
	}

	@RestController
	@Profile("dev")
	static class OutboxController {

		private final OutboxMailSender outbox;

		OutboxController(OutboxMailSender outbox) {
			this.outbox = outbox;
		}

		@GetMapping("/api/dev/outbox")
		List<Mail> outbox() {
			return this.outbox.mails();
		}

	}

}
