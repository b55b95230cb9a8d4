package dev.tempid.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link UseStore} must keep, run against each implementation: the
 * in-memory store here, Redis and the JDBC databases in the autoconfigure module (this
 * class ships in tempid-core's test-jar).
 */
public abstract class UseStoreContractTests {

	/** Threads released together in the race tests. */
	protected static final int THREADS = 32;

	private final List<UseStore> created = new ArrayList<>();

	/** A store on the backend under test. */
	protected abstract UseStore createStore();

	/** A second, independent store instance on the same backend (another application instance). */
	protected UseStore createSecondStore() {
		return createStore();
	}

	/** Tokens raced per round in the race tests. */
	protected int raceTokens() {
		return 100;
	}

	private UseStore store() {
		UseStore store = createStore();
		this.created.add(store);
		return store;
	}

	@AfterEach
	void closeStores() throws Exception {
		for (UseStore store : this.created) {
			if (store instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}
	}

	protected static String newId() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	protected static Instant inMinutes(int minutes) {
		return Instant.now().plus(Duration.ofMinutes(minutes));
	}

	@Test
	void consumeWhenUsesAreLeftThenGrantsAndCounts() {
		UseStore store = store();
		String id = newId();
		assertThat(store.consume(id, 3, inMinutes(5))).isEqualTo(Consumption.granted(1));
		assertThat(store.consume(id, 3, inMinutes(5))).isEqualTo(Consumption.granted(2));
		assertThat(store.consume(id, 3, inMinutes(5))).isEqualTo(Consumption.granted(3));
		Consumption denied = store.consume(id, 3, inMinutes(5));
		assertThat(denied.outcome()).isEqualTo(Consumption.Outcome.USED_UP);
		assertThat(denied.used()).isEqualTo(3);
		assertThat(store.usage(id)).isEqualTo(new UseState(3, false));
	}

	@Test
	void consumeWhenUnlimitedThenCountsWithoutLimit() {
		UseStore store = store();
		String id = newId();
		for (int i = 1; i <= 5; i++) {
			assertThat(store.consume(id, 0, inMinutes(5))).isEqualTo(Consumption.granted(i));
		}
	}

	@Test
	void usageWhenIdIsUnknownThenNothingUsedAndNotRevoked() {
		assertThat(store().usage(newId())).isEqualTo(UseState.UNSEEN);
	}

	@Test
	void releaseWhenUseWasTakenThenGivesItBack() {
		UseStore store = store();
		String id = newId();
		store.consume(id, 1, inMinutes(5));
		assertThat(store.consume(id, 1, inMinutes(5)).granted()).isFalse();
		assertThat(store.release(id, inMinutes(5))).isTrue();
		assertThat(store.usage(id).used()).isZero();
		assertThat(store.consume(id, 1, inMinutes(5)).granted()).isTrue();
	}

	@Test
	void releaseWhenNothingWasTakenThenDoesNothing() {
		UseStore store = store();
		String id = newId();
		assertThat(store.release(id, inMinutes(5))).isFalse();
		assertThat(store.usage(id)).isEqualTo(UseState.UNSEEN);
	}

	@Test
	void revokeWhenTokenIsLiveThenEveryLaterConsumeIsDenied() {
		UseStore store = store();
		String id = newId();
		store.consume(id, 5, inMinutes(5));
		store.revoke(id, inMinutes(5));
		assertThat(store.consume(id, 5, inMinutes(5)).outcome()).isEqualTo(Consumption.Outcome.REVOKED);
		assertThat(store.consume(id, 0, inMinutes(5)).outcome()).isEqualTo(Consumption.Outcome.REVOKED);
		assertThat(store.usage(id)).isEqualTo(new UseState(1, true));
	}

	@Test
	void revokeWhenTokenWasNeverUsedThenConsumeIsDenied() {
		UseStore store = store();
		String id = newId();
		store.revoke(id, inMinutes(5));
		assertThat(store.consume(id, 1, inMinutes(5)).outcome()).isEqualTo(Consumption.Outcome.REVOKED);
		assertThat(store.usage(id).revoked()).isTrue();
	}

	@Test
	void entriesWhenTheirTokenExpiredThenAreForgotten() throws Exception {
		UseStore store = store();
		String id = newId();
		Instant soon = Instant.now().plusMillis(1500);
		store.consume(id, 1, soon);
		store.revoke(newId(), soon);
		assertThat(store.usage(id).used()).isEqualTo(1);
		Thread.sleep(Duration.between(Instant.now(), soon).toMillis() + 1200);
		assertThat(store.usage(id)).isEqualTo(UseState.UNSEEN);
	}

	@Test
	void pingWhenStoreIsReachableThenReturns() {
		store().ping();
	}

	@ParameterizedTest(name = "maxUses {0}")
	@ValueSource(ints = { 1, 3 })
	void consumeWhenManyThreadsRaceThenExactlyMaxUsesWin(int maxUses) throws Exception {
		UseStore store = store();
		assertExactlyMaxUsesWin(maxUses, store, store);
	}

	@ParameterizedTest(name = "maxUses {0}")
	@ValueSource(ints = { 1, 3 })
	void consumeWhenTwoStoreInstancesRaceThenExactlyMaxUsesWin(int maxUses) throws Exception {
		UseStore first = store();
		UseStore second = createSecondStore();
		this.created.add(second);
		assertExactlyMaxUsesWin(maxUses, first, second);
	}

	private void assertExactlyMaxUsesWin(int maxUses, UseStore first, UseStore second) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			for (int round = 0; round < raceTokens(); round++) {
				String id = newId();
				Instant expiresAt = inMinutes(5);
				CyclicBarrier start = new CyclicBarrier(THREADS);
				List<Future<Boolean>> results = new ArrayList<>();
				for (int t = 0; t < THREADS; t++) {
					UseStore store = (t % 2 == 0) ? first : second;
					results.add(pool.submit(() -> {
						start.await(10, TimeUnit.SECONDS);
						return store.consume(id, maxUses, expiresAt).granted();
					}));
				}
				int winners = 0;
				for (Future<Boolean> result : results) {
					if (result.get(30, TimeUnit.SECONDS)) {
						winners++;
					}
				}
				assertThat(winners).as("winners for token %d of %d", round, raceTokens()).isEqualTo(maxUses);
				assertThat(first.usage(id).used()).isEqualTo(maxUses);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

}
