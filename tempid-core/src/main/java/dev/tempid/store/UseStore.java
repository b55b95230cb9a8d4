package dev.tempid.store;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

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
 * Token ids are opaque strings of at most 64 characters (base64url, or a subject tag,
 * {@code .} or {@code ~}, and base64url: see {@link Generation}).
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

	// ------------------------------------------------------------------ subject generations

	/**
	 * At the issue of a token that carries its subject's generation: returns the current
	 * generation of the subject and purpose (1 for a new one), first advancing it by one
	 * when {@code advance} (a single-active token, which ends the earlier ones), and keeps
	 * the generation at least {@code ttl} from now (it must outlive every token that
	 * carries it). One atomic step.
	 * @param subject the subject tag
	 * @param purpose the purpose tag
	 * @param advance whether to advance the generation first
	 * @param ttl how long from now the generation must be kept at least
	 * @return the generation the new token carries
	 */
	default long generation(String subject, String purpose, boolean advance, Duration ttl) {
		throw unsupported();
	}

	/**
	 * Ends every token that carries a generation of the subject: for one purpose, or for
	 * all of them ({@code purpose} {@code null}), by advancing the generations the store
	 * holds. A generation the store does not hold has no live token.
	 * @param subject the subject tag
	 * @param purpose the purpose tag, or {@code null} for every purpose
	 */
	default void advanceGenerations(String subject, @Nullable String purpose) {
		throw unsupported();
	}

	/**
	 * {@link #consume(String, int, Duration)} of a token that carries a subject
	 * generation: denied as {@link UseDecision.Outcome#REVOKED} when the store's
	 * generation of its subject and purpose is past it or gone, checked in the same
	 * atomic step (for a networked store, the same round trip).
	 */
	default UseDecision consume(String tokenId, int maxUses, Duration ttl, Generation generation) {
		throw unsupported();
	}

	/** {@link #retire(String, int, Duration)} with the generation check of {@link #consume(String, int, Duration, Generation)}. */
	default UseDecision retire(String tokenId, int maxUses, Duration ttl, Generation generation) {
		throw unsupported();
	}

	/**
	 * {@link #usage(String)} of a token that carries a subject generation, read in one
	 * step: {@link UseRecord#revoked()} also when the generation is past or gone.
	 */
	default UseRecord usage(String tokenId, Generation generation) {
		throw unsupported();
	}

	// ------------------------------------------------------------------ login codes

	/**
	 * Keeps a login code for a token: its keyed hash (never the code), the token's entry
	 * id and generation, and no wrong try yet, replacing the code held under
	 * {@code codeId}. The token's entry is created too (no use taken), so that the code
	 * and the token share one count.
	 * @param codeId the code's id ({@code <subject tag>~c<purpose tag>})
	 * @param hash the keyed hash of the code, as text
	 * @param tokenId the entry id of the token the code shares its use with
	 * @param generation the token's generation
	 * @param ttl how long from now both entries must be kept at least
	 */
	default void putCode(String codeId, String hash, String tokenId, Generation generation, Duration ttl) {
		throw unsupported();
	}

	/**
	 * Tries a login code, atomically: when a code is held under {@code codeId} with tries
	 * left, compares {@code hash} with the held one in constant time; on a match takes a
	 * use of the code's token as {@link #consume(String, int, Duration, Generation)} does
	 * (the code stays, so trying it again finds its token used up); otherwise spends a try, and revokes the token with the last one.
	 * Of any number of concurrent calls and consumes of the token, at most
	 * {@code maxUses} are granted, and at most {@code maxTries} wrong codes are compared.
	 * @param codeId the code's id
	 * @param hash the keyed hash of the code tried
	 * @param maxTries the wrong tries a code allows
	 * @param maxUses the token's most uses
	 * @param ttl how long from now the token's entry must be kept at least
	 * @return what happened
	 */
	default CodeDecision useCode(String codeId, String hash, int maxTries, int maxUses, Duration ttl) {
		throw unsupported();
	}

	private UnsupportedOperationException unsupported() {
		return new UnsupportedOperationException(getClass().getName() + " keeps no subject generations or login codes: "
				+ "single-active and revocable-by-subject purposes, revokeAll and login codes need a store that does "
				+ "(InMemoryUseStore, RedisUseStore, JdbcUseStore)");
	}

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
