package dev.tempid.sample;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.tempid.sample.mail.OutboxMailSender;
import dev.tempid.sample.users.UserService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of the sample's API table, over real HTTP on a random port, on the embedded
 * default (in-memory store, outbox mail).
 */
// signs alice in more often than the sample's per-address limit allows (SampleLimitsTests covers the limits)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { Browserless.BASE_URL_PROPERTY, "sample.limits.enabled=false" })
@ActiveProfiles("dev")
class SampleApiTests {

	@LocalServerPort
	int port;

	@Autowired
	OutboxMailSender outbox;

	@Autowired
	UserService users;

	Browserless client;

	@BeforeEach
	void client() {
		this.client = new Browserless(this.port);
	}


	private static String token(String link) {
		return link.substring(link.indexOf("token=") + 6);
	}

	private Browserless signedInAs(String email) {
		Browserless browser = new Browserless(this.port);
		assertThat(browser.postJson("/api/magic-link", Map.of("email", email)).statusCode()).isEqualTo(202);
		String link = this.outbox.lastLinkTo(email);
		HttpResponse<String> page = browser.get(link);
		assertThat(page.statusCode()).isEqualTo(200);
		HttpResponse<String> login = browser.postForm("/login/magic",
				Map.of("token", token(link), "_csrf", Browserless.csrfField(page.body())));
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location")).hasValueSatisfying((l) -> assertThat(l).endsWith("/"));
		assertThat(browser.hasCookie("TEMPID_SESSION")).isTrue();
		return browser;
	}

	@Test
	void passwordResetAlwaysAnswers202AndMailsOnlyKnownUsers() {
		int before = this.outbox.mails().size();
		assertThat(this.client.postJson("/api/password-reset", Map.of("email", "nobody@example.com")).statusCode())
			.isEqualTo(202);
		assertThat(this.outbox.mails()).hasSize(before);
		assertThat(this.client.postJson("/api/password-reset", Map.of("email", "alice@example.com")).statusCode())
			.isEqualTo(202);
		assertThat(this.outbox.mails()).hasSize(before + 1);
		assertThat(this.outbox.lastLinkTo("alice@example.com")).contains("/reset-password?token=v4.local.");
	}

	@Test
	void passwordResetConfirmAnswersEveryStatusOfTheTable() {
		this.users.signUp("reset@example.com", "first-password-42");
		this.client.postJson("/api/password-reset", Map.of("email", "reset@example.com"));
		String older = token(this.outbox.lastLinkTo("reset@example.com"));
		this.client.postJson("/api/password-reset", Map.of("email", "reset@example.com"));
		String newer = token(this.outbox.lastLinkTo("reset@example.com"));

		HttpResponse<String> rejected = this.client.postJson("/api/password-reset/confirm",
				Map.of("token", newer, "password", "short"));
		assertThat(rejected.statusCode()).isEqualTo(400);
		HttpResponse<String> malformed = this.client.postJson("/api/password-reset/confirm",
				Map.of("token", "not-a-token", "password", "second-password-42"));
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(Browserless.json(malformed).get("reason").asString()).isEqualTo("MALFORMED");

		assertThat(this.client.postJson("/api/password-reset/confirm",
				Map.of("token", newer, "password", "second-password-42")).statusCode()).as("not spent by the 400")
			.isEqualTo(204);
		assertThat(this.users.matches("reset@example.com", "second-password-42")).isTrue();

		HttpResponse<String> olderLink = this.client.postJson("/api/password-reset/confirm",
				Map.of("token", older, "password", "third-password-42"));
		assertThat(olderLink.statusCode()).as("the older link died with the password change").isEqualTo(401);
		assertThat(Browserless.json(olderLink).get("reason").asString()).isEqualTo("STATE_CHANGED");
		assertThat(this.users.matches("reset@example.com", "second-password-42")).isTrue();

		HttpResponse<String> forged = this.client.postJson("/api/password-reset/confirm",
				Map.of("token", newer.substring(0, 40) + "A" + newer.substring(41), "password", "third-password-42"));
		assertThat(forged.statusCode()).isIn(400, 401);
	}

