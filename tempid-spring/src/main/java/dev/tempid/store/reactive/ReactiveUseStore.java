package dev.tempid.store.reactive;

import java.time.Duration;

import dev.tempid.store.CodeDecision;
import dev.tempid.store.Generation;
import dev.tempid.store.StoreCall;
import dev.tempid.store.StorePlan;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import dev.tempid.store.WindowCount;
import org.jspecify.annotations.Nullable;
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
 * The subject generations, login codes and event counts have the semantics of their
 * {@code UseStore} namesakes; a store that keeps none answers them with
 * {@link UnsupportedOperationException} (the stores of tempid all keep them).
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

	// ------------------------------------------------------------------ subject generations

	/**
	 * {@link dev.tempid.store.UseStore#generation}: the current generation of the subject
	 * and purpose (1 for a new one), advanced first when {@code advance}, kept at least
	 * {@code ttl} from now. One atomic step.
	 */
	default Mono<Long> generation(String subject, String purpose, boolean advance, Duration ttl) {
		return unsupported();
	}

	/**
	 * {@link dev.tempid.store.UseStore#advanceGenerations}: ends every token that carries a
	 * generation of the subject, for one purpose or all ({@code purpose} {@code null}).
	 * @return completes once the store has recorded it
	 */
	default Mono<Void> advanceGenerations(String subject, @Nullable String purpose) {
		return unsupported();
	}

	/**
	 * {@link #consume(String, int, Duration)} of a token that carries a subject generation:
	 * denied as revoked when the store's generation is past it or gone, checked in the same
	 * atomic step (for a networked store, the same round trip).
	 */
	default Mono<UseDecision> consume(String tokenId, int maxUses, Duration ttl, Generation generation) {
		return unsupported();
	}

	/** {@link #retire(String, int, Duration)} with the generation check of {@link #consume(String, int, Duration, Generation)}. */
	default Mono<UseDecision> retire(String tokenId, int maxUses, Duration ttl, Generation generation) {
		return unsupported();
	}

	/**
	 * {@link #usage(String)} of a token that carries a subject generation, read in one step:
	 * revoked also when the generation is past or gone.
	 */
	default Mono<UseRecord> usage(String tokenId, Generation generation) {
		return unsupported();
	}

	// ------------------------------------------------------------------ login codes

	/**
	 * {@link dev.tempid.store.UseStore#putCode}: keeps a login code's keyed hash for a
	 * token, replacing the code held under {@code codeId}; creates the token's entry.
	 * @return completes once the store has recorded it
	 */
	default Mono<Void> putCode(String codeId, String hash, String tokenId, Generation generation, Duration ttl) {
		return unsupported();
	}

	/**
	 * {@link dev.tempid.store.UseStore#useCode}: tries a login code, atomically; of any
	 * number of concurrent calls and consumes of its token, at most {@code maxUses} are
	 * granted, and at most {@code maxTries} wrong codes are compared.
	 */
	default Mono<CodeDecision> useCode(String codeId, String hash, int maxTries, int maxUses, Duration ttl) {
		return unsupported();
	}

	// ------------------------------------------------------------------ event counts

	/**
	 * {@link dev.tempid.store.UseStore#count}: counts one event against a fixed window,
	 * atomically; beyond {@code limit} denies it without counting, with the time left.
	 */
	default Mono<WindowCount> count(String key, int limit, Duration window) {
		return Mono.error(() -> new UnsupportedOperationException(getClass().getName()
				+ " does not count events; implement ReactiveUseStore.count to use issuance limits with it"));
	}

	/**
	 * Checks that the store can be reached, for health checks.
	 * @return completes when it can, fails with {@code StoreUnavailableException} otherwise
	 */
	default Mono<Void> ping() {
		return Mono.empty();
	}

	// ------------------------------------------------------------------ plans

	/** Makes one {@link StoreCall} on this store: the reactive {@link StoreCall#on}. */
	default <R> Mono<R> call(StoreCall<R> call) {
		return ReactiveStoreCalls.call(this, call);
	}

	/**
	 * Runs a {@link StorePlan} on this store, each call subscribed after the answer to the
	 * one before: the reactive {@link StorePlan#runOn}. An exception the plan throws on an
	 * answer (a used-up or revoked token's) becomes the error of the returned
	 * {@code Mono}.
	 */
	default <T> Mono<T> run(StorePlan<T> plan) {
		return ReactiveStoreCalls.run(this, plan);
	}

	private <T> Mono<T> unsupported() {
		return Mono.error(() -> new UnsupportedOperationException(getClass().getName() + " keeps no subject "
				+ "generations or login codes: single-active and revocable-by-subject purposes, revokeAll and login "
				+ "codes need a store that does (InMemoryReactiveUseStore, ReactiveRedisUseStore, R2dbcUseStore)"));
	}

}
