package dev.tempid.store.reactive;

import java.time.Instant;

import dev.tempid.store.Consumption;
import dev.tempid.store.UseState;
import reactor.core.publisher.Mono;

/**
 * The reactive counterpart of {@link dev.tempid.store.UseStore}, for applications on
 * Spring WebFlux: the same operations with the same contract, answered by a
 * {@link Mono} that never blocks the subscribing thread.
 *
 * <p>Contract for every implementation (as for {@code UseStore}):
 * <ul>
 * <li>{@link #consume} is one atomic step and, for a networked store, one round trip:
 * the store decides the winner. A read followed by a write is never acceptable.</li>
 * <li>Every entry expires with its token ({@code expiresAt}), so storage is bounded by
 * the live tokens.</li>
 * <li>When the store cannot be reached or does not answer within the store's timeout,
 * every returned {@code Mono} fails with {@link dev.tempid.StoreUnavailableException}:
 * callers fail closed.</li>
 * <li>An id the store has never seen has no uses taken and is not revoked.</li>
 * <li>Nothing happens until the {@code Mono} is subscribed to; each subscription runs the
 * operation once more.</li>
 * </ul>
 */
public interface ReactiveUseStore {

	/**
	 * Takes one use of a token, atomically: granted when the token is not revoked and
	 * fewer than {@code maxUses} uses have been taken.
	 * @param tokenId the token id
	 * @param maxUses the most uses the token allows; {@code 0} means unlimited
	 * @param expiresAt when the entry may be forgotten (the token's expiry plus leeway)
	 * @return what happened, with the number of uses taken afterwards
	 */
	Mono<Consumption> consume(String tokenId, int maxUses, Instant expiresAt);

	/**
	 * Gives one use back (a refund). Does nothing when no use has been taken.
	 * @param tokenId the token id
	 * @param expiresAt when the entry may be forgotten
	 * @return whether a use was given back
	 */
	Mono<Boolean> release(String tokenId, Instant expiresAt);

	/**
	 * Revokes a token: every later {@link #consume} is denied with
	 * {@link Consumption.Outcome#REVOKED}.
	 * @param tokenId the token id
	 * @param expiresAt when the entry may be forgotten
	 * @return completes once the store has recorded the revocation
	 */
	Mono<Void> revoke(String tokenId, Instant expiresAt);

	/**
	 * Reads the state of a token without changing it.
	 * @param tokenId the token id
	 * @return the uses taken and whether the token is revoked
	 */
	Mono<UseState> usage(String tokenId);

	/**
	 * Checks that the store can be reached, for health checks.
	 * @return completes when it can, fails with {@code StoreUnavailableException} otherwise
	 */
	default Mono<Void> ping() {
		return Mono.empty();
	}

}
