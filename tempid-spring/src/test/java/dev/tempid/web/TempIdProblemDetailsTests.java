package dev.tempid.web;

import java.net.URI;
import java.time.Duration;

import dev.tempid.TokenUsedUpException;
import dev.tempid.TooManyIssuedException;
import dev.tempid.WrongCodeException;
import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

class TempIdProblemDetailsTests {

	@Test
	void forExceptionWhenALoginCodeIsWrongThenTheProblemIs401WithTheTriesLeftAndNoCode() {
		ProblemDetail problem = TempIdProblemDetails.forException(
				new WrongCodeException("the login code 123456 does not match", 3), URI.create("/api/login/code"));
		assertThat(problem.getStatus()).isEqualTo(401);
		assertThat(problem.getProperties()).containsEntry("reason", "WRONG_CODE").containsEntry("triesLeft", 3);
		assertThat(problem.getDetail()).isEqualTo("The code does not match.").doesNotContain("123456");
	}

	@Test
	void forExceptionWhenTheReasonIsAnotherThenNoTriesLeftAreAdded() {
		assertThat(TempIdProblemDetails.forException(new TokenUsedUpException("used", "id"), null).getProperties())
			.containsEntry("reason", "USED_UP")
			.doesNotContainKey("triesLeft");
		assertThat(TempIdProblemDetails
			.forException(new TooManyIssuedException("too many", Duration.ofSeconds(90)), null)
			.getProperties()).containsEntry("retryAfter", 90L).doesNotContainKey("triesLeft");
	}

}
