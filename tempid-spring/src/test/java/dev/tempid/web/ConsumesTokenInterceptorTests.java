package dev.tempid.web;

import dev.tempid.LocalKey;
import dev.tempid.MalformedTokenException;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.TokenUsedUpException;
import dev.tempid.VerifiedToken;
import dev.tempid.WrongPurposeException;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code @ConsumesToken} on a plain Spring bean, outside any web request.
 */
class ConsumesTokenInterceptorTests {

	@Test
	void serviceMethodSpendsTokenValueAndReceivesClaims() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Config.class)) {
			TokenService tokens = context.getBean(TokenService.class);
			Approvals approvals = context.getBean(Approvals.class);
			String token = tokens.issue(TokenRequest.forPurpose("approve").subject("alice").maxUses(1).claim("amount", 42).build())
				.value();
			assertThat(approvals.approve(token, null, 0, null)).isEqualTo("alice:42");
			assertThatExceptionOfType(TokenUsedUpException.class).isThrownBy(() -> approvals.approve(token, null, 0, null));
		}
	}

	@Test
	void invokeWhenTheServiceMethodThrowsAnUnlistedExceptionThenTheUseStaysSpent() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Config.class)) {
			TokenService tokens = context.getBean(TokenService.class);
			String token = tokens.issue(TokenRequest.forPurpose("approve").subject("bob").maxUses(1).build()).value();
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> context.getBean(Approvals.class).transfer(token));
			assertThat(tokens.usage(token, "approve").used()).isEqualTo(1);
		}
	}

	@Test
	void invokeWhenTheServiceMethodThrowsAListedExceptionThenRefundsTheUse() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Config.class)) {
			TokenService tokens = context.getBean(TokenService.class);
			Approvals approvals = context.getBean(Approvals.class);
			String token = tokens.issue(TokenRequest.forPurpose("approve").subject("bob").maxUses(1).claim("amount", -1).build())
				.value();
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> approvals.approve(token, null, 0, null));
			assertThat(tokens.usage(token, "approve").used()).isZero();
		}
	}

	@Test
	void missingRequiredClaimIsMalformedAndRefunded() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Config.class)) {
			TokenService tokens = context.getBean(TokenService.class);
			String token = tokens.issue(TokenRequest.forPurpose("approve").subject("carol").maxUses(1).build()).value();
			assertThatExceptionOfType(MalformedTokenException.class)
				.isThrownBy(() -> context.getBean(Approvals.class).approve(token, null, 0, null));
			assertThat(tokens.usage(token, "approve").used()).isZero();
		}
	}

	@Test
	void wrongPurposeAndMissingTokenAreRefused() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Config.class)) {
			TokenService tokens = context.getBean(TokenService.class);
			Approvals approvals = context.getBean(Approvals.class);
			String other = tokens.issue(TokenRequest.forPurpose("other").subject("x").build()).value();
			assertThatExceptionOfType(WrongPurposeException.class).isThrownBy(() -> approvals.approve(other, null, 0, null));
			assertThatExceptionOfType(MalformedTokenException.class).isThrownBy(() -> approvals.approve(null, null, 0, null));
		}
	}

	@Test
	void withoutTokenValueOutsideARequestTheMisconfigurationIsReported() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Config.class)) {
			assertThatIllegalStateException().isThrownBy(() -> context.getBean(Approvals.class).fromRequest())
				.withMessageContaining("@TokenValue");
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

		@Bean
		static ConsumesTokenBeanPostProcessor consumesTokenBeanPostProcessor() {
			return new ConsumesTokenBeanPostProcessor();
		}

		@Bean
		TokenService tokenService() {
			return TokenService.builder().localKey(LocalKey.generate()).build();
		}

		@Bean
		Approvals approvals() {
			return new Approvals();
		}

	}

	static class Approvals {

		@ConsumesToken(purpose = "approve", refundOn = IllegalArgumentException.class)
		String approve(@TokenValue String token, @TokenSubject String subject, @TokenClaim("amount") int amount,
				VerifiedToken verified) {
			if (amount < 0) {
				throw new IllegalArgumentException("negative amount");
			}
			assertThat(verified.subject()).isEqualTo(subject);
			return subject + ":" + amount;
		}

		@ConsumesToken(purpose = "approve", refundOn = IllegalArgumentException.class)
		String transfer(@TokenValue String token) {
			throw new IllegalStateException("failed after the transfer");
		}

		@ConsumesToken(purpose = "approve")
		String fromRequest() {
			return "never";
		}

	}

}
