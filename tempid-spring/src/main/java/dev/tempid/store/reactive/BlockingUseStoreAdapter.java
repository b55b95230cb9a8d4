package dev.tempid.store.reactive;

import java.time.Duration;
import java.util.Objects;

import dev.tempid.StoreUnavailableException;
import dev.tempid.store.CodeDecision;
import dev.tempid.store.Generation;
import dev.tempid.store.StoreCall;
import dev.tempid.store.StoreFeatures;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import dev.tempid.store.UseStore;
import dev.tempid.store.WindowCount;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A blocking {@link UseStore} answered by a {@link ReactiveUseStore}, for the blocking
 * {@code TokenService} of an application whose only database access is reactive (a
 * WebFlux application on R2DBC, with no JDBC {@code DataSource}): the blocking and the
 * reactive service then count in the same store. Each operation is the reactive
 * store's, made through {@link ReactiveUseStore#call(StoreCall)} and waited for on the
 * calling thread.
 *
 * <p>The reactive store's own timeout bounds each call and its
 * {@link dev.tempid.StoreUnavailableException} is thrown as the blocking stores throw
 * it; as a safety bound for a reactive store that does not bound its calls, a call that
 * has not answered within {@link #maxWait()} fails closed the same way. A reactive store
 * that completes without an answer fails the call closed too.
 *
 * <p>Waiting blocks the calling thread, so this store refuses to be called on a thread
 * that must not block (a Netty event loop, Reactor's {@code parallel} scheduler): there
 * it throws {@link IllegalStateException} before touching the store. Reactive code uses
 * {@code ReactiveTokenService} on the reactive store itself.
 *
 * <p>The optional operations (subject generations, login codes, event counts) are
 * passed on as well: a reactive store that keeps none answers them with
 * {@link UnsupportedOperationException} at the call, not at start-up (the reactive
 * stores of tempid keep them all).
 */
public final class BlockingUseStoreAdapter implements UseStore, StoreFeatures.Wrapper {

	/** The default safety bound on each call, beyond the reactive store's own timeout. */
	public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(10);

	private final ReactiveUseStore store;

	private final Duration maxWait;

	/**
	 * An adapter with the {@linkplain #DEFAULT_MAX_WAIT default safety bound}.
	 * @param store the reactive store that answers every call
	 */
	public BlockingUseStoreAdapter(ReactiveUseStore store) {
		this(store, DEFAULT_MAX_WAIT);
	}

	/**
	 * @param store the reactive store that answers every call
	 * @param maxWait the most a call may wait for the reactive store's answer before it
	 * fails closed; set it above the reactive store's own timeout, which normally ends a
	 * call first
	 */
	public BlockingUseStoreAdapter(ReactiveUseStore store, Duration maxWait) {
		this.store = Objects.requireNonNull(store, "store must not be null");
		Objects.requireNonNull(maxWait, "maxWait must not be null");
		if (maxWait.isNegative() || maxWait.isZero()) {
			throw new IllegalArgumentException("maxWait must be positive");
		}
		this.maxWait = maxWait;
	}

	/** The reactive store that answers every call. */
	public ReactiveUseStore reactiveStore() {
		return this.store;
	}

	/** The reactive store: the start-up checks ({@link StoreFeatures}) look at what it declares. */
	@Override
	public Object wrappedStore() {
		return this.store;
	}

	@Override
	public Class<?> wrappedApi() {
		return ReactiveUseStore.class;
	}

	/** The most a call waits for the reactive store's answer before it fails closed. */
	public Duration maxWait() {
		return this.maxWait;
	}

	@Override
	public UseDecision consume(String tokenId, int maxUses, Duration ttl) {
		return call(new StoreCall.Consume(tokenId, maxUses, ttl, null));
	}

	@Override
	public boolean release(String tokenId) {
		return call(new StoreCall.Release(tokenId));
	}

	@Override
	public void revoke(String tokenId, Duration ttl) {
		call(new StoreCall.Revoke(tokenId, ttl));
	}

	@Override
	public UseDecision retire(String tokenId, int maxUses, Duration ttl) {
		return call(new StoreCall.Retire(tokenId, maxUses, ttl, null));
	}

	@Override
	public UseRecord usage(String tokenId) {
		return call(new StoreCall.Usage(tokenId, null));
	}

	@Override
	public long generation(String subject, String purpose, boolean advance, Duration ttl) {
		return call(new StoreCall.NextGeneration(subject, purpose, advance, ttl));
	}

	@Override
	public void advanceGenerations(String subject, @Nullable String purpose) {
		call(new StoreCall.AdvanceGenerations(subject, purpose));
	}

	@Override
	public UseDecision consume(String tokenId, int maxUses, Duration ttl, Generation generation) {
		return call(new StoreCall.Consume(tokenId, maxUses, ttl,
				Objects.requireNonNull(generation, "generation must not be null")));
	}

	@Override
	public UseDecision retire(String tokenId, int maxUses, Duration ttl, Generation generation) {
		return call(new StoreCall.Retire(tokenId, maxUses, ttl,
				Objects.requireNonNull(generation, "generation must not be null")));
	}

	@Override
	public UseRecord usage(String tokenId, Generation generation) {
		return call(new StoreCall.Usage(tokenId, Objects.requireNonNull(generation, "generation must not be null")));
	}

	@Override
	public void putCode(String codeId, String hash, String tokenId, Generation generation, Duration ttl) {
		call(new StoreCall.PutCode(codeId, hash, tokenId, generation, ttl));
	}

	@Override
	public CodeDecision useCode(String codeId, String hash, int maxTries, int maxUses, Duration ttl) {
		return call(new StoreCall.UseCode(codeId, hash, maxTries, maxUses, ttl));
	}

	@Override
	public WindowCount count(String key, int limit, Duration window) {
		return call(new StoreCall.Count(key, limit, window));
	}

	@Override
	public void ping() {
		checkMayBlock("ping");
		await(Mono.defer(this.store::ping).then(Mono.just(Boolean.TRUE)));
	}

	private <R> R call(StoreCall<R> call) {
		checkMayBlock(call.getClass().getSimpleName());
		return await(Mono.defer(() -> this.store.call(call)));
	}

	/** Waits for the answer, within the safety bound; the store's own failures are thrown as they are. */
	private <R> R await(Mono<R> answer) {
		R value = answer.timeout(this.maxWait, Mono.error(() -> new StoreUnavailableException(
				"the reactive use store " + this.store + " did not answer within " + this.maxWait)))
			.block();
		if (value == null) {
			throw new StoreUnavailableException("the use store completed without answering a tempid call");
		}
		return value;
	}

	private static void checkMayBlock(String operation) {
		if (Schedulers.isInNonBlockingThread()) {
			throw new IllegalStateException("The blocking tempid UseStore (" + operation + ") was called on the "
					+ "non-blocking thread '" + Thread.currentThread().getName() + "', which must never wait for "
					+ "the store: in reactive code (WebFlux handlers, Reactor operators) use ReactiveTokenService "
					+ "instead of TokenService, or move the blocking call to a thread that may block "
					+ "(Schedulers.boundedElastic())");
		}
	}

	@Override
	public String toString() {
		return "BlockingUseStoreAdapter[" + this.store + "]";
	}

}