	@Test
	void passwordResetConfirmWhenTheSameLinkIsSpentTwiceConcurrentlyThenOneWinsAndTheOtherIsRefused() throws Exception {
		this.users.signUp("race@example.com", "first-password-42");
		this.client.postJson("/api/password-reset", Map.of("email", "race@example.com"));
		String link = token(this.outbox.lastLinkTo("race@example.com"));
		int threads = 8;
		CyclicBarrier start = new CyclicBarrier(threads);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<Future<Integer>> statuses = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			int n = i;
			statuses.add(pool.submit(() -> {
				start.await(10, TimeUnit.SECONDS);
				return new Browserless(this.port).postJson("/api/password-reset/confirm",
						Map.of("token", link, "password", "raced-password-" + n)).statusCode();
			}));
		}
		List<Integer> codes = new ArrayList<>();
		for (Future<Integer> status : statuses) {
			codes.add(status.get(30, TimeUnit.SECONDS));
		}
		pool.shutdown();
		assertThat(codes).filteredOn((code) -> code == 204).hasSize(1);
		assertThat(codes).filteredOn((code) -> code != 204).allSatisfy((code) -> assertThat(code).isIn(401, 410));
	}

	@Test
	void magicLinkGetSpendsNothingPostSignsInAndASpentLinkDoesNot() {
		assertThat(this.client.postJson("/api/magic-link", Map.of("email", "nobody@example.com")).statusCode())
			.isEqualTo(202);
		assertThat(this.client.postJson("/api/magic-link", Map.of("email", "alice@example.com")).statusCode())
			.isEqualTo(202);
		String link = this.outbox.lastLinkTo("alice@example.com");
		assertThat(link).contains("/login/magic?token=");
		HttpResponse<String> first = this.client.get(link);
		HttpResponse<String> second = this.client.get(link);
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(second.statusCode()).as("GET spends nothing").isEqualTo(200);
		assertThat(second.headers().firstValue("Content-Type")).hasValueSatisfying((t) -> assertThat(t).contains("html"));
		HttpResponse<String> login = this.client.postForm("/login/magic",
				Map.of("token", token(link), "_csrf", Browserless.csrfField(second.body())));
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/");
		JsonNode me = Browserless.json(this.client.get("/api/me"));
		assertThat(me.get("subject").asString()).isEqualTo("alice@example.com");

		Browserless other = new Browserless(this.port);
		HttpResponse<String> page = other.get(link);
		HttpResponse<String> again = other.postForm("/login/magic",
				Map.of("token", token(link), "_csrf", Browserless.csrfField(page.body())));
		assertThat(again.statusCode()).isEqualTo(302);
		assertThat(again.headers().firstValue("Location").orElseThrow()).contains("/login?error");
		assertThat(other.get("/api/me").statusCode()).isEqualTo(401);
	}

	@Test
	void magicLinkWhenASecondIsSentThenTheFirstNoLongerSignsInAndTheSecondDoes() {
		this.users.signUp("twice-magic@example.com", "first-password-42");
		this.client.postJson("/api/magic-link", Map.of("email", "twice-magic@example.com"));
		String first = this.outbox.lastLinkTo("twice-magic@example.com");
		this.client.postJson("/api/magic-link", Map.of("email", "twice-magic@example.com"));
		String second = this.outbox.lastLinkTo("twice-magic@example.com");
		assertThat(second).isNotEqualTo(first);

		Browserless early = new Browserless(this.port);
		HttpResponse<String> page = early.get(first);
		assertThat(page.body()).as("its page already says so").contains("does not work").doesNotContain("<form");
		HttpResponse<String> refused = early.postForm("/login/magic",
				Map.of("token", token(first), "_csrf", Browserless.csrfField(early.get("/login").body())));
		assertThat(refused.statusCode()).isEqualTo(302);
		assertThat(refused.headers().firstValue("Location").orElseThrow()).as("the superseded link")
			.contains("/login?error");
		assertThat(early.get("/api/me").statusCode()).isEqualTo(401);

		Browserless late = new Browserless(this.port);
		HttpResponse<String> newer = late.get(second);
		HttpResponse<String> login = late.postForm("/login/magic",
				Map.of("token", token(second), "_csrf", Browserless.csrfField(newer.body())));
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/").doesNotContain("error");
		assertThat(Browserless.json(late.get("/api/me")).get("subject").asString()).isEqualTo("twice-magic@example.com");
	}

	@Test
	void passwordResetWhenASecondLinkIsSentThenTheFirstIsRevokedAndTheSecondWorks() {
		this.users.signUp("twice-reset@example.com", "first-password-42");
		this.client.postJson("/api/password-reset", Map.of("email", "twice-reset@example.com"));
		String first = token(this.outbox.lastLinkTo("twice-reset@example.com"));
		this.client.postJson("/api/password-reset", Map.of("email", "twice-reset@example.com"));
		String second = token(this.outbox.lastLinkTo("twice-reset@example.com"));

		HttpResponse<String> refused = this.client.postJson("/api/password-reset/confirm",
				Map.of("token", first, "password", "second-password-42"));
		assertThat(refused.statusCode()).as("the superseded link").isEqualTo(410);
		assertThat(Browserless.json(refused).get("reason").asString()).isEqualTo("REVOKED");
		assertThat(this.users.matches("twice-reset@example.com", "first-password-42")).isTrue();
		assertThat(this.client.get("/reset-password?token=" + first).statusCode()).as("its page too").isEqualTo(410);
		assertThat(this.client.get("/reset-password?token=" + second).statusCode()).isEqualTo(200);
		assertThat(this.client.postJson("/api/password-reset/confirm",
				Map.of("token", second, "password", "second-password-42")).statusCode()).isEqualTo(204);
		assertThat(this.users.matches("twice-reset@example.com", "second-password-42")).isTrue();
	}

	@Test
	void signupThenTheVerificationLinkVerifiesOnce() {
		assertThat(this.client.postJson("/api/signup", Map.of("email", "new@example.com", "password", "weak"))
			.statusCode()).isEqualTo(400);
		assertThat(this.client.postJson("/api/signup",
				Map.of("email", "new@example.com", "password", "a-good-passphrase-1")).statusCode()).isEqualTo(202);
		assertThat(this.users.find("new@example.com").orElseThrow().emailVerified()).isFalse();
		String link = this.outbox.lastLinkTo("new@example.com");
		assertThat(link).startsWith(Browserless.PUBLIC_BASE + "/verify-email?token=");
		// GET (a mail scanner, a link preview) shows a confirmation page and spends nothing
		HttpResponse<String> page = this.client.get(link);
		HttpResponse<String> scanned = this.client.get(link);
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(scanned.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Verify your address").doesNotContain("Address verified");
		assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
		assertThat(this.users.find("new@example.com").orElseThrow().emailVerified()).isFalse();
		HttpResponse<String> verified = this.client.postForm("/verify-email",
				Map.of("token", token(link), "_csrf", Browserless.csrfField(page.body())));
		assertThat(verified.statusCode()).isEqualTo(200);
		assertThat(verified.body()).contains("Address verified");
		assertThat(this.users.find("new@example.com").orElseThrow().emailVerified()).isTrue();
		assertThat(this.client.postForm("/verify-email",
				Map.of("token", token(link), "_csrf", Browserless.csrfField(page.body()))).statusCode()).isEqualTo(410);
	}

	@Test
	void meAnswersForASessionCookieOrAnApiBearerTokenAndOtherwise401() {
		HttpResponse<String> anonymous = this.client.get("/api/me");
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(Browserless.json(anonymous).get("detail").asString()).contains("session").contains("bearer token");
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying((h) -> assertThat(h).startsWith("Bearer"));
		HttpResponse<String> garbage = this.client.get("/api/me", "Authorization", "Bearer v4.local.garbage");
		assertThat(garbage.statusCode()).isEqualTo(401);
		assertThat(garbage.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");

		Browserless alice = signedInAs("alice@example.com");
		JsonNode me = Browserless.json(alice.get("/api/me"));
		assertThat(me.get("subject").asString()).isEqualTo("alice@example.com");
		assertThat(me.get("authorities").toString()).contains("approvals:create");

		String[] csrf = alice.csrfHeader();
		HttpResponse<String> issued = alice.postJson("/api/tokens", Map.of(), csrf[0], csrf[1]);
		assertThat(issued.statusCode()).isEqualTo(201);
		String api = Browserless.json(issued).get("token").asString();
		JsonNode bearer = Browserless.json(this.client.get("/api/me", "Authorization", "Bearer " + api));
		assertThat(bearer.get("subject").asString()).isEqualTo("alice@example.com");
	}

	@Test
	void approvalsAreCreatedBySignedInUsersAndSpentUpToMaxUses() {
		assertThat(this.client.postJson("/api/approvals", Map.of("action", "deploy", "maxUses", 2)).statusCode())
			.isIn(401, 403);
		Browserless alice = signedInAs("alice@example.com");
		assertThat(alice.postJson("/api/approvals", Map.of("action", "deploy", "maxUses", 2)).statusCode())
			.as("without the CSRF header").isEqualTo(403);
		String[] csrf = alice.csrfHeader();
		HttpResponse<String> created = alice.postJson("/api/approvals", Map.of("action", "deploy", "maxUses", 2),
				csrf[0], csrf[1]);
		assertThat(created.statusCode()).isEqualTo(201);
		JsonNode approval = Browserless.json(created);
		assertThat(approval.get("expiresAt").asString()).isNotBlank();
		String bearer = "Bearer " + approval.get("token").asString();
		HttpResponse<String> first = this.client.postJson("/api/approvals/use", Map.of(), "Authorization", bearer);
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(Browserless.json(first).get("usesLeft").asInt()).isEqualTo(1);
		assertThat(Browserless.json(this.client.postJson("/api/approvals/use", Map.of(), "Authorization", bearer))
			.get("usesLeft").asInt()).isZero();
		assertThat(this.client.postJson("/api/approvals/use", Map.of(), "Authorization", bearer).statusCode())
			.isEqualTo(410);
		assertThat(this.client.postJson("/api/approvals/use", Map.of(), "Authorization", "Bearer nope").statusCode())
			.isIn(400, 401);
		assertThat(this.client.postJson("/api/approvals/use", Map.of(), "Authorization",
				"Bearer " + flipMiddle(approval.get("token").asString())).statusCode()).isIn(400, 401);
	}

	@Test
	void csrfTokenOfASignedInScriptStaysValidAcrossRequests() {
		Browserless alice = signedInAs("alice@example.com");
		String[] csrf = alice.csrfHeader();
		assertThat(alice.get("/api/me").statusCode()).isEqualTo(200);
		for (int i = 0; i < 2; i++) {
			assertThat(alice.postJson("/api/approvals", Map.of("action", "deploy", "maxUses", 1), csrf[0], csrf[1])
				.statusCode()).as("request %d with the same CSRF token", i + 1).isEqualTo(201);
		}
	}

	@Test
	void csrfAnswersTheHeaderNameAndToken() {
		JsonNode csrf = Browserless.json(this.client.get("/api/csrf"));
		assertThat(csrf.get("headerName").asString()).isEqualTo("X-XSRF-TOKEN");
		assertThat(csrf.get("token").asString()).isNotBlank();
	}

	@Test
	void outboxListsMailsNewestLastAndItsPageShowsThem() {
		this.client.postJson("/api/password-reset", Map.of("email", "alice@example.com"));
		JsonNode outbox = Browserless.json(this.client.get("/api/dev/outbox"));
		JsonNode last = outbox.get(outbox.size() - 1);
		assertThat(last.get("to").asString()).isEqualTo("alice@example.com");
		assertThat(last.get("subject").asString()).isEqualTo("Reset your password");
		assertThat(last.get("link").asString()).contains("token=");
		assertThat(last.has("code")).as("a reset mail carries no code, but the field is there").isTrue();
		assertThat(last.get("code").isNull()).isTrue();
		assertThat(last.get("sentAt").asString()).isNotBlank();
		assertThat(this.client.get("/dev/outbox").body()).contains("Reset your password");
	}

	@Test
	void logoutRevokesTheSessionSoACopiedCookieDiesToo() {
		Browserless alice = signedInAs("alice@example.com");
		HttpResponse<String> home = alice.get("/");
		assertThat(home.body()).contains("Signed in as");
		String copy = alice.cookie("TEMPID_SESSION");
		assertThat(new Browserless(this.port).get("/api/me", "Cookie", "TEMPID_SESSION=" + copy).statusCode())
			.as("the copy before logout").isEqualTo(200);
		String[] csrf = alice.csrfHeader();
		HttpResponse<String> logout = alice.postForm("/logout", Map.of("_csrf", csrf[1]));
		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(alice.get("/api/me").statusCode()).isEqualTo(401);
		assertThat(new Browserless(this.port).get("/api/me", "Cookie", "TEMPID_SESSION=" + copy).statusCode())
			.as("the copy after logout").isEqualTo(401);
	}

	@Test
	void revokeAllSessionsSignsTheCallerOutOnEveryDeviceAndClearsTheCookie() {
		this.users.signUp("everywhere@example.com", "first-password-42");
		this.users.signUp("bystander@example.com", "first-password-42");
		Browserless laptop = signedInAs("everywhere@example.com");
		Browserless phone = signedInAs("everywhere@example.com");
		Browserless bystander = signedInAs("bystander@example.com");
		String copy = laptop.cookie("TEMPID_SESSION");

		String[] anonymous = this.client.csrfHeader();
		assertThat(this.client.postJson("/api/sessions/revoke-all", Map.of(), anonymous[0], anonymous[1]).statusCode())
			.as("anonymous").isEqualTo(401);
		assertThat(laptop.postJson("/api/sessions/revoke-all", Map.of()).statusCode()).as("without the CSRF header")
			.isEqualTo(403);
		assertThat(phone.get("/api/me").statusCode()).isEqualTo(200);

		String[] csrf = laptop.csrfHeader();
		HttpResponse<String> revoked = laptop.postJson("/api/sessions/revoke-all", Map.of(), csrf[0], csrf[1]);
		assertThat(revoked.statusCode()).isEqualTo(204);
		assertThat(revoked.headers().allValues("Set-Cookie"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("TEMPID_SESSION=;").contains("Max-Age=0"));
		assertThat(laptop.hasCookie("TEMPID_SESSION")).as("the caller's cookie is cleared").isFalse();
		assertThat(laptop.get("/api/me").statusCode()).isEqualTo(401);
		assertThat(phone.get("/api/me").statusCode()).as("the other device").isEqualTo(401);
		assertThat(new Browserless(this.port).get("/api/me", "Cookie", "TEMPID_SESSION=" + copy).statusCode())
			.as("a copy of the caller's cookie").isEqualTo(401);
		assertThat(bystander.get("/api/me").statusCode()).as("another user").isEqualTo(200);
		assertThat(signedInAs("everywhere@example.com").get("/api/me").statusCode()).as("signing in again")
			.isEqualTo(200);
	}

	@Test
	void revokeAllSessionsWithAnApiBearerTokenSignsTheUserOutEverywhere() {
		this.users.signUp("script@example.com", "first-password-42");
		Browserless browser = signedInAs("script@example.com");
		String[] csrf = browser.csrfHeader();
		String api = Browserless.json(browser.postJson("/api/tokens", Map.of(), csrf[0], csrf[1])).get("token")
			.asString();
		HttpResponse<String> revoked = this.client.postJson("/api/sessions/revoke-all", Map.of(), "Authorization",
				"Bearer " + api);
		assertThat(revoked.statusCode()).isEqualTo(204);
		assertThat(browser.get("/api/me").statusCode()).isEqualTo(401);
		assertThat(this.client.get("/api/me", "Authorization", "Bearer " + api).statusCode())
			.as("bearer tokens are not sessions").isEqualTo(200);
	}

	@Test
	void passwordResetWhenCompletedThenEverySessionOfTheUserEndsAndARefusedPasswordEndsNone() {
		this.users.signUp("reset-sessions@example.com", "first-password-42");
		this.users.signUp("bystander2@example.com", "first-password-42");
		Browserless first = signedInAs("reset-sessions@example.com");
		Browserless second = signedInAs("reset-sessions@example.com");
		Browserless bystander = signedInAs("bystander2@example.com");
		this.client.postJson("/api/password-reset", Map.of("email", "reset-sessions@example.com"));
		String link = token(this.outbox.lastLinkTo("reset-sessions@example.com"));

		assertThat(this.client.postJson("/api/password-reset/confirm", Map.of("token", link, "password", "short"))
			.statusCode()).isEqualTo(400);
		assertThat(first.get("/api/me").statusCode()).as("a refused password ends no session").isEqualTo(200);

		assertThat(this.client.postJson("/api/password-reset/confirm",
				Map.of("token", link, "password", "second-password-42")).statusCode()).isEqualTo(204);
		assertThat(first.get("/api/me").statusCode()).isEqualTo(401);
		assertThat(second.get("/api/me").statusCode()).isEqualTo(401);
		assertThat(bystander.get("/api/me").statusCode()).isEqualTo(200);

		// the reset page does the same
		Browserless third = signedInAs("reset-sessions@example.com");
		this.client.postJson("/api/password-reset", Map.of("email", "reset-sessions@example.com"));
		String pageLink = this.outbox.lastLinkTo("reset-sessions@example.com");
		Browserless resetter = new Browserless(this.port);
		HttpResponse<String> form = resetter.get(pageLink);
		assertThat(form.statusCode()).isEqualTo(200);
		HttpResponse<String> changed = resetter.postForm("/reset-password", Map.of("token", token(pageLink), "password",
				"third-password-42", "_csrf", Browserless.csrfField(form.body())));
		assertThat(changed.statusCode()).isEqualTo(200);
		assertThat(changed.body()).contains("Password changed").contains("signed out");
		assertThat(this.users.matches("reset-sessions@example.com", "third-password-42")).isTrue();
		assertThat(third.get("/api/me").statusCode()).isEqualTo(401);
	}

	@Test
	void actuatorHealthIsUp() {
		assertThat(Browserless.json(this.client.get("/actuator/health")).get("status").asString()).isEqualTo("UP");
	}

	/** One character of the token's body changed (a fixed place: replacing every 'A' may change nothing). */
	private static String flipMiddle(String token) {
		int at = token.length() / 2;
		return token.substring(0, at) + ((token.charAt(at) == 'A') ? 'B' : 'A') + token.substring(at + 1);
	}

}
