package dev.tempid;

import org.jspecify.annotations.Nullable;

/**
 * Hears of every operation of a {@link TokenService}: issued, verified, consumed,
 * released, revoked, refreshed, and every rejection with its {@link Reason} (an expired
 * token arrives as a rejection with {@link Reason#EXPIRED}).
 *
 * <p>Called on the caller's thread, after the operation (and, for measuring listeners,
 * at its start). A listener that throws is
 * logged nowhere and changes nothing: its exception is swallowed so that observing can
 * never break a token flow. Keep listeners fast.
 */
@FunctionalInterface
public interface TokenListener {

	/**
	 * Called as an operation starts, before any work, for listeners that measure around
	 * it (a Micrometer {@code Observation}, a tracing span). What it returns is handed back
	 * to {@link #onEvent(TokenEvent, Object)}. Not called at all while a service has no
	 * listener.
	 * @param operation what is about to be done
	 * @param purpose the purpose the caller asked for
	 * @return any context, or {@code null}
	 */
	default @Nullable Object onStart(Operation operation, String purpose) {
		return null;
	}

	/**
	 * Called after the operation with what {@link #onStart} returned.
	 */
	default void onEvent(TokenEvent event, @Nullable Object context) {
		onEvent(event);
	}

	/** Called after each operation. */
	void onEvent(TokenEvent event);

}
