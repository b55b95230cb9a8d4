package dev.tempid.store.reactive;

import java.time.Duration;

import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import reactor.core.publisher.Mono;

/**
 * The reactive counterpart of {@link dev.tempid.store.UseStore}, for applications on
 * Spring WebFlux: the same operations with the same contract, answered by a
 * {@link Mono} that never blocks the subscribing thread.
 *
 * <p>Contract for every implementation (as for {@code UseStore}):
 * <ul>
 * <li>{@link #consume} and {@link #retire} are each one atomic step and, for a networked
 * store, one round trip: the store decides the winner. A read followed by a write is
 * never acceptable.</li>
 * <li>Every entry expires with its token, measured on the store's own clock: callers
 * pass how long the entry must live from now ({@code ttl}), never an instant of their
 * clock. A write never shortens an entry's remaining life.</li>
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
	 * @param ttl how long from now, on the store's clock, the entry must be kept at least
	 * @return what happened, with the number of uses taken afterwards
	 */
	Mono<UseDecision> consume(String tokenId, int maxUses, Duration ttl);

	/**
	 * Gives one use back (a refund). Does nothing when no use has been taken.
	 * @param tokenId the token id
	 * @return whether a use was given back
	 */
	Mono<Boolean> release(String tokenId);

	/**
	 * Revokes a token: every later {@link #consume} and {@link #retire} is denied with
	 * {@link UseDecision.Outcome#REVOKED}.
	 * @param tokenId the token id
	 * @param ttl how long from now the entry must be kept at least
	 * @return completes once the store has recorded the revocation
	 */
	Mono<Void> revoke(String tokenId, Duration ttl);

	/**
	 * Ends a token for a refresh, atomically: when the token is not revoked and has a use
	 * left, marks it revoked and answers {@link UseDecision.Outcome#GRANTED} with the uses
	 * it had taken. Of two concurrent calls for one token, at most one is granted.
	 * @param tokenId the token id
	 * @param maxUses the most uses the token allows; {@code 0} means unlimited
	 * @param ttl how long from now the entry must be kept at least
	 * @return granted with the uses taken before the end, or the reason of the denial
	 */
	Mono<UseDecision> retire(String tokenId, int maxUses, Duration ttl);

	/**
	 * Reads what the store holds of a token without changing it.
	 * @param tokenId the token id
	 * @return the uses taken and whether the token is revoked
	 */
	Mono<UseRecord> usage(String tokenId);

	/**
	 * Checks that the store can be reached, for health checks.
	 * @return completes when it can, fails with {@code StoreUnavailableException} otherwise
	 */
	default Mono<Void> ping() {
		return Mono.empty();
	}

}
