package dev.tempid.test;

import java.time.Duration;
import java.time.Instant;

import dev.tempid.Expectation;
import dev.tempid.LocalKey;
import dev.tempid.PurposePolicy;
import dev.tempid.StateChangedException;
import dev.tempid.TokenNotYetValidException;
import dev.tempid.TokenService;
import dev.tempid.TokenUsedUpException;
import dev.tempid.VerifiedToken;
import dev.tempid.WrongPurposeException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TestTokensTests {

	private final TokenService tokens = TokenService.builder()
		.localKey(LocalKey.generate())
		.purpose("reset", PurposePolicy.NONE.withMaxUses(1).withTtl(Duration.ofHours(1)).withAudience("mail"))
		.build();

	@Test
	void issueWhenNothingIsSetThenPurposeIsApiWithTheServiceDefaults() {
		VerifiedToken token = this.tokens.verify(TestTokens.with(this.tokens).value(), TestTokens.DEFAULT_PURPOSE);
		assertThat(token.purpose()).isEqualTo("api");
		assertThat(Duration.between(token.issuedAt(), token.expiresAt())).isEqualTo(TokenService.DEFAULT_TTL);
		assertThat(token.maxUses()).isZero();
		assertThatExceptionOfType(WrongPurposeException.class)
			.isThrownBy(() -> this.tokens.verify(TestTokens.with(this.tokens).value(), "reset"));
	}

	@Test
	void issueWhenThePurposeHasAPolicyThenItsDefaultsApplyAsInProduction() {
		String value = TestTokens.with(this.tokens).purpose("reset").subject("user:42").value();
		VerifiedToken token = this.tokens.consume(value, Expectation.purpose("reset").audience("mail"));
		assertThat(token.subject()).isEqualTo("user:42");
		assertThat(Duration.between(token.issuedAt(), token.expiresAt())).isEqualTo(Duration.ofHours(1));
		assertThat(token.maxUses()).isEqualTo(1);
		assertThatExceptionOfType(TokenUsedUpException.class)
			.isThrownBy(() -> this.tokens.consume(value, Expectation.purpose("reset").audience("mail")));
	}

	@Test
	void unlimitedUsesWhenThePurposeHasAUseLimitThenTheTokenHasNone() {
		String value = TestTokens.with(this.tokens).purpose("reset").unlimitedUses().value();
		for (int i = 0; i < 3; i++) {
			assertThat(this.tokens.consume(value, Expectation.purpose("reset").audience("mail")).usesLeft())
				.isEqualTo(VerifiedToken.UNLIMITED);
		}
	}

	@Test
	void settingsWhenGivenThenTheTokenCarriesThem() {
		VerifiedToken token = this.tokens.verify(TestTokens.with(this.tokens)
			.purpose("api")
			.subject("alice")
			.audience("web")
			.ttl(Duration.ofMinutes(2))
			.maxUses(3)
			.permissions("read", "write")
			.claim("email", "alice@example.com")
			.value(), Expectation.purpose("api").audience("web"));
		assertThat(token.subject()).isEqualTo("alice");
		assertThat(token.audience()).isEqualTo("web");
		assertThat(Duration.between(token.issuedAt(), token.expiresAt())).isEqualTo(Duration.ofMinutes(2));
		assertThat(token.maxUses()).isEqualTo(3);
		assertThat(token.permissions()).containsExactly("read", "write");
		assertThat(token.claim("email", String.class)).isEqualTo("alice@example.com");
	}

	@Test
	void requestWhenCustomizedThenTheBuildersOtherSettingsReachTheToken() {
		String bound = TestTokens.with(this.tokens).request((r) -> r.bindTo("hash-1")).value();
		assertThat(this.tokens.verify(bound, Expectation.purpose("api").state("hash-1")).isBound()).isTrue();
		assertThatExceptionOfType(StateChangedException.class)
			.isThrownBy(() -> this.tokens.verify(bound, Expectation.purpose("api").state("hash-2")));
		String later = TestTokens.with(this.tokens)
			.request((r) -> r.notBefore(Instant.now().plus(Duration.ofHours(1))))
			.value();
		assertThatExceptionOfType(TokenNotYetValidException.class).isThrownBy(() -> this.tokens.verify(later, "api"));
	}

	@Test
	void settingsWhenInvalidThenTheBuilderRefusesThemAtOnce() {
		assertThatIllegalArgumentException().isThrownBy(() -> TestTokens.with(this.tokens).maxUses(0))
			.withMessageContaining("maxUses");
		assertThatIllegalArgumentException().isThrownBy(() -> TestTokens.with(this.tokens).purpose(" "))
			.withMessageContaining("purpose");
		assertThatIllegalArgumentException().isThrownBy(() -> TestTokens.with(this.tokens).ttl(Duration.ZERO))
			.withMessageContaining("ttl");
		assertThatIllegalArgumentException().isThrownBy(() -> TestTokens.with(this.tokens).permissions("read", ""))
			.withMessageContaining("permission");
	}

	@Test
	void purposeWhenAnotherSettingCameFirstThenThrows() {
		TestTokens token = TestTokens.with(this.tokens).subject("alice");
		assertThatIllegalStateException().isThrownBy(() -> token.purpose("reset"))
			.withMessageContaining("purpose(...) comes before");
	}

}
