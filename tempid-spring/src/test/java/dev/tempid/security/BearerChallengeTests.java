package dev.tempid.security;

import dev.tempid.Reason;
import dev.tempid.web.TempIdProblemDetails;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.InsufficientAuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RFC 6750 answers both entry points give ({@link TempIdAuthenticationEntryPoint},
 * {@code ServerTempIdAuthenticationEntryPoint}); their own tests check the responses.
 */
class BearerChallengeTests {

	@Test
	void ofWhenNoTokenThen401AndABareChallenge() {
		BearerChallenge answer = BearerChallenge.of(new InsufficientAuthenticationException("none"), null);
		assertThat(answer).isEqualTo(new BearerChallenge(HttpStatus.UNAUTHORIZED, "Bearer", null));
		assertThat(answer.retryAfter()).isFalse();
	}

	@Test
	void ofWhenTheRequestIsMalformedThen400InvalidRequestAfterTheRealm() {
		BearerChallenge answer = BearerChallenge.of(TempIdAuthenticationException.invalidRequest("two tokens"), "api");
		assertThat(answer.status()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(answer.challenge()).isEqualTo("Bearer realm=\"api\", error=\"invalid_request\", "
				+ "error_description=\"The request carries a malformed bearer token or more than one.\"");
		assertThat(answer.reason()).isEqualTo(Reason.MALFORMED);
	}

	@Test
	void ofWhenTheStoreIsUnavailableThen503WithRetryAfterAndNoError() {
		BearerChallenge answer = BearerChallenge
			.of(new TempIdAuthenticationException(Reason.STORE_UNAVAILABLE, "store down"), null);
		assertThat(answer).isEqualTo(new BearerChallenge(HttpStatus.SERVICE_UNAVAILABLE, "Bearer",
				Reason.STORE_UNAVAILABLE));
		assertThat(answer.retryAfter()).isTrue();
	}

	@Test
	void ofWhenTheTokenIsRefusedThen401InvalidTokenWithTheFixedSentenceOfItsReason() {
		BearerChallenge answer = BearerChallenge.of(new TempIdAuthenticationException(Reason.USED_UP, "spent"), null);
		assertThat(answer.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(answer.challenge()).isEqualTo("Bearer error=\"invalid_token\", error_description=\""
				+ TempIdProblemDetails.detail(Reason.USED_UP) + "\"");
		assertThat(answer.retryAfter()).isFalse();
	}

}
