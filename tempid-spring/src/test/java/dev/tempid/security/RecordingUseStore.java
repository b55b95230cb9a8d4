package dev.tempid.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.tempid.StoreUnavailableException;
import dev.tempid.store.CodeDecision;
import dev.tempid.store.Generation;
import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import dev.tempid.store.UseStore;
import dev.tempid.store.WindowCount;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory store that records every call by name (each one a round trip on a
 * networked store), can be taken down, and can run something right after a read (to put
 * another instance's write between a request's check and what the request does next).
 */
final class RecordingUseStore implements UseStore {

	private final InMemoryUseStore delegate = new InMemoryUseStore();

	private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

	volatile boolean down;

	private volatile @Nullable Runnable afterNextRead;

	/** The calls since the last {@link #clear()}, by method name. */
	List<String> calls() {
		return List.copyOf(this.calls);
	}

	void clear() {
		this.calls.clear();
	}

	/** Runs {@code action} once, right after the next read of a token's entry. */
	void afterNextRead(Runnable action) {
		this.afterNextRead = action;
	}

	private void call(String name) {
		this.calls.add(name);
		if (this.down) {
			throw new StoreUnavailableException("the test store is down");
		}
	}

	private void afterRead() {
		Runnable action = this.afterNextRead;
		this.afterNextRead = null;
		if (action != null) {
			action.run();
		}
	}

	@Override
	public UseDecision consume(String tokenId, int maxUses, Duration ttl) {
		call("consume");
		return this.delegate.consume(tokenId, maxUses, ttl);
	}

	@Override
	public boolean release(String tokenId) {
		call("release");
		return this.delegate.release(tokenId);
	}

	@Override
	public void revoke(String tokenId, Duration ttl) {
		call("revoke");
		this.delegate.revoke(tokenId, ttl);
	}

	@Override
	public UseDecision retire(String tokenId, int maxUses, Duration ttl) {
		call("retire");
		return this.delegate.retire(tokenId, maxUses, ttl);
	}

	@Override
	public UseRecord usage(String tokenId) {
		call("usage");
		UseRecord record = this.delegate.usage(tokenId);
		afterRead();
		return record;
	}

	@Override
	public long generation(String subject, String purpose, boolean advance, Duration ttl) {
		call("generation");
		return this.delegate.generation(subject, purpose, advance, ttl);
	}

	@Override
	public void advanceGenerations(String subject, @Nullable String purpose) {
		call("advanceGenerations");
		this.delegate.advanceGenerations(subject, purpose);
	}

	@Override
	public UseDecision consume(String tokenId, int maxUses, Duration ttl, Generation generation) {
		call("consume");
		return this.delegate.consume(tokenId, maxUses, ttl, generation);
	}

	@Override
	public UseDecision retire(String tokenId, int maxUses, Duration ttl, Generation generation) {
		call("retire");
		return this.delegate.retire(tokenId, maxUses, ttl, generation);
	}

	@Override
	public UseRecord usage(String tokenId, Generation generation) {
		call("usage");
		UseRecord record = this.delegate.usage(tokenId, generation);
		afterRead();
		return record;
	}

	@Override
	public void putCode(String codeId, String hash, String tokenId, Generation generation, Duration ttl) {
		call("putCode");
		this.delegate.putCode(codeId, hash, tokenId, generation, ttl);
	}

	@Override
	public CodeDecision useCode(String codeId, String hash, int maxTries, int maxUses, Duration ttl) {
		call("useCode");
		return this.delegate.useCode(codeId, hash, maxTries, maxUses, ttl);
	}

	@Override
	public WindowCount count(String key, int limit, Duration window) {
		call("count");
		return this.delegate.count(key, limit, window);
	}

	@Override
	public void ping() {
		call("ping");
	}

}
