package dev.tempid.store.reactive;

import java.time.Duration;
import java.util.Objects;

import dev.tempid.store.CodeDecision;
import dev.tempid.store.Generation;
import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import dev.tempid.store.WindowCount;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A {@link ReactiveUseStore} in this JVM's memory: the reactive face of an
 * {@link InMemoryUseStore}, which never blocks (its operations are lock-free map updates),
 * so each operation runs on the subscribing thread. For one application instance and
 * for tests; the bound and the expiry rules are those of the wrapped store, and a
 * blocking {@code TokenService} may share the same {@code InMemoryUseStore}.
 */
public final class InMemoryReactiveUseStore implements ReactiveUseStore {

	private final InMemoryUseStore store;

	/** A store on a new {@link InMemoryUseStore} with its defaults. */
	public InMemoryReactiveUseStore() {
		this(new InMemoryUseStore());
	}

	/**
	 * @param store the in-memory store to count in
	 */
	public InMemoryReactiveUseStore(InMemoryUseStore store) {
		this.store = Objects.requireNonNull(store, "store must not be null");
	}

	@Override
	public Mono<UseDecision> consume(String tokenId, int maxUses, Duration ttl) {
		return Mono.fromCallable(() -> this.store.consume(tokenId, maxUses, ttl));
	}

	@Override
	public Mono<Boolean> release(String tokenId) {
		return Mono.fromCallable(() -> this.store.release(tokenId));
	}

	@Override
	public Mono<Void> revoke(String tokenId, Duration ttl) {
		return Mono.fromRunnable(() -> this.store.revoke(tokenId, ttl));
	}

	@Override
	public Mono<UseDecision> retire(String tokenId, int maxUses, Duration ttl) {
		return Mono.fromCallable(() -> this.store.retire(tokenId, maxUses, ttl));
	}

	@Override
	public Mono<UseRecord> usage(String tokenId) {
		return Mono.fromCallable(() -> this.store.usage(tokenId));
	}

	@Override
	public Mono<Long> generation(String subject, String purpose, boolean advance, Duration ttl) {
		return Mono.fromCallable(() -> this.store.generation(subject, purpose, advance, ttl));
	}

	@Override
	public Mono<Void> advanceGenerations(String subject, @Nullable String purpose) {
		return Mono.fromRunnable(() -> this.store.advanceGenerations(subject, purpose));
	}

	@Override
	public Mono<UseDecision> consume(String tokenId, int maxUses, Duration ttl, Generation generation) {
		return Mono.fromCallable(() -> this.store.consume(tokenId, maxUses, ttl, generation));
	}

	@Override
	public Mono<UseDecision> retire(String tokenId, int maxUses, Duration ttl, Generation generation) {
		return Mono.fromCallable(() -> this.store.retire(tokenId, maxUses, ttl, generation));
	}

	@Override
	public Mono<UseRecord> usage(String tokenId, Generation generation) {
		return Mono.fromCallable(() -> this.store.usage(tokenId, generation));
	}

	@Override
	public Mono<Void> putCode(String codeId, String hash, String tokenId, Generation generation, Duration ttl) {
		return Mono.fromRunnable(() -> this.store.putCode(codeId, hash, tokenId, generation, ttl));
	}

	@Override
	public Mono<CodeDecision> useCode(String codeId, String hash, int maxTries, int maxUses, Duration ttl) {
		return Mono.fromCallable(() -> this.store.useCode(codeId, hash, maxTries, maxUses, ttl));
	}

	@Override
	public Mono<WindowCount> count(String key, int limit, Duration window) {
		return Mono.fromCallable(() -> this.store.count(key, limit, window));
	}

	/** The in-memory store counted in. */
	public InMemoryUseStore store() {
		return this.store;
	}

	@Override
	public String toString() {
		return "InMemoryReactiveUseStore[" + this.store + "]";
	}

}
