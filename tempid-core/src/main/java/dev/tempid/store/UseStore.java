package dev.tempid.store;

import java.time.Duration;

/**
 * Counts the uses of tokens and remembers revocations, keyed by token id ({@code jti}).
 *
 * <p>Contract for every implementation:
 * <ul>
 * <li>{@link #consume} and {@link #retire} are each one atomic step and, for a networked
 * store, one round trip: the store decides the winner. A read followed by a write is
 * never acceptable.</li>
 * <li>Every entry expires with its token, measured on the store's own clock: callers
 * pass how long the entry must live from now ({@code ttl}), never an instant of their
 * clock, so clock skew between the application and the store never frees a live count.
 * A write never shortens an entry's remaining life.</li>
 * <li>When the store cannot be reached, every method throws
 * {@link dev.tempid.StoreUnavailableException} within a bounded time (the store's
 * timeout): callers fail closed. No call is queued to run later.</li>
 * <li>An id the store has never seen has no uses taken and is not revoked.</li>
 * </ul>
 * Token ids are opaque base64url strings of at most 64 characters.
 */
public interface UseStore {

	/**
	 * Takes one use of a token, atomically: granted when the token is not revoked and
	 * fewer than {@code maxUses} uses have been taken.
	 * @param tokenId the token id
	 * @param maxUses the most uses the token allows; {@code 0} means unlimited (the
	 * store then only counts and checks revocation)
	 * @param ttl how long from now, on the store's clock, the entry must be kept at least
	 * @return what happened, with the number of uses taken afterwards
	 */
	UseDecision consume(String tokenId, int maxUses, Duration ttl);

	/**
	 * Gives one use back (a refund), for example when the work the use paid for failed.
	 * Does nothing when no use has been taken.
	 * @param tokenId the token id
	 * @return whether a use was given back
	 */
	boolean release(String tokenId);

	/**
	 * Revokes a token: every later {@link #consume} and {@link #retire} is denied with
	 * {@link UseDecision.Outcome#REVOKED}.
	 * @param tokenId the token id
	 * @param ttl how long from now the entry must be kept at least
	 */
	void revoke(String tokenId, Duration ttl);

	/**
	 * Ends a token for a refresh, atomically: when the token is not revoked and has a use
	 * left, marks it revoked and answers {@link UseDecision.Outcome#GRANTED} with the uses
	 * it had taken, so the caller issues its successor with the uses left. Of two
	 * concurrent calls for one token, at most one is granted.
	 * @param tokenId the token id
	 * @param maxUses the most uses the token allows; {@code 0} means unlimited
	 * @param ttl how long from now the entry must be kept at least
	 * @return granted with the uses taken before the end, or the reason of the denial
	 */
	UseDecision retire(String tokenId, int maxUses, Duration ttl);

	/**
	 * Reads what the store holds of a token without changing it.
	 * @param tokenId the token id
	 * @return the uses taken and whether the token is revoked
	 */
	UseRecord usage(String tokenId);

	/**
	 * Counts one event against a fixed window, atomically (one step, one round trip): when
	 * fewer than {@code limit} events were counted in the current window, counts this one
	 * and allows it; otherwise denies it without counting, answering how long until the
	 * window ends. The window starts with its first event and lasts {@code window} on the
	 * store's clock; the entry expires with it. Used for issuance limits
	 * ({@link dev.tempid.IssueLimiter}).
	 * @param key an opaque key of at most 64 characters, never a token id (issuance keys
	 * start with {@code '#'}, a character token ids never contain)
	 * @param limit the most events a window allows, at least 1
	 * @param window how long a window lasts
	 * @return whether the event was allowed, the count, and the time left in the window
	 * @throws UnsupportedOperationException when the store does not count events (the
	 * stores of tempid all do)
	 */
	default WindowCount count(String key, int limit, Duration window) {
		throw new UnsupportedOperationException(getClass().getName() + " does not count events; implement "
				+ "UseStore.count to use issuance limits with it");
	}

	/**
	 * Checks that the store can be reached, for health checks.
	 * @throws dev.tempid.StoreUnavailableException when it cannot
	 */
	default void ping() {
	}

	/**
	 * Checks a {@code ttl} argument: positive.
	 * @param ttl the argument
	 * @return its milliseconds, at least 1
	 */
	static long ttlMillis(Duration ttl) {
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive");
		}
		return Math.max(1, ttl.toMillis());
	}

}
