package dev.tempid;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tempid.store.CodeDecision;
import dev.tempid.store.Generation;
import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import dev.tempid.store.UseStore;
import dev.tempid.store.WindowCount;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory store that can be taken down: while down, every call throws
 * {@link StoreUnavailableException}, as a networked store does when it cannot be
 * reached. Counts the calls it is asked.
 */
final class OutageStore implements UseStore {

	private final UseStore delegate;

	private final AtomicInteger calls = new AtomicInteger();

	private volatile boolean down;

	OutageStore(InMemoryUseStore delegate) {
		this.delegate = delegate;
	}

	void down(boolean down) {
		this.down = down;
	}

	/** The calls asked so far, up or down. */
	int calls() {
		return this.calls.get();
	}

	private UseStore up() {
		this.calls.incrementAndGet();
		if (this.down) {
			throw new StoreUnavailableException("the test store is down");
		}
		return this.delegate;
	}

	@Override
	public UseDecision consume(String tokenId, int maxUses, Duration ttl) {
		return up().consume(tokenId, maxUses, ttl);
	}

	@Override
	public boolean release(String tokenId) {
		return up().release(tokenId);
	}

	@Override
	public void revoke(String tokenId, Duration ttl) {
		up().revoke(tokenId, ttl);
	}

	@Override
	public UseDecision retire(String tokenId, int maxUses, Duration ttl) {
		return up().retire(tokenId, maxUses, ttl);
	}

	@Override
	public UseRecord usage(String tokenId) {
		return up().usage(tokenId);
	}

	@Override
	public long generation(String subject, String purpose, boolean advance, Duration ttl) {
		return up().generation(subject, purpose, advance, ttl);
	}

	@Override
	public void advanceGenerations(String subject, @Nullable String purpose) {
		up().advanceGenerations(subject, purpose);
	}

	@Override
	public UseDecision consume(String tokenId, int maxUses, Duration ttl, Generation generation) {
		return up().consume(tokenId, maxUses, ttl, generation);
	}

	@Override
	public UseDecision retire(String tokenId, int maxUses, Duration ttl, Generation generation) {
		return up().retire(tokenId, maxUses, ttl, generation);
	}

	@Override
	public UseRecord usage(String tokenId, Generation generation) {
		return up().usage(tokenId, generation);
	}

	@Override
	public void putCode(String codeId, String hash, String tokenId, Generation generation, Duration ttl) {
		up().putCode(codeId, hash, tokenId, generation, ttl);
	}

	@Override
	public CodeDecision useCode(String codeId, String hash, int maxTries, int maxUses, Duration ttl) {
		return up().useCode(codeId, hash, maxTries, maxUses, ttl);
	}

	@Override
	public WindowCount count(String key, int limit, Duration window) {
		return up().count(key, limit, window);
	}

}
