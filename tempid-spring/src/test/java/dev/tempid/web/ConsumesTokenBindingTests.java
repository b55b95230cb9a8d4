package dev.tempid.web;

import java.lang.reflect.Method;
import java.util.Map;

import dev.tempid.LocalKey;
import dev.tempid.MalformedTokenException;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.web.bind.annotation.RequestBody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What both {@code @ConsumesToken} interceptors read from a method
 * ({@link ConsumesTokenInterceptorTests} and {@code ReactiveConsumesTokenTests} spend real
 * tokens through them).
 */
class ConsumesTokenBindingTests {

	private final TokenService tokens = TokenService.builder().localKey(LocalKey.generate()).build();

	@Test
	void ofWhenTheMethodIsAnnotatedThenItsExpectationRefundsAndParameters() throws Exception {
		ConsumesTokenBinding binding = ConsumesTokenBinding.of(method("approve"));
		assertThat(binding.annotation()).isNotNull();
		assertThat(binding.expectation().purpose()).isEqualTo("approve");
		assertThat(binding.expectation().audience()).isEqualTo("back-office");
		assertThat(binding.tokenIndex()).isEqualTo(0);
		assertThat(binding.bodyIndex()).isEqualTo(4);
		assertThat(binding.refundsOn(new IllegalArgumentException())).isTrue();
		assertThat(binding.refundsOn(new NumberFormatException())).as("a subclass").isTrue();
		assertThat(binding.refundsOn(new IllegalStateException())).isFalse();
		assertThat(binding.description()).contains("approve(");
	}

	@Test
	void ofWhenTheMethodIsNotAnnotatedThenNothingToSpend() throws Exception {
		ConsumesTokenBinding binding = ConsumesTokenBinding.of(method("plain"));
		assertThat(binding.annotation()).isNull();
		assertThat(binding.tokenIndex()).isEqualTo(-1);
		assertThat(binding.bodyIndex()).isEqualTo(-1);
		assertThat(binding.refundsOn(new IllegalArgumentException())).isFalse();
		assertThatIllegalStateException().isThrownBy(binding::expectation);
	}

	@Test
	void fillWhenTheTokenCarriesTheClaimsThenEveryTokenArgumentIsSet() throws Exception {
		VerifiedToken token = token(TokenRequest.forPurpose("approve").subject("alice").claim("amount", 42));
		@Nullable Object[] arguments = { "value", null, 0, null, Map.of() };
		ConsumesTokenBinding.of(method("approve")).fill(arguments, token);
		assertThat(arguments).containsExactly("value", "alice", 42, token, Map.of());
	}

	@Test
	void fillWhenAPrimitiveClaimIsMissingThenMalformed() throws Exception {
		VerifiedToken token = token(TokenRequest.forPurpose("approve").subject("alice"));
		assertThatExceptionOfType(MalformedTokenException.class)
			.isThrownBy(() -> ConsumesTokenBinding.of(method("approve")).fill(new Object[5], token))
			.withMessageContaining("lacks the claim 'amount'");
	}

	@Test
	void fillWhenAClaimHasTheWrongTypeThenMalformed() throws Exception {
		VerifiedToken token = token(TokenRequest.forPurpose("approve").subject("alice").claim("amount", "many"));
		assertThatExceptionOfType(MalformedTokenException.class)
			.isThrownBy(() -> ConsumesTokenBinding.of(method("approve")).fill(new Object[5], token))
			.withMessageContaining("wrong type");
	}

	private VerifiedToken token(TokenRequest.Builder request) {
		return this.tokens.inspect(this.tokens.issue(request.build()).value());
	}

	private static Method method(String name) {
		for (Method method : Methods.class.getDeclaredMethods()) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new IllegalArgumentException(name);
	}

	static class Methods {

		@ConsumesToken(purpose = "approve", audience = "back-office", refundOn = IllegalArgumentException.class)
		String approve(@TokenValue String token, @TokenSubject String subject, @TokenClaim("amount") int amount,
				VerifiedToken verified, @RequestBody Map<String, Object> body) {
			return subject;
		}

		String plain(String text) {
			return text;
		}

	}

}
