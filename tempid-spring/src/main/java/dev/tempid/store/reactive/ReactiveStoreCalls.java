package dev.tempid.store.reactive;

import dev.tempid.StoreUnavailableException;
import dev.tempid.store.StoreCall;
import dev.tempid.store.StorePlan;
import reactor.core.publisher.Mono;

/**
 * Runs {@link StoreCall}s and {@link StorePlan}s on a {@link ReactiveUseStore}: each kind
 * of call to the store method of the same name (the compiler checks every kind is
 * handled), answers without a value ({@code revoke}, {@code putCode}, ...) as
 * {@code true} once done, as {@link StoreCall#on} answers them. A store that completes
 * without an answer fails the call closed ({@link StoreUnavailableException}).
 */
final class ReactiveStoreCalls implements StoreCall.Handler<Mono<?>> {

	private final ReactiveUseStore store;

	private ReactiveStoreCalls(ReactiveUseStore store) {
		this.store = store;
	}

	/** The call's answer; a store that completes without one fails closed. */
	@SuppressWarnings("unchecked")
	static <R> Mono<R> call(ReactiveUseStore store, StoreCall<R> call) {
		return ((Mono<R>) call.accept(new ReactiveStoreCalls(store))).switchIfEmpty(Mono.error(
				() -> new StoreUnavailableException("the use store completed without answering a tempid call")));
	}

	static <T> Mono<T> run(ReactiveUseStore store, StorePlan<T> plan) {
		if (plan.isDone()) {
			return Mono.just(plan.value());
		}
		return call(store, plan.call()).flatMap((answer) -> run(store, plan.next(answer)));
	}

	@Override
	public Mono<?> consume(StoreCall.Consume call) {
		return (call.generation() != null)
				? this.store.consume(call.tokenId(), call.maxUses(), call.ttl(), call.generation())
				: this.store.consume(call.tokenId(), call.maxUses(), call.ttl());
	}

	@Override
	public Mono<?> retire(StoreCall.Retire call) {
		return (call.generation() != null)
				? this.store.retire(call.tokenId(), call.maxUses(), call.ttl(), call.generation())
				: this.store.retire(call.tokenId(), call.maxUses(), call.ttl());
	}

	@Override
	public Mono<?> release(StoreCall.Release call) {
		return this.store.release(call.tokenId());
	}

	@Override
	public Mono<?> revoke(StoreCall.Revoke call) {
		return this.store.revoke(call.tokenId(), call.ttl()).thenReturn(Boolean.TRUE);
	}

	@Override
	public Mono<?> usage(StoreCall.Usage call) {
		return (call.generation() != null) ? this.store.usage(call.tokenId(), call.generation())
				: this.store.usage(call.tokenId());
	}

	@Override
	public Mono<?> generation(StoreCall.NextGeneration call) {
		return this.store.generation(call.subject(), call.purpose(), call.advance(), call.ttl());
	}

	@Override
	public Mono<?> advanceGenerations(StoreCall.AdvanceGenerations call) {
		return this.store.advanceGenerations(call.subject(), call.purpose()).thenReturn(Boolean.TRUE);
	}

	@Override
	public Mono<?> putCode(StoreCall.PutCode call) {
		return this.store.putCode(call.codeId(), call.hash(), call.tokenId(), call.generation(), call.ttl())
			.thenReturn(Boolean.TRUE);
	}

	@Override
	public Mono<?> useCode(StoreCall.UseCode call) {
		return this.store.useCode(call.codeId(), call.hash(), call.maxTries(), call.maxUses(), call.ttl());
	}

	@Override
	public Mono<?> count(StoreCall.Count call) {
		return this.store.count(call.key(), call.limit(), call.window());
	}

}
