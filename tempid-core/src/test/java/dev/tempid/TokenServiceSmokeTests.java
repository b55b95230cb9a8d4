package dev.tempid;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenServiceSmokeTests {

	@Test
	void consumeWhenSingleUseTokenIsSpentTwiceThenSecondThrowsUsedUp() {
		TokenService tokens = TokenService.builder().localKey(LocalKey.generate()).issuer("app").build();
		IssuedToken token = tokens.issue(TokenRequest.forPurpose("password-reset").subject("user:42").maxUses(1)
			.claim("email", "alice@example.com").permissions("read").build());
		VerifiedToken verified = tokens.verify(token.value(), "password-reset");
		assertThat(verified.subject()).isEqualTo("user:42");
		assertThat(verified.claim("email", String.class)).isEqualTo("alice@example.com");
		assertThat(tokens.consume(token.value(), "password-reset").usesLeft()).isZero();
		assertThatExceptionOfType(TokenUsedUpException.class)
			.isThrownBy(() -> tokens.consume(token.value(), "password-reset"))
			.satisfies((ex) -> assertThat(ex.tokenId()).isEqualTo(token.id()));
		assertThatExceptionOfType(WrongPurposeException.class).isThrownBy(() -> tokens.verify(token.value(), "login"));
	}

	@Test
	void verifyWhenPublicTokenThenVerifierWithOnlyThePublicKeyAccepts() {
		SecretKey signing = SecretKey.generate();
		TokenService issuer = TokenService.builder().signingKey(signing).build();
		TokenService verifier = TokenService.builder().verificationKeys(signing.publicKey()).build();
		IssuedToken token = issuer.issue(TokenRequest.forPurpose("api").subject("svc").build());
		assertThat(token.value()).startsWith("v4.public.");
		assertThat(verifier.verify(token.value(), "api").subject()).isEqualTo("svc");
	}

}
