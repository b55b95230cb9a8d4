package dev.tempid;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.tempid.store.InMemoryUseStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IssueLimitTests {

	@Test
	void valueOfWhenCountPerDurationThenParses() {
		assertThat(IssueLimit.valueOf("3 per 15m")).isEqualTo(new IssueLimit(3, Duration.ofMinutes(15)));
		assertThat(IssueLimit.valueOf(" 100  PER 1h ")).isEqualTo(new IssueLimit(100, Duration.ofHours(1)));
		assertThat(IssueLimit.valueOf("5 per PT30S")).isEqualTo(new IssueLimit(5, Duration.ofSeconds(30)));
	}

	@Test
	void toStringWhenPrintedThenReadsBackTheSame() {
		for (String text : new String[] { "3 per 15m", "1 per 1d", "7 per 90s", "2 per 2h" }) {
			assertThat(IssueLimit.valueOf(text)).hasToString(text);
			assertThat(IssueLimit.valueOf(IssueLimit.valueOf(text).toString())).isEqualTo(IssueLimit.valueOf(text));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "3", "3 per", "per 15m", "three per 15m", "3 every 15m", "0 per 15m", "-1 per 15m",
			"3 per 0s", "3 per 500ms", "3 per fortnight", "3 per 15m extra" })
	void valueOfWhenMalformedThenFailsShowingTheExpectedForm(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> IssueLimit.valueOf(text))
			.withMessageContaining("for example '3 per 15m'");
	}

	@Test
	void keyWhenSubjectIsAnAddressThenTheStoreNeverSeesIt() {
		String key = IssueLimiter.key("magic-link", "alice@example.com");
		assertThat(key).startsWith("#").hasSize(44).doesNotContain("alice");
		assertThat(IssueLimiter.key("magic-link", "alice@example.com")).isEqualTo(key);
		assertThat(IssueLimiter.key("password-reset", "alice@example.com")).isNotEqualTo(key);
		// the separator keeps (a, bc) and (ab, c) apart
		assertThat(IssueLimiter.key("a", "bc")).isNotEqualTo(IssueLimiter.key("ab", "c"));
	}


	@Test
	void constructorWhenTheSmallestLimitThenAcceptedAndBelowItRefused() {
		assertThat(new IssueLimit(1, Duration.ofSeconds(1))).hasToString("1 per 1s");
		assertThatIllegalArgumentException().isThrownBy(() -> new IssueLimit(0, Duration.ofSeconds(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> new IssueLimit(1, Duration.ofMillis(999)));
	}

	@Test
	void acquireWhenTheLimitIsReachedThenRetryAfterIsRoundedUpToWholeSeconds() {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		IssueLimit limit = IssueLimit.valueOf("1 per 10s");
		IssueLimiter limiter = new IssueLimiter(new InMemoryUseStore(clock, 100), Map.of("p", limit));
		assertThat(limiter.limit("p")).isEqualTo(limit);
		assertThat(limiter.limit("other")).isNull();
		assertThat(limiter).hasToString("IssueLimiter{p=1 per 10s}");
		limiter.acquire("p", "user:1");
		clock.advance(Duration.ofMillis(2500));
		assertThatExceptionOfType(TooManyIssuedException.class)
			.isThrownBy(() -> limiter.acquire("p", "user:1"))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(8)));
		clock.advance(Duration.ofMillis(500));
		assertThatExceptionOfType(TooManyIssuedException.class)
			.isThrownBy(() -> limiter.acquire("p", "user:1"))
			.satisfies((ex) -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
		// not limited: nothing counted
		limiter.acquire("other", "user:1");
		limiter.acquire("other", "user:1");
	}
}
