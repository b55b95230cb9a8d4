package dev.tempid.sample;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import dev.tempid.TokenService;
import dev.tempid.sample.mail.Mail;
import dev.tempid.sample.mail.OutboxMailSender;
import dev.tempid.sample.users.UserService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login codes over real HTTP: the 6-digit code mailed beside the magic link signs in at
 * {@code POST /api/login/code} and on the code page, shares the link's single use, dies
 * with its link after five wrong tries, never works for another user, and answers an
 * unknown address exactly as a wrong code.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { Browserless.BASE_URL_PROPERTY, "sample.limits.enabled=false" })
@ActiveProfiles("dev")
class SampleLoginCodeTests {

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

	@Test
	void codeWhenRightThenAnswers204WithTheSessionCookieOfAMagicLinkLogin() {
		String email = newUser();
		Mail mail = askForLink(email);
		assertThat(mail.code()).matches("[0-9]{6}");
		JsonNode outbox = Browserless.json(this.client.get("/api/dev/outbox"));
		JsonNode last = outbox.get(outbox.size() - 1);
		assertThat(last.get("to").asString()).isEqualTo(email);
		assertThat(last.get("code").asString()).isEqualTo(mail.code());
		assertThat(this.client.get("/dev/outbox").body()).contains(mail.code());

		Browserless browser = new Browserless(this.port);
		HttpResponse<String> signIn = browser.postJson("/api/login/code", Map.of("email", email, "code", mail.code()));
		assertThat(signIn.statusCode()).isEqualTo(204);
		assertThat(browser.hasCookie("TEMPID_SESSION")).isTrue();
		JsonNode me = Browserless.json(browser.get("/api/me"));
		assertThat(me.get("subject").asString()).isEqualTo(email);

		// the same session as a magic link gives: same subject and authorities, and it signs out
		Browserless linked = new Browserless(this.port);
		Mail other = askForLink(email);
		HttpResponse<String> page = linked.get(other.link());
		assertThat(linked.postForm("/login/magic", Map.of("token", token(other.link()), "_csrf",
				Browserless.csrfField(page.body()))).statusCode()).isEqualTo(302);
		assertThat(Browserless.json(linked.get("/api/me"))).isEqualTo(me);
		String copy = browser.cookie("TEMPID_SESSION");
		String[] csrf = browser.csrfHeader();
		assertThat(browser.postJson("/api/approvals", Map.of("action", "deploy", "maxUses", 1), csrf[0], csrf[1])
			.statusCode()).isEqualTo(201);
		assertThat(browser.postForm("/logout", Map.of("_csrf", csrf[1])).statusCode()).isEqualTo(302);
		assertThat(new Browserless(this.port).get("/api/me", "Cookie", "TEMPID_SESSION=" + copy).statusCode())
			.as("a copy of the cookie after logout").isEqualTo(401);
	}

	@Test
	void codeWhenWrongThenAnswers401WithTheTriesLeftAndTheRightCodeStillWorks() {
		String email = newUser();
		Mail mail = askForLink(email);
		HttpResponse<String> wrong = tryCode(this.client, email, wrong(mail.code()));
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
		JsonNode problem = Browserless.json(wrong);
		assertThat(problem.get("reason").asString()).isEqualTo("WRONG_CODE");
		assertThat(problem.get("triesLeft").asInt()).isEqualTo(TokenService.MAX_CODE_TRIES - 1);
		assertThat(wrong.body()).doesNotContain(mail.code());
		assertThat(this.client.hasCookie("TEMPID_SESSION")).isFalse();
		assertThat(tryCode(this.client, " " + email.toUpperCase() + " ", mail.code()).statusCode())
			.as("the address as the user types it").isEqualTo(204);
	}

	@Test
	void codeWhenFiveWrongCodesWereTriedThenAnswers410AndTheLinkIsDeadToo() {
		String email = newUser();
		Mail mail = askForLink(email);
		for (int left = TokenService.MAX_CODE_TRIES - 1; left > 0; left--) {
			HttpResponse<String> wrong = tryCode(this.client, email, wrong(mail.code()));
			assertThat(wrong.statusCode()).isEqualTo(401);
			assertThat(Browserless.json(wrong).get("triesLeft").asInt()).isEqualTo(left);
		}
		HttpResponse<String> fifth = tryCode(this.client, email, wrong(mail.code()));
		assertThat(fifth.statusCode()).isEqualTo(410);
		assertThat(Browserless.json(fifth).get("reason").asString()).isEqualTo("REVOKED");
		assertThat(tryCode(this.client, email, mail.code()).statusCode()).as("the right code, now").isEqualTo(410);
		assertThat(this.client.hasCookie("TEMPID_SESSION")).isFalse();
		assertLinkRefused(mail);
	}

