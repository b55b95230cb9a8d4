package dev.tempid.store;

import java.time.Instant;

/**
 * Counts the uses of tokens and remembers revocations, keyed by token id ({@code jti}).
 *
 * <p>Contract for every implementation:
 * <ul>
 * <li>{@link #consume} is one atomic step and, for a networked store, one round trip:
 * the store decides the winner. A read followed by a write is never acceptable.</li>
 * <li>Every entry expires with its token ({@code expiresAt}), so storage is bounded by
 * the live tokens.</li>
 * <li>When the store cannot be reached, every method throws
 * {@link dev.tempid.StoreUnavailableException}: callers fail closed.</li>
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
	 * @param expiresAt when the entry may be forgotten (the token's expiry plus leeway)
	 * @return what happened, with the number of uses taken afterwards
	 */
	Consumption consume(String tokenId, int maxUses, Instant expiresAt);

	/**
	 * Gives one use back (a refund), for example when the work the use paid for failed.
	 * Does nothing when no use has been taken.
	 * @param tokenId the token id
	 * @param expiresAt when the entry may be forgotten
	 * @return whether a use was given back
	 */
	boolean release(String tokenId, Instant expiresAt);

	/**
	 * Revokes a token: every later {@link #consume} is denied with
	 * {@link Consumption.Outcome#REVOKED}.
	 * @param tokenId the token id
	 * @param expiresAt when the entry may be forgotten
	 */
	void revoke(String tokenId, Instant expiresAt);

	/**
	 * Reads the state of a token without changing it.
	 * @param tokenId the token id
	 * @return the uses taken and whether the token is revoked
	 */
	UseState usage(String tokenId);

	/**
	 * Checks that the store can be reached, for health checks.
	 * @throws dev.tempid.StoreUnavailableException when it cannot
	 */
	default void ping() {
	}

}
