package dev.tempid.store.reactive;

import java.time.Duration;

import dev.tempid.store.InMemoryUseStore;

/** The reactive store contract on the in-memory store. */
class InMemoryReactiveUseStoreTests extends ReactiveUseStoreContractTests {

	private final InMemoryUseStore shared = new InMemoryUseStore();

	@Override
	protected ReactiveUseStore createStore() {
		return new InMemoryReactiveUseStore(this.shared);
	}

	/** Two faces of one in-memory store: the one way two callers share counts in memory. */
	@Override
	protected ReactiveUseStore createSecondStore() {
		return new InMemoryReactiveUseStore(this.shared);
	}

	@Override
	protected ReactiveUseStore createStoreOn(int port, Duration timeout) {
		return null;
	}

}
