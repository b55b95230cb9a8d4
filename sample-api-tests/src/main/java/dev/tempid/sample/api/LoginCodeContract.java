package dev.tempid.sample.api;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login codes (issue 12): the magic-link mail (and the outbox) carries a 6-digit code
 * that shares the link's single use; {@code POST /api/login/code} {@code {"email","code"}}
 * answers 204 with the session cookie, 401 for a wrong code (an unknown address answers
 * alike), 410 once 5 wrong codes were tried (the link dies too), and whichever of link
 * and code is used first ends both.
 */
public interface LoginCodeContract extends SampleApi {

	/** The code of the newest mail to an address. */
	default String lastCodeTo(String email) {
		JsonNode code = lastMailTo(email).get("code");
		assertThat(code).as("the mail's code").isNotNull();
		assertThat(code.asString()).matches("[0-9]{6}");
		return code.asString();
	}

	default SampleClient.Answer tryCode(SampleClient browser, String email, String code) {
		return browser.postJson("/api/login/code", Map.of("email", email, "code", code));
	}

	default String wrong(String code) {
		return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
	}

	@Test
	default void codeWhenRightThenSignsInAndTheLinkIsSpent() {
		String user = signUpAndVerify("code");
		String link = requestMagicLink(user);
		SampleClient browser = browser();
		SampleClient.Answer signedIn = tryCode(browser, user, lastCodeTo(user));
		assertThat(signedIn.status()).isEqualTo(204);
		assertThat(browser.cookie("TEMPID_SESSION")).isPresent();
		SampleClient.Answer me = browser.get("/api/me");
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("subject").asString()).isEqualTo(user);
		SampleClient other = browser();
		other.fetchCsrf();
		SampleClient.Answer linkAfter = other.postForm("/login/magic", Map.of("token", tokenOf(link)));
		assertThat(linkAfter.header("Location")).hasValueSatisfying((location) -> assertThat(location).contains("error"));
		assertThat(tryCode(browser(), user, lastCodeTo(user)).status()).isEqualTo(410);
	}

	@Test
	default void codeWhenTheLinkWasUsedFirstThenGone() {
		String user = signUpAndVerify("link-first");
		String code;
		SampleClient browser = browser();
		String link = requestMagicLink(user);
		code = lastCodeTo(user);
		browser.csrfFromPage(browser.get(link).body());
		assertThat(browser.postForm("/login/magic", Map.of("token", tokenOf(link))).status()).isEqualTo(302);
		SampleClient.Answer late = tryCode(browser(), user, code);
		assertThat(late.status()).isEqualTo(410);
		assertThat(late.json().get("reason").asString()).isEqualTo("USED_UP");
	}

	@Test
	default void codeWhenWrongFiveTimesThenTheCodeAndTheLinkAreDead() {
		String user = signUpAndVerify("brute");
		String link = requestMagicLink(user);
		String code = lastCodeTo(user);
		for (int i = 1; i < 5; i++) {
			SampleClient.Answer wrong = tryCode(browser(), user, wrong(code));
			assertThat(wrong.status()).as("wrong code %d", i).isEqualTo(401);
			assertThat(wrong.json().get("reason").asString()).isEqualTo("WRONG_CODE");
		}
		assertThat(tryCode(browser(), user, wrong(code)).status()).as("the fifth wrong code").isEqualTo(410);
		assertThat(tryCode(browser(), user, code).status()).as("the right code, too late").isEqualTo(410);
		SampleClient browser = browser();
		browser.fetchCsrf();
		SampleClient.Answer deadLink = browser.postForm("/login/magic", Map.of("token", tokenOf(link)));
		assertThat(deadLink.header("Location")).hasValueSatisfying((location) -> assertThat(location).contains("error"));
	}

	@Test
	default void codeWhenTheAddressIsUnknownOrAnotherUsersThenAnsweredLikeAWrongCode() {
		String alice = signUpAndVerify("alice");
		String bob = signUpAndVerify("bob");
		requestMagicLink(alice);
		String aliceCode = lastCodeTo(alice);
		requestMagicLink(bob);
		String bobCode = lastCodeTo(bob);
		SampleClient.Answer unknown = tryCode(browser(), newAddress("nobody"), aliceCode);
		SampleClient.Answer wrong = tryCode(browser(), alice, wrong(aliceCode));
		assertThat(unknown.status()).isEqualTo(wrong.status()).isEqualTo(401);
		assertThat(unknown.json().get("reason").asString()).isEqualTo(wrong.json().get("reason").asString());
		assertThat(unknown.json().get("detail").asString()).isEqualTo(wrong.json().get("detail").asString());
		if (!aliceCode.equals(bobCode)) {
			assertThat(tryCode(browser(), bob, aliceCode).status()).isEqualTo(401);
		}
		assertThat(tryCode(browser(), alice, aliceCode).status()).isEqualTo(204);
		assertThat(tryCode(browser(), bob, bobCode).status()).isEqualTo(204);
	}

	@Test
	default void codeWhenTheRequestIsMalformedThenBadRequest() {
		assertThat(browser().postJson("/api/login/code", Map.of("email", "x@example.com")).status()).isEqualTo(400);
	}

}
