package dev.tempid.sample.api;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A second magic link or reset link for the same user supersedes the first (issue 12). */
public interface SupersedeContract extends SampleApi {

	@Test
	default void magicLinkWhenASecondIsMailedThenTheFirstNoLongerSignsIn() {
		String user = signUpAndVerify("second-link");
		String first = requestMagicLink(user);
		String second = requestMagicLink(user);
		SampleClient browser = browser();
		browser.fetchCsrf();
		SampleClient.Answer refused = browser.postForm("/login/magic", Map.of("token", tokenOf(first)));
		assertThat(refused.status()).isEqualTo(302);
		assertThat(refused.header("Location")).hasValueSatisfying((location) -> assertThat(location).contains("error"));
		assertThat(browser.postForm("/login/magic", Map.of("token", tokenOf(second))).status()).isEqualTo(302);
		assertThat(browser.get("/api/me").status()).isEqualTo(200);
	}

	@Test
	default void passwordResetWhenASecondLinkIsMailedThenTheFirstIsRevoked() {
		String user = signUpAndVerify("second-reset");
		String first = tokenOf(requestReset(user));
		String second = tokenOf(requestReset(user));
		SampleClient.Answer refused = confirm(first, "a much better passphrase");
		assertThat(refused.status()).isEqualTo(410);
		assertThat(refused.json().get("reason").asString()).isEqualTo("REVOKED");
		assertThat(confirm(second, "a much better passphrase").status()).isEqualTo(204);
	}

}
