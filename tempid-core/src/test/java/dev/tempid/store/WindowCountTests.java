package dev.tempid.store;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** What a store answers to a count: a count from zero, and a retry time that is never nothing. */
class WindowCountTests {

	@Test
	void constructorWhenNothingCountedYetThenAcceptedAndANegativeCountRefused() {
		assertThat(new WindowCount(false, 0, Duration.ofSeconds(3)).count()).isZero();
		assertThatIllegalArgumentException().isThrownBy(() -> new WindowCount(false, -1, Duration.ofSeconds(3)))
			.withMessage("count must not be negative");
	}

	@Test
	void constructorWhenTheWindowHasNoTimeLeftThenRetryAfterIsOneMillisecond() {
		assertThat(new WindowCount(false, 3, Duration.ZERO).retryAfter()).isEqualTo(Duration.ofMillis(1));
		assertThat(new WindowCount(false, 3, Duration.ofSeconds(-2)).retryAfter()).isEqualTo(Duration.ofMillis(1));
		assertThat(new WindowCount(true, 1, Duration.ofNanos(1)).retryAfter()).isEqualTo(Duration.ofNanos(1));
	}

}
