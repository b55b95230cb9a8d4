package dev.tempid.sample.api;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's JSON API (ARCHITECTURE section 7, the samples' READMEs) as a contract,
 * driven over real HTTP against a running sample: only {@link #baseUrl()} says which.
 * sample-app and sample-app-reactive each run it, so the two cannot drift. Mail is read
 * through {@code GET /api/dev/outbox} (the {@code dev} profile). Run it with the sample's
 * link-sending limits off ({@code sample.limits.enabled=false}): it signs alice in more
 * often than they allow ({@link SendLimitsContract} holds the limits).
 */
public abstract class SampleApiContractTests implements SampleApi {

	// ------------------------------------------------------------- password reset

	@Test
	void passwordResetWhenConfirmedThenTokenIsSpentOnceAndARefusedPasswordSpendsNothing() {
		String email = signUp("reset");
		String token = tokenOf(requestReset(email));
		assertThat(confirm(token, "short").status()).isEqualTo(400);
		assertThat(confirm(token, "a much better passphrase").status()).isEqualTo(204);
		// dead twice over: its use is spent, and it was bound to the password it just changed
		SampleClient.Answer again = confirm(token, "another good passphrase");
		assertThat(again.status()).isEqualTo(401);
		assertThat(again.header("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(again.json().get("reason").asString()).isEqualTo("STATE_CHANGED");
	}

	@Test
	void passwordResetWhenAddressIsUnknownThenAcceptedAndNoMail() {
		String nobody = newAddress("nobody");
		assertThat(browser().postJson("/api/password-reset", Map.of("email", nobody)).status()).isEqualTo(202);
		assertThat(mailsTo(nobody)).isZero();
	}

	@Test
	void passwordResetWhenTokenIsTamperedOrMalformedThenUnauthorizedOrBadRequestAndNothingIsSpent() {
		String email = signUp("tamper");
		String token = tokenOf(requestReset(email));
		int at = token.length() / 2;
		String tampered = token.substring(0, at) + ((token.charAt(at) == 'A') ? 'B' : 'A') + token.substring(at + 1);
		SampleClient.Answer refused = confirm(tampered, "a much better passphrase");
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.json().get("reason").asString()).isEqualTo("BAD_SIGNATURE");
		assertThat(confirm("not a token", "a much better passphrase").status()).isEqualTo(400);
		assertThat(confirm(token, "a much better passphrase").status()).isEqualTo(204);
	}

	// ------------------------------------------------------------- magic link, session, bearer

	@Test
	void meWhenNotSignedInThenUnauthorizedWithBearerChallenge() {
		SampleClient.Answer answer = browser().get("/api/me");
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.header("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Bearer"));
	}

	@Test
	void magicLinkWhenOpenedThenConfirmsAndWhenPostedThenSignsInOnce() {
		String link = requestMagicLink(ALICE);
		SampleClient.Answer page = browser().get(link);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Type")).hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		SampleClient browser = browser();
		browser.csrfFromPage(browser.get(link).body());
		assertThat(browser.postForm("/login/magic", Map.of("token", tokenOf(link))).status()).isEqualTo(302);
		SampleClient.Answer me = browser.get("/api/me");
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("subject").asString()).isEqualTo(ALICE);
		// the same link again: back to the login page with an error, and no session
		SampleClient other = browser();
		other.fetchCsrf();
		SampleClient.Answer again = other.postForm("/login/magic", Map.of("token", tokenOf(link)));
		assertThat(again.status()).isEqualTo(302);
		assertThat(again.header("Location")).hasValueSatisfying((location) -> assertThat(location).contains("/login"));
		assertThat(again.header("Location")).hasValueSatisfying((location) -> assertThat(location).contains("error"));
		assertThat(other.get("/api/me").status()).isEqualTo(401);
	}

	@Test
	void magicLinkWhenAddressIsUnknownThenAcceptedAndNoMail() {
		String nobody = newAddress("nobody");
		assertThat(browser().postJson("/api/magic-link", Map.of("email", nobody)).status()).isEqualTo(202);
		assertThat(mailsTo(nobody)).isZero();
	}

	@Test
	void approvalsWhenCreatedBySignedInUserThenUsableExactlyMaxUsesTimes() {
		SampleClient alice = signIn(ALICE);
		SampleClient.Answer created = alice.postJsonWithCsrf("/api/approvals", Map.of("action", "deploy", "maxUses", 2));
		assertThat(created.status()).isEqualTo(201);
		String approval = created.json().get("token").asString();
		assertThat(created.json().get("expiresAt").asString()).isNotEmpty();
		SampleClient script = browser();
		SampleClient.Answer first = script.postWithBearer("/api/approvals/use", approval);
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.json().get("usesLeft").asInt()).isEqualTo(1);
		assertThat(script.postWithBearer("/api/approvals/use", approval).json().get("usesLeft").asInt()).isZero();
		assertThat(script.postWithBearer("/api/approvals/use", approval).status()).isEqualTo(410);
		assertThat(script.postWithBearer("/api/approvals/use", "garbage").status()).isEqualTo(400);
		assertThat(alice.postJson("/api/approvals", Map.of("action", "", "maxUses", 2)).status()).isEqualTo(400);
	}

	@Test
	void approvalsWhenNotSignedInThenRefused() {
		SampleClient stranger = browser();
		assertThat(stranger.postJsonWithCsrf("/api/approvals", Map.of("action", "deploy", "maxUses", 1)).status())
			.isEqualTo(401);
	}

	@Test
	void apiTokenWhenUsedAsBearerThenAuthenticatesWithoutASessionCookieUntilRevoked() {
		SampleClient alice = signIn(ALICE);
		SampleClient.Answer created = alice.postJsonWithCsrf("/api/tokens", Map.of());
		assertThat(created.status()).isEqualTo(201);
		String apiToken = created.json().get("token").asString();
		SampleClient script = browser();
		SampleClient.Answer me = script.getWithBearer("/api/me", apiToken);
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("subject").asString()).isEqualTo(ALICE);
		assertThat(me.setCookies()).noneMatch((cookie) -> cookie.startsWith("TEMPID_SESSION="));
		// another user cannot revoke it; its owner can, and it is refused at once
		SampleClient bob = signIn(signUpAndVerify("bob"));
		assertThat(bob.postJsonWithCsrf("/api/tokens/revoke", Map.of("token", apiToken)).status()).isEqualTo(403);
		assertThat(script.getWithBearer("/api/me", apiToken).status()).isEqualTo(200);
		assertThat(alice.postJsonWithCsrf("/api/tokens/revoke", Map.of("token", apiToken)).status()).isEqualTo(204);
		assertThat(script.getWithBearer("/api/me", apiToken).status()).isEqualTo(401);
	}

	@Test
	void csrfWhenAskedThenTellsTheHeaderAndToken() {
		SampleClient.Answer answer = browser().get("/api/csrf");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().get("headerName").asString()).isEqualTo("X-XSRF-TOKEN");
		assertThat(answer.json().get("token").asString()).isNotEmpty();
	}

	@Test
	void signedInJsonRequestWhenItCarriesNoCsrfTokenThenForbidden() {
		SampleClient alice = signIn(ALICE);
		SampleClient noCsrf = browser();
		noCsrf.copyCookie("TEMPID_SESSION", alice.cookie("TEMPID_SESSION").orElseThrow());
		assertThat(noCsrf.postJson("/api/approvals", Map.of("action", "deploy", "maxUses", 1)).status()).isEqualTo(403);
	}

	@Test
	void signUpWhenVerificationLinkIsOpenedThenItsPageSpendsNothingAndItsPostVerifiesOnce() {
		String email = signUp("verify");
		String link = lastLinkTo(email);
		assertThat(link).contains("/verify-email?token=");
		SampleClient browser = browser();
		SampleClient.Answer page = browser.get(link);
		assertThat(page.status()).isEqualTo(200);
		browser.csrfFromPage(page.body());
		assertThat(browser.postForm("/verify-email", Map.of("token", tokenOf(link))).status()).isEqualTo(200);
		assertThat(browser.postForm("/verify-email", Map.of("token", tokenOf(link))).status()).isEqualTo(410);
	}

	@Test
	void outboxWhenAMailIsSentThenListsItWithItsLink() {
		String email = signUp("outbox");
		var mail = lastMailTo(email);
		assertThat(mail.get("subject").asString()).isNotEmpty();
		assertThat(mail.get("sentAt").asString()).isNotEmpty();
		assertThat(mail.get("link").asString()).contains("token=v4.");
	}

}
