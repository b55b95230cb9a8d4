package dev.tempid.sample;

import java.util.Map;

import dev.tempid.sample.mail.OutboxMailSender;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sample.limits.enabled=false} turns every one of the sample's limits off. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.limits.enabled=false", "sample.limits.per-client=2 per 15m" })
class SampleLimitsDisabledTests {

	@LocalServerPort
	int port;

	@Autowired
	OutboxMailSender outbox;

	@Test
	void linkRequestsWhenLimitsAreDisabledThenAreNeverRefused() {
		Browserless client = new Browserless(this.port);
		int before = this.outbox.mails().size();
		for (int i = 0; i < 8; i++) {
			assertThat(client.postJson("/api/magic-link", Map.of("email", "alice@example.com")).statusCode())
				.isEqualTo(202);
			assertThat(client.postJson("/api/password-reset", Map.of("email", "nobody@example.com")).statusCode())
				.isEqualTo(202);
		}
		assertThat(this.outbox.mails()).hasSize(before + 8);
	}

}
