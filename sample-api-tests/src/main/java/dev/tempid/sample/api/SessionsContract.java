package dev.tempid.sample.api;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign out everywhere (issue 12): {@code POST /api/sessions/revoke-all} ends every
 * session of the signed-in user, on every device and instance, copies of the cookie
 * included; a completed password reset does the same. Other users keep theirs.
 */
public interface SessionsContract extends SampleApi {

	@Test
	default void revokeAllWhenCalledThenEverySessionOfTheUserEndsAndOthersStay() {
		String user = signUpAndVerify("everywhere");
		SampleClient laptop = signIn(user);
		SampleClient phone = signIn(user);
		SampleClient stolen = browser();
		stolen.copyCookie("TEMPID_SESSION", laptop.cookie("TEMPID_SESSION").orElseThrow());
		SampleClient bob = signIn(signUpAndVerify("bystander"));
		SampleClient.Answer revoked = laptop.postJsonWithCsrf("/api/sessions/revoke-all", Map.of());
		assertThat(revoked.status()).isEqualTo(204);
		assertThat(revoked.clearsCookie("TEMPID_SESSION")).as("the caller's cookie is cleared").isTrue();
		for (SampleClient device : new SampleClient[] { phone, stolen }) {
			assertThat(device.get("/api/me").status()).isEqualTo(401);
		}
		assertThat(bob.get("/api/me").status()).isEqualTo(200);
		// signing in again works
		assertThat(signIn(user).get("/api/me").status()).isEqualTo(200);
	}

	@Test
	default void revokeAllWhenNotSignedInThenUnauthorized() {
		SampleClient stranger = browser();
		assertThat(stranger.postJsonWithCsrf("/api/sessions/revoke-all", Map.of()).status()).isEqualTo(401);
	}

	@Test
	default void passwordResetWhenCompletedThenEverySessionOfTheUserEnds() {
		String user = signUpAndVerify("reset-ends");
		SampleClient session = signIn(user);
		SampleClient bob = signIn(signUpAndVerify("bystander"));
		String token = tokenOf(requestReset(user));
		assertThat(confirm(token, "a brand new passphrase").status()).isEqualTo(204);
		assertThat(session.get("/api/me").status()).isEqualTo(401);
		assertThat(bob.get("/api/me").status()).isEqualTo(200);
	}

}
