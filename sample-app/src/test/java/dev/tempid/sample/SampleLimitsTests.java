package dev.tempid.sample;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import dev.tempid.TokenService;
import dev.tempid.sample.mail.OutboxMailSender;
import dev.tempid.sample.users.UserService;
import dev.tempid.security.MagicLinkGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's link-sending limits over real HTTP, on by default: 3 links per address in
 * 15 minutes, the same for a known address and an unknown one, and a per-client limit
 * (10 here) over every address; beyond them 429 with {@code Retry-After}. Login-code
 * attempts have their own per-client limit (5 here).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.limits.per-client=10 per 15m", "sample.limits.codes-per-client=5 per 15m" })
class SampleLimitsTests {

	@LocalServerPort
	int port;

	@Autowired
	OutboxMailSender outbox;

	@Autowired
	UserService users;

	@Autowired
	MagicLinkGenerator magicLinks;

	@Autowired
	TokenService tokens;

	@Test
	void codeAttemptsWhenBeyondThePerClientLimitThenAnswer429EvenForTheRightCodeWhichStaysUnspent() {
		String email = "limits-" + UUID.randomUUID() + "@example.com";
		this.users.signUp(email, "first-password-42");
		// issued directly: link requests of this client are counted by the other test
		String code = this.magicLinks.generateWithCode(email, email, null).code();
		String wrong = code.equals("000000") ? "111111" : "000000";
		Browserless client = new Browserless(this.port);
		for (int i = 0; i < 4; i++) {
			assertThat(client.postJson("/api/login/code", Map.of("email", email, "code", wrong)).statusCode())
				.isEqualTo(401);
		}
		assertThat(client.postJson("/api/login/code",
				Map.of("email", "nobody-" + UUID.randomUUID() + "@example.com", "code", wrong)).statusCode())
			.as("other addresses count on the same per-client counter").isEqualTo(401);
		assertTooMany(client.postJson("/api/login/code", Map.of("email", email, "code", code)));
		assertThat(client.hasCookie("TEMPID_SESSION")).isFalse();
		Browserless browser = new Browserless(this.port);
		HttpResponse<String> form = browser.get("/login/code");
		HttpResponse<String> page = browser.postForm("/login/code",
				Map.of("email", email, "code", code, "_csrf", Browserless.csrfField(form.body())));
		assertThat(page.statusCode()).isEqualTo(429);
		assertThat(page.headers().firstValue("Retry-After")).isPresent();
		assertThat(page.body()).contains("Too many codes");
		// refused before the store was asked: the code is still live, with its last try
		this.tokens.consumeCode(this.magicLinks.getPurpose(), email, email, code);
	}

	@Test
	void linkRequestsWhenBeyondTheLimitsThenAnswer429WithRetryAfterForKnownAndUnknownAddressesAlike() {
		Browserless client = new Browserless(this.port);
		int mailsBefore = this.outbox.mails().size();
		// a known address: three links, then 429
		for (int i = 0; i < 3; i++) {
			assertThat(reset(client, "alice@example.com").statusCode()).isEqualTo(202);
		}
		HttpResponse<String> known = reset(client, "Alice@Example.com");
		assertTooMany(known);
		assertThat(this.outbox.mails()).hasSize(mailsBefore + 3);
		// an unknown address: the same answers, in the same order
		String nobody = "nobody-" + UUID.randomUUID() + "@example.com";
		for (int i = 0; i < 3; i++) {
			assertThat(reset(client, nobody).statusCode()).isEqualTo(202);
		}
		HttpResponse<String> unknown = reset(client, nobody);
		assertTooMany(unknown);
		assertThat(this.outbox.mails()).hasSize(mailsBefore + 3);
		// magic links have their own per-address counter; the per-client one counts every request
		String other = "other-" + UUID.randomUUID() + "@example.com";
		assertThat(magicLink(client, other).statusCode()).isEqualTo(202);
		assertThat(magicLink(client, other).statusCode()).isEqualTo(202);
		// 10 requests so far from this client: the 11th is refused whatever address it names
		assertTooMany(magicLink(client, "fresh-" + UUID.randomUUID() + "@example.com"));
		// the pages' form answers the same, as a page
		Browserless browser = new Browserless(this.port);
		HttpResponse<String> login = browser.get("/login");
		HttpResponse<String> page = browser.postForm("/forgot-password",
				Map.of("email", "page-" + UUID.randomUUID() + "@example.com", "_csrf", Browserless.csrfField(login.body())));
		assertThat(page.statusCode()).isEqualTo(429);
		assertThat(page.headers().firstValue("Retry-After")).hasValueSatisfying(
				(value) -> assertThat(Long.parseLong(value)).isBetween(1L, 900L));
		assertThat(page.body()).contains("Too many requests");
	}

	private static void assertTooMany(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(
				(value) -> assertThat(Long.parseLong(value)).isBetween(1L, 900L));
		assertThat(Browserless.json(response).get("reason").asString()).isEqualTo("TOO_MANY_ISSUED");
	}

	private static HttpResponse<String> reset(Browserless client, String email) {
		return client.postJson("/api/password-reset", Map.of("email", email));
	}

	private static HttpResponse<String> magicLink(Browserless client, String email) {
		return client.postJson("/api/magic-link", Map.of("email", email));
	}

}
