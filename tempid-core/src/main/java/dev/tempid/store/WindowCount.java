package dev.tempid.store;

import java.time.Duration;
import java.util.Objects;

/**
 * What one {@link UseStore#count} step decided.
 *
 * @param allowed whether the event was counted within the limit
 * @param count the events counted in the current window, this one included when allowed
 * @param retryAfter how long until the current window ends, on the store's clock (at
 * least one millisecond)
 */
public record WindowCount(boolean allowed, int count, Duration retryAfter) {

	public WindowCount {
		Objects.requireNonNull(retryAfter, "retryAfter must not be null");
		if (count < 0) {
			throw new IllegalArgumentException("count must not be negative");
		}
		if (retryAfter.isNegative() || retryAfter.isZero()) {
			retryAfter = Duration.ofMillis(1);
		}
	}

}
