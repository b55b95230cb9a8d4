package dev.tempid;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The builder's range checks, at their edges. */
class TokenServiceBuilderTests {

	private final TokenService.Builder builder = TokenService.builder().localKey(LocalKey.generate());

	@Test
	void leewayWhenBetweenZeroAndFiveMinutesThenKeptOtherwiseRefused() {
		assertThat(this.builder.leeway(Duration.ZERO).build().leeway()).isZero();
		assertThat(this.builder.leeway(Duration.ofMinutes(5)).build().leeway()).isEqualTo(Duration.ofMinutes(5));
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.leeway(Duration.ofMinutes(5).plusNanos(1)))
			.withMessage("leeway must be between 0 and 5 minutes");
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.leeway(Duration.ofNanos(-1)))
			.withMessage("leeway must be between 0 and 5 minutes");
	}

	@Test
	void defaultTtlWhenPositiveThenKeptOtherwiseRefused() {
		assertThat(this.builder.defaultTtl(Duration.ofSeconds(1)).build().defaultTtl()).isEqualTo(Duration.ofSeconds(1));
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.defaultTtl(Duration.ZERO))
			.withMessage("the default ttl must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.defaultTtl(Duration.ofSeconds(-1)))
			.withMessage("the default ttl must be positive");
	}

	@Test
	void maxPayloadSizeWhenBetweenTwoAnd2048ThenKeptOtherwiseRefused() {
		assertThat(this.builder.maxPayloadSize(2).build().maxPayloadSize()).isEqualTo(2);
		assertThat(this.builder.maxPayloadSize(2048).build().maxPayloadSize()).isEqualTo(2048);
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.maxPayloadSize(1))
			.withMessage("maxPayloadSize must be between 2 and 2048 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> this.builder.maxPayloadSize(2049))
			.withMessage("maxPayloadSize must be between 2 and 2048 bytes");
	}

}
