package dev.tempid;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The {@link TokenListener}s of a {@link TokenService}, and the one place that tells them
 * of an operation: {@link #start} before any work, then {@link Observation#succeeded} or
 * {@link Observation#failed} on the returned observation. A listener that throws changes
 * nothing. Without listeners nothing is allocated and no time is read: {@link #start}
 * returns a shared inert observation. Thread-safe and immutable.
 */
final class TokenListeners {

	/** What {@link #start} returns while there is no listener: does nothing. */
	private static final Observation NONE = new Observation(List.of(), null, Operation.INSPECT, "*", Instant.EPOCH, 0);

	private final List<TokenListener> listeners;

	TokenListeners(List<TokenListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * Tells the listeners an operation starts ({@link TokenListener#onStart}).
	 * @param at when it starts, by the service's clock: the event's {@link TokenEvent#at()}
	 */
	Observation start(Operation operation, String purpose, Instant at) {
		if (this.listeners.isEmpty()) {
			return NONE;
		}
		long started = System.nanoTime();
		@Nullable Object[] contexts = new Object[this.listeners.size()];
		for (int i = 0; i < contexts.length; i++) {
			TokenListener listener = this.listeners.get(i);
			try {
				contexts[i] = listener.onStart(operation, purpose);
			}
			catch (RuntimeException ex) {
				// observing must never break a token flow
			}
		}
		return new Observation(this.listeners, contexts, operation, purpose, at, started);
	}

	/** One operation being observed; ends with one call of {@code succeeded} or {@code failed}. */
	static final class Observation {

		private final List<TokenListener> listeners;

		private final @Nullable Object @Nullable [] contexts;

		private final Operation operation;

		private final String purpose;

		private final Instant at;

		private final long started;

		private Observation(List<TokenListener> listeners, @Nullable Object @Nullable [] contexts, Operation operation,
				String purpose, Instant at, long started) {
			this.listeners = listeners;
			this.contexts = contexts;
			this.operation = operation;
			this.purpose = purpose;
			this.at = at;
			this.started = started;
		}

		/** The operation succeeded on this token. */
		void succeeded(@Nullable String tokenId, @Nullable String subject) {
			publish(null, tokenId, subject);
		}

		/** The operation failed; the token id is the exception's (known once authenticated). */
		void failed(TempIdException ex) {
			publish(ex.reason(), ex.tokenId(), null);
		}

		/** The operation failed on a token already known (verified, or being issued). */
		void failed(TempIdException ex, @Nullable String tokenId, @Nullable String subject) {
			publish(ex.reason(), tokenId, subject);
		}

		private void publish(@Nullable Reason reason, @Nullable String tokenId, @Nullable String subject) {
			@Nullable Object[] contexts = this.contexts;
			if (contexts == null) {
				return;
			}
			TokenEvent event = new TokenEvent(this.operation, this.purpose, reason, tokenId, subject, this.at,
					Duration.ofNanos(System.nanoTime() - this.started));
			for (int i = 0; i < contexts.length; i++) {
				TokenListener listener = this.listeners.get(i);
				@Nullable Object context = contexts[i];
				try {
					listener.onEvent(event, context);
				}
				catch (RuntimeException ex) {
					// observing must never break a token flow
				}
			}
		}

	}

}
