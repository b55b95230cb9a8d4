package dev.tempid.store;

import java.time.Duration;

/**
 * A store of only the operations every store must have: no subject generations, login
 * codes or counts. For tests of what a configuration asks of a store.
 */
public final class BareUseStore implements UseStore {

	private final InMemoryUseStore memory = new InMemoryUseStore();

	@Override
	public UseDecision consume(String tokenId, int maxUses, Duration ttl) {
		return this.memory.consume(tokenId, maxUses, ttl);
	}

	@Override
	public boolean release(String tokenId) {
		return this.memory.release(tokenId);
	}

	@Override
	public void revoke(String tokenId, Duration ttl) {
		this.memory.revoke(tokenId, ttl);
	}

	@Override
	public UseDecision retire(String tokenId, int maxUses, Duration ttl) {
		return this.memory.retire(tokenId, maxUses, ttl);
	}

	@Override
	public UseRecord usage(String tokenId) {
		return this.memory.usage(tokenId);
	}

}