	@Test
	void codeWhenTheLinkWasUsedFirstThenAnswers410() {
		String email = newUser();
		Mail mail = askForLink(email);
		Browserless linked = new Browserless(this.port);
		HttpResponse<String> page = linked.get(mail.link());
		HttpResponse<String> login = linked.postForm("/login/magic",
				Map.of("token", token(mail.link()), "_csrf", Browserless.csrfField(page.body())));
		assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/").doesNotContain("error");
		HttpResponse<String> code = tryCode(this.client, email, mail.code());
		assertThat(code.statusCode()).isEqualTo(410);
		assertThat(Browserless.json(code).get("reason").asString()).isEqualTo("USED_UP");
		assertThat(this.client.get("/api/me").statusCode()).isEqualTo(401);
	}

	@Test
	void linkWhenTheCodeWasUsedFirstThenDoesNotSignIn() {
		String email = newUser();
		Mail mail = askForLink(email);
		assertThat(tryCode(this.client, email, mail.code()).statusCode()).isEqualTo(204);
		assertThat(tryCode(new Browserless(this.port), email, mail.code()).statusCode()).as("the code again")
			.isEqualTo(410);
		assertLinkRefused(mail);
	}

	@Test
	void codeWhenANewerLinkWasSentThenTheOlderCodeNoLongerWorksAndTheNewerDoes() {
		String email = newUser();
		Mail older = askForLink(email);
		Mail newer = askForLink(email);
		if (older.code().equals(newer.code())) {
			newer = askForLink(email);
		}
		assertThat(tryCode(this.client, email, older.code()).statusCode()).isEqualTo(401);
		assertThat(tryCode(this.client, email, newer.code()).statusCode()).isEqualTo(204);
		assertLinkRefused(older);
	}

	@Test
	void codeWhenTheAddressIsUnknownThenAnswersExactlyAsAWrongCodeForAKnownOneUntilTheTriesAreSpent() {
		String known = newUser();
		String unknown = "nobody-" + UUID.randomUUID() + "@example.com";
		// neither has asked for a link: no code is held for either
		assertSameAnswer(tryCode(this.client, known, "123456"), tryCode(this.client, unknown, "123456"));
		Mail mail = askForLink(known);
		int mails = this.outbox.mails().size();
		assertThat(this.client.postJson("/api/magic-link", Map.of("email", unknown)).statusCode()).isEqualTo(202);
		assertThat(this.outbox.mails()).as("nothing is mailed to an unknown address").hasSize(mails);
		for (int i = 0; i < TokenService.MAX_CODE_TRIES + 1; i++) {
			HttpResponse<String> knownAnswer = tryCode(this.client, known, wrong(mail.code()));
			HttpResponse<String> unknownAnswer = tryCode(this.client, unknown, wrong(mail.code()));
			assertThat(knownAnswer.statusCode()).isEqualTo((i < TokenService.MAX_CODE_TRIES - 1) ? 401 : 410);
			assertSameAnswer(knownAnswer, unknownAnswer);
		}
		// an address no account can have answers as a wrong code; a missing one is a malformed request
		assertThat(tryCode(this.client, "x".repeat(300), "123456").statusCode()).isEqualTo(401);
		assertThat(tryCode(this.client, "", "123456").statusCode()).isEqualTo(400);
	}

	@Test
	void codeWhenItIsAnotherUsersThenNeverSignsInAndBothStillWorkForTheirOwner() {
		String alice = newUser();
		String bob = newUser();
		Mail aliceMail = askForLink(alice);
		Mail bobMail = askForLink(bob);
		while (bobMail.code().equals(aliceMail.code())) {
			bobMail = askForLink(bob);
		}
		HttpResponse<String> crossed = tryCode(this.client, bob, aliceMail.code());
		assertThat(crossed.statusCode()).isEqualTo(401);
		assertThat(Browserless.json(crossed).get("reason").asString()).isEqualTo("WRONG_CODE");
		assertThat(tryCode(this.client, alice, bobMail.code()).statusCode()).isEqualTo(401);
		assertThat(this.client.get("/api/me").statusCode()).isEqualTo(401);

		Browserless asAlice = new Browserless(this.port);
		assertThat(tryCode(asAlice, alice, aliceMail.code()).statusCode()).isEqualTo(204);
		assertThat(Browserless.json(asAlice.get("/api/me")).get("subject").asString()).isEqualTo(alice);
		Browserless asBob = new Browserless(this.port);
		assertThat(tryCode(asBob, bob, bobMail.code()).statusCode()).isEqualTo(204);
		assertThat(Browserless.json(asBob.get("/api/me")).get("subject").asString()).isEqualTo(bob);
	}

