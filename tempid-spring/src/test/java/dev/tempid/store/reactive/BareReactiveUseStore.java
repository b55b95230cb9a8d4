package dev.tempid.store.reactive;

import java.time.Duration;

import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import reactor.core.publisher.Mono;

/**
 * A reactive store of only the operations every store must have: no subject generations,
 * login codes or counts. For tests of what a configuration asks of a store.
 */
public final class BareReactiveUseStore implements ReactiveUseStore {

	private final InMemoryReactiveUseStore memory = new InMemoryReactiveUseStore();

	@Override
	public Mono<UseDecision> consume(String tokenId, int maxUses, Duration ttl) {
		return this.memory.consume(tokenId, maxUses, ttl);
	}

	@Override
	public Mono<Boolean> release(String tokenId) {
		return this.memory.release(tokenId);
	}

	@Override
	public Mono<Void> revoke(String tokenId, Duration ttl) {
		return this.memory.revoke(tokenId, ttl);
	}

	@Override
	public Mono<UseDecision> retire(String tokenId, int maxUses, Duration ttl) {
		return this.memory.retire(tokenId, maxUses, ttl);
	}

	@Override
	public Mono<UseRecord> usage(String tokenId) {
		return this.memory.usage(tokenId);
	}

}
