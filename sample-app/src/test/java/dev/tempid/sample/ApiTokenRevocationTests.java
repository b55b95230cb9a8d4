package dev.tempid.sample;

import java.net.http.HttpResponse;
import java.util.Map;

import dev.tempid.sample.mail.OutboxMailSender;
import dev.tempid.sample.users.UserService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's {@code api} bearer tokens have no use limit, and revoking one still ends it
 * (issue: {@code revoke()} used to report success and leave such tokens working).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { Browserless.BASE_URL_PROPERTY, "sample.limits.enabled=false" })
@ActiveProfiles("dev")
class ApiTokenRevocationTests {

	@LocalServerPort
	int port;

	@Autowired
	OutboxMailSender outbox;

	@Autowired
	UserService users;

	private Browserless signedInAs(String email) {
		Browserless browser = new Browserless(this.port);
		assertThat(browser.postJson("/api/magic-link", Map.of("email", email)).statusCode()).isEqualTo(202);
		String link = this.outbox.lastLinkTo(email);
		HttpResponse<String> page = browser.get(link);
		String token = link.substring(link.indexOf("token=") + 6);
		assertThat(browser.postForm("/login/magic", Map.of("token", token, "_csrf", Browserless.csrfField(page.body())))
			.statusCode()).isEqualTo(302);
		return browser;
	}

	private String apiToken(Browserless user) {
		String[] csrf = user.csrfHeader();
		HttpResponse<String> issued = user.postJson("/api/tokens", Map.of(), csrf[0], csrf[1]);
		assertThat(issued.statusCode()).isEqualTo(201);
		return Browserless.json(issued).get("token").asString();
	}

	@Test
	void whenAnApiTokenIsRevokedThenItsNextRequestIsRefused() {
		Browserless alice = signedInAs("alice@example.com");
		String api = apiToken(alice);
		String other = apiToken(alice);
		Browserless script = new Browserless(this.port);
		assertThat(script.get("/api/me", "Authorization", "Bearer " + api).statusCode()).isEqualTo(200);
		String[] csrf = alice.csrfHeader();
		assertThat(alice.postJson("/api/tokens/revoke", Map.of("token", api), csrf[0], csrf[1]).statusCode())
			.isEqualTo(204);
		HttpResponse<String> refused = script.get("/api/me", "Authorization", "Bearer " + api);
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(value) -> assertThat(value).contains("invalid_token"));
		// the same user's other token is untouched
		assertThat(script.get("/api/me", "Authorization", "Bearer " + other).statusCode()).isEqualTo(200);
	}

	@Test
	void whenAUserRevokesAnotherUsersTokenThenForbiddenAndTheTokenLives() {
		String alices = apiToken(signedInAs("alice@example.com"));
		this.users.signUp("bob@example.com", "a long enough password for bob");
		this.users.verifyEmail("bob@example.com");
		Browserless bob = signedInAs("bob@example.com");
		String[] csrf = bob.csrfHeader();
		assertThat(bob.postJson("/api/tokens/revoke", Map.of("token", alices), csrf[0], csrf[1]).statusCode())
			.isEqualTo(403);
		assertThat(new Browserless(this.port).get("/api/me", "Authorization", "Bearer " + alices).statusCode())
			.isEqualTo(200);
	}

	@Test
	void whenTheTokenIsMissingOrForgedThenRefusedWithoutSpendingAnything() {
		Browserless alice = signedInAs("alice@example.com");
		String[] csrf = alice.csrfHeader();
		assertThat(alice.postJson("/api/tokens/revoke", Map.of(), csrf[0], csrf[1]).statusCode()).isEqualTo(400);
		assertThat(alice.postJson("/api/tokens/revoke", Map.of("token", "v4.local.forged"), csrf[0], csrf[1])
			.statusCode()).isIn(400, 401);
	}

}