	@Test
	void codeWhenPostedAsAFormCouldBeCrossSiteThenIsNotReadAndSignsNobodyIn() {
		String email = newUser();
		Mail mail = askForLink(email);
		// what a cross-site form can send: no JSON body, so no sign-in
		HttpResponse<String> form = this.client.postForm("/api/login/code", Map.of("email", email, "code", mail.code()));
		assertThat(form.statusCode()).isEqualTo(415);
		assertThat(this.client.hasCookie("TEMPID_SESSION")).isFalse();
		assertThat(tryCode(this.client, email, mail.code()).statusCode()).as("the code was not spent").isEqualTo(204);
	}

	@Test
	void codeWhenItSignsInThenTheCsrfTokenIsReplacedAsAtEveryLogin() {
		String email = newUser();
		Mail mail = askForLink(email);
		String before = this.client.csrfHeader()[1];
		HttpResponse<String> signIn = tryCode(this.client, email, mail.code());
		assertThat(signIn.statusCode()).isEqualTo(204);
		assertThat(signIn.headers().allValues("Set-Cookie")).anySatisfy((cookie) -> assertThat(cookie)
			.startsWith("XSRF-TOKEN=;").contains("Expires=Thu, 01 Jan 1970"));
		String[] after = this.client.csrfHeader();
		assertThat(after[1]).isNotEqualTo(before);
		assertThat(this.client.postJson("/api/approvals", Map.of("action", "deploy", "maxUses", 1), after[0], after[1])
			.statusCode()).isEqualTo(201);
	}

	@Test
	void codePageShowsTheFormAndSignsInThenGoesHome() {
		String email = newUser();
		Mail mail = askForLink(email);
		Browserless browser = new Browserless(this.port);
		HttpResponse<String> page = browser.get("/login/code");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("Sign in with a code").contains("name=\"code\"");
		HttpResponse<String> noCsrf = browser.postForm("/login/code", Map.of("email", email, "code", mail.code()));
		assertThat(noCsrf.statusCode()).as("the page's form needs its CSRF token").isEqualTo(403);

		HttpResponse<String> wrong = browser.postForm("/login/code",
				Map.of("email", email, "code", wrong(mail.code()), "_csrf", Browserless.csrfField(page.body())));
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.body()).contains("does not match").contains("4 tries left").doesNotContain(mail.code());
		HttpResponse<String> signIn = browser.postForm("/login/code",
				Map.of("email", email, "code", mail.code(), "_csrf", Browserless.csrfField(wrong.body())));
		assertThat(signIn.statusCode()).isEqualTo(302);
		assertThat(signIn.headers().firstValue("Location").orElseThrow()).endsWith("/");
		assertThat(browser.get("/").body()).contains("Signed in as").contains(email);

		Browserless late = new Browserless(this.port);
		HttpResponse<String> again = late.get("/login/code?email=" + email);
		assertThat(again.body()).contains("value=\"" + email + "\"");
		HttpResponse<String> spent = late.postForm("/login/code",
				Map.of("email", email, "code", mail.code(), "_csrf", Browserless.csrfField(again.body())));
		assertThat(spent.statusCode()).isEqualTo(410);
		assertThat(spent.body()).contains("does not work any more");
	}

	@Test
	void loginPageLinksTheCodePage() {
		assertThat(this.client.get("/login").body()).contains("/login/code");
	}

	private String newUser() {
		String email = "code-" + UUID.randomUUID() + "@example.com";
		assertThat(this.users.signUp(email, "first-password-42")).isPresent();
		return email;
	}

	private Mail askForLink(String email) {
		assertThat(this.client.postJson("/api/magic-link", Map.of("email", email)).statusCode()).isEqualTo(202);
		return this.outbox.lastMailTo(email);
	}

	private static HttpResponse<String> tryCode(Browserless client, String email, String code) {
		return client.postJson("/api/login/code", Map.of("email", email, "code", code));
	}

	/** A code that is not this one. */
	private static String wrong(String code) {
		return code.equals("000000") ? "111111" : "000000";
	}

	private void assertLinkRefused(Mail mail) {
		Browserless browser = new Browserless(this.port);
		HttpResponse<String> login = browser.postForm("/login/magic",
				Map.of("token", token(mail.link()), "_csrf", Browserless.csrfField(browser.get("/login/code").body())));
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location").orElseThrow()).contains("/login?error");
		assertThat(browser.get("/api/me").statusCode()).isEqualTo(401);
	}

	private static void assertSameAnswer(HttpResponse<String> known, HttpResponse<String> unknown) {
		assertThat(unknown.statusCode()).isEqualTo(known.statusCode());
		assertThat(unknown.body()).isEqualTo(known.body());
		assertThat(unknown.headers().firstValue("WWW-Authenticate"))
			.isEqualTo(known.headers().firstValue("WWW-Authenticate"));
		assertThat(unknown.headers().firstValue("Content-Type")).isEqualTo(known.headers().firstValue("Content-Type"));
	}

	private static String token(String link) {
		return link.substring(link.indexOf("token=") + 6);
	}

}
