package dev.tempid.sample;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tempid.sample.mail.Mail;
import dev.tempid.sample.mail.OutboxMailSender;
import dev.tempid.sample.users.UserService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every flow of the sample, the refused ones too, with tempid's and the sample's loggers
 * at TRACE: no token value, session cookie or the configured secret reaches the log.
 * (Spring's own DEBUG logs print request URLs, query strings included; that is the
 * application's logging choice, and stays out of this test.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { Browserless.BASE_URL_PROPERTY, "logging.level.dev.tempid=TRACE", "tempid.allow-random-secret=false",
				"tempid.secret=" + LogHygieneTests.SECRET })
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneTests {

	static final String SECRET = "Zq8wR2vN5tLp0xK7mB4cY9hJ3fD6sG1aU";

	@LocalServerPort
	int port;

	@Autowired
	OutboxMailSender outbox;

	@Autowired
	UserService users;

	private final List<String> seen = new ArrayList<>();

	@Test
	void everyFlowLeavesNoTokenCookieOrSecretInTheLog(CapturedOutput output) {
		Browserless client = new Browserless(this.port);

		// password reset: refused tokens, the good one, the reused one
		this.users.signUp("logs@example.com", "first-password-42");
		client.postJson("/api/password-reset", Map.of("email", "logs@example.com"));
		String reset = token(this.outbox.lastLinkTo("logs@example.com"));
		String tampered = keep(flip(reset));
		assertThat(client.postJson("/api/password-reset/confirm", Map.of("token", tampered, "password",
				"second-password-42")).statusCode()).isEqualTo(401);
		assertThat(client.postJson("/api/password-reset/confirm", Map.of("token", reset, "password",
				"second-password-42")).statusCode()).isEqualTo(204);
		assertThat(client.postJson("/api/password-reset/confirm", Map.of("token", reset, "password",
				"third-password-42")).statusCode()).isIn(401, 410);

		// magic link: page, sign-in, the spent link again
		client.postJson("/api/magic-link", Map.of("email", "logs@example.com"));
		String link = this.outbox.lastLinkTo("logs@example.com");
		token(link);
		HttpResponse<String> page = client.get(link);
		assertThat(client.postForm("/login/magic", Map.of("token", token(link), "_csrf",
				Browserless.csrfField(page.body()))).statusCode()).isEqualTo(302);
		keep(client.cookie("TEMPID_SESSION"));
		assertThat(client.postForm("/login/magic", Map.of("token", token(link), "_csrf",
				Browserless.csrfField(client.get(link).body()))).statusCode()).isEqualTo(302);

		// login code: a wrong one, the right one, the spent one again (and its link)
		client.postJson("/api/magic-link", Map.of("email", "logs@example.com"));
		Mail withCode = this.outbox.lastMailTo("logs@example.com");
		token(withCode.link());
		String code = withCode.code();
		String wrongCode = code.equals("000000") ? "111111" : "000000";
		Browserless coded = new Browserless(this.port);
		assertThat(coded.postJson("/api/login/code", Map.of("email", "logs@example.com", "code", wrongCode))
			.statusCode()).isEqualTo(401);
		assertThat(coded.postJson("/api/login/code", Map.of("email", "logs@example.com", "code", code)).statusCode())
			.isEqualTo(204);
		keep(coded.cookie("TEMPID_SESSION"));
		assertThat(coded.postJson("/api/login/code", Map.of("email", "logs@example.com", "code", code)).statusCode())
			.isEqualTo(410);

		// bearer tokens: issued, used, tampered, garbage
		String[] csrf = client.csrfHeader();
		HttpResponse<String> issued = client.postJson("/api/tokens", Map.of(), csrf[0], csrf[1]);
		assertThat(issued.statusCode()).isEqualTo(201);
		String api = keep(Browserless.json(issued).get("token").asString());
		Browserless other = new Browserless(this.port);
		assertThat(other.get("/api/me", "Authorization", "Bearer " + api).statusCode()).isEqualTo(200);
		assertThat(other.get("/api/me", "Authorization", "Bearer " + keep(flip(api))).statusCode()).isEqualTo(401);
		assertThat(other.get("/api/me", "Authorization", "Bearer v4.local.not-a-token").statusCode()).isEqualTo(401);

		// approvals: spent up to the limit, then refused
		HttpResponse<String> created = client.postJson("/api/approvals", Map.of("action", "deploy", "maxUses", 1),
				csrf[0], csrf[1]);
		String approval = keep(Browserless.json(created).get("token").asString());
		assertThat(other.postJson("/api/approvals/use", Map.of(), "Authorization", "Bearer " + approval).statusCode())
			.isEqualTo(200);
		assertThat(other.postJson("/api/approvals/use", Map.of(), "Authorization", "Bearer " + approval).statusCode())
			.isEqualTo(410);

		assertThat(other.hasCookie("TEMPID_SESSION")).as("bearer requests got a session cookie").isFalse();

		// email verification, twice
		client.postJson("/api/signup", Map.of("email", "logs-new@example.com", "password", "first-password-42"));
		String verify = this.outbox.lastLinkTo("logs-new@example.com");
		HttpResponse<String> confirm = client.get(verify);
		assertThat(confirm.statusCode()).isEqualTo(200);
		assertThat(client.postForm("/verify-email", Map.of("token", token(verify), "_csrf",
				Browserless.csrfField(confirm.body()))).statusCode()).isEqualTo(200);
		assertThat(client.postForm("/verify-email", Map.of("token", token(verify), "_csrf",
				Browserless.csrfField(confirm.body()))).statusCode()).isEqualTo(410);

		// logout, then the old cookie again
		String cookie = client.cookie("TEMPID_SESSION");
		assertThat(client.postForm("/logout", Map.of("_csrf", client.csrfHeader()[1])).statusCode()).isEqualTo(302);
		assertThat(new Browserless(this.port).get("/api/me", "Cookie", "TEMPID_SESSION=" + cookie).statusCode())
			.as("a copy of the cookie after logout").isEqualTo(401);

		String log = output.getAll();
		assertThat(log).as("the run logged something at all").contains("tempid");
		assertThat(log).as("the configured secret").doesNotContain(SECRET);
		assertThat(this.seen).hasSizeGreaterThan(8);
		// six digits standing alone: the code, or (one chance in a million) another number
		assertThat(log).as("the login code").doesNotContainPattern("(?<![0-9])" + code + "(?![0-9])");
		for (String value : this.seen) {
			// a token's body (after "v4.local." and before the footer) is what must never show;
			// 24 characters of it are enough to tell
			String body = value.substring(value.indexOf('.', 3) + 1);
			assertThat(log).as("a token or cookie value").doesNotContain(value).doesNotContain(body.substring(0, 24));
		}
	}


	private String token(String link) {
		return keep(link.substring(link.indexOf("token=") + 6));
	}

	private String keep(String value) {
		assertThat(value).isNotBlank();
		this.seen.add(value);
		return value;
	}

	private static String flip(String token) {
		int at = token.length() / 2;
		return token.substring(0, at) + ((token.charAt(at) == 'A') ? 'B' : 'A') + token.substring(at + 1);
	}

}
