package dev.tempid;

import java.time.Duration;
import java.util.Objects;

/**
 * A purpose's issue limit for a subject is reached: no token was issued. Reason
 * {@link Reason#TOO_MANY_ISSUED}; {@link #retryAfter()} says when the current window
 * ends (HTTP answers it as 429 with {@code Retry-After}). The message never names the
 * subject.
 */
public final class TooManyIssuedException extends TempIdException {

	private static final long serialVersionUID = 1L;

	private final Duration retryAfter;

	public TooManyIssuedException(String message, Duration retryAfter) {
		super(Reason.TOO_MANY_ISSUED, message, null, null);
		this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter must not be null");
	}

	/** How long until another token may be issued (the end of the current window). */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
