package dev.tempid.store.reactive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tempid.StoreUnavailableException;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The contract every {@link ReactiveUseStore} must keep, the reactive twin of tempid-core's
 * {@code UseStoreContractTests}: run against the in-memory store and, on the real servers,
 * Redis, PostgreSQL and MariaDB. Every operation is subscribed on Reactor's parallel
 * scheduler, whose threads BlockHound (installed for this module's tests) watches: a
 * store that blocks fails here.
 */
public abstract class ReactiveUseStoreContractTests {

	/** Subscribers released together in the race tests. */
	protected static final int SUBSCRIBERS = 32;

	/** How long a test waits for one answer. */
	protected static final Duration WAIT = Duration.ofSeconds(30);

	private final List<AutoCloseable> resources = new ArrayList<>();

	/** A store on the backend under test. */
	protected abstract ReactiveUseStore createStore();

	/** A second, independent store instance (its own connections) on the same backend. */
	protected abstract ReactiveUseStore createSecondStore();

	/**
	 * A store of this backend whose server is at {@code port} on the loopback address,
	 * with the given timeout; {@code null} when the backend has no server.
	 */
	protected abstract ReactiveUseStore createStoreOn(int port, Duration timeout);

	/** Tokens raced per round in the race tests. */
	protected int raceTokens() {
		return 25;
	}

	/** Closes a resource after the test. */
	protected void closeAfterTest(AutoCloseable resource) {
		this.resources.add(resource);
	}

	@AfterEach
	void closeResources() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	protected static String newId() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	protected static Duration inMinutes(int minutes) {
		return Duration.ofMinutes(minutes);
	}

	/** Subscribes on a non-blocking thread (watched by BlockHound) and waits for the answer. */
	protected static <T> T await(Mono<T> operation) {
		return operation.subscribeOn(Schedulers.parallel()).block(WAIT);
	}

	@Test
	void consumeWhenUsesAreLeftThenGrantsAndCounts() {
		ReactiveUseStore store = createStore();
		String id = newId();
		assertThat(await(store.consume(id, 3, inMinutes(5)))).isEqualTo(UseDecision.granted(1));
		assertThat(await(store.consume(id, 3, inMinutes(5)))).isEqualTo(UseDecision.granted(2));
		assertThat(await(store.consume(id, 3, inMinutes(5)))).isEqualTo(UseDecision.granted(3));
		assertThat(await(store.consume(id, 3, inMinutes(5)))).isEqualTo(UseDecision.usedUp(3));
		assertThat(await(store.usage(id))).isEqualTo(new UseRecord(3, false));
	}

	@Test
	void consumeWhenUnlimitedThenCountsWithoutLimit() {
		ReactiveUseStore store = createStore();
		String id = newId();
		for (int i = 1; i <= 5; i++) {
			assertThat(await(store.consume(id, 0, inMinutes(5)))).isEqualTo(UseDecision.granted(i));
		}
	}

	@Test
	void consumeWhenNotSubscribedThenTakesNothing() {
		ReactiveUseStore store = createStore();
		String id = newId();
		store.consume(id, 1, inMinutes(5));
		store.revoke(id, inMinutes(5));
		assertThat(await(store.usage(id))).isEqualTo(UseRecord.UNSEEN);
	}

	@Test
	void consumeWhenSubscribedTwiceThenTakesTwoUses() {
		ReactiveUseStore store = createStore();
		String id = newId();
		Mono<UseDecision> consume = store.consume(id, 2, inMinutes(5));
		assertThat(await(consume).granted()).isTrue();
		assertThat(await(consume)).isEqualTo(UseDecision.granted(2));
		assertThat(await(consume)).isEqualTo(UseDecision.usedUp(2));
	}

	@Test
	void usageWhenIdIsUnknownThenNothingUsedAndNotRevoked() {
		assertThat(await(createStore().usage(newId()))).isEqualTo(UseRecord.UNSEEN);
	}

	@Test
	void releaseWhenUseWasTakenThenGivesItBack() {
		ReactiveUseStore store = createStore();
		String id = newId();
		await(store.consume(id, 1, inMinutes(5)));
		assertThat(await(store.consume(id, 1, inMinutes(5))).granted()).isFalse();
		assertThat(await(store.release(id))).isTrue();
		assertThat(await(store.usage(id)).used()).isZero();
		assertThat(await(store.consume(id, 1, inMinutes(5))).granted()).isTrue();
	}

	@Test
	void releaseWhenNothingWasTakenThenDoesNothing() {
		ReactiveUseStore store = createStore();
		String id = newId();
		assertThat(await(store.release(id))).isFalse();
		assertThat(await(store.usage(id))).isEqualTo(UseRecord.UNSEEN);
	}

	@Test
	void revokeWhenTokenIsLiveThenEveryLaterConsumeIsDenied() {
		ReactiveUseStore store = createStore();
		String id = newId();
		await(store.consume(id, 5, inMinutes(5)));
		await(store.revoke(id, inMinutes(5)));
		assertThat(await(store.consume(id, 5, inMinutes(5)))).isEqualTo(UseDecision.revoked());
		assertThat(await(store.consume(id, 0, inMinutes(5)))).isEqualTo(UseDecision.revoked());
		assertThat(await(store.usage(id))).isEqualTo(new UseRecord(1, true));
	}

	@Test
	void revokeWhenTokenWasNeverUsedThenConsumeIsDenied() {
		ReactiveUseStore store = createStore();
		String id = newId();
		await(store.revoke(id, inMinutes(5)));
		assertThat(await(store.consume(id, 1, inMinutes(5))).outcome()).isEqualTo(UseDecision.Outcome.REVOKED);
		assertThat(await(store.usage(id)).revoked()).isTrue();
	}

	@Test
	void entriesWhenTheirTokenExpiredThenAreForgotten() throws Exception {
		ReactiveUseStore store = createStore();
		String id = newId();
		Duration soon = Duration.ofMillis(1500);
		await(store.consume(id, 1, soon));
		await(store.revoke(newId(), soon));
		assertThat(await(store.usage(id)).used()).isEqualTo(1);
		Thread.sleep(soon.toMillis() + 1200);
		assertThat(await(store.usage(id))).isEqualTo(UseRecord.UNSEEN);
	}

	@Test
	void consumeWhenLaterCallAsksForLessTimeThenEntryIsNotShortened() throws Exception {
		ReactiveUseStore store = createStore();
		String id = newId();
		await(store.consume(id, 0, inMinutes(5)));
		await(store.consume(id, 0, Duration.ofMillis(300)));
		await(store.revoke(id, Duration.ofMillis(300)));
		Thread.sleep(1500);
		assertThat(await(store.usage(id))).isEqualTo(new UseRecord(2, true));
	}

	@Test
	void consumeWhenTtlIsNotPositiveThenRefused() {
		ReactiveUseStore store = createStore();
		assertThatIllegalArgumentException().isThrownBy(() -> await(store.consume(newId(), 1, Duration.ZERO)));
		assertThatIllegalArgumentException().isThrownBy(() -> await(store.retire(newId(), 1, Duration.ZERO)));
		assertThatIllegalArgumentException().isThrownBy(() -> await(store.revoke(newId(), Duration.ofMillis(-1))));
	}

	@Test
	void retireWhenUsesAreLeftThenEndsTheTokenAndReportsUsesTaken() {
		ReactiveUseStore store = createStore();
		String id = newId();
		await(store.consume(id, 3, inMinutes(5)));
		assertThat(await(store.retire(id, 3, inMinutes(5)))).isEqualTo(UseDecision.granted(1));
		assertThat(await(store.usage(id))).isEqualTo(new UseRecord(1, true));
		assertThat(await(store.consume(id, 3, inMinutes(5))).outcome()).isEqualTo(UseDecision.Outcome.REVOKED);
		assertThat(await(store.retire(id, 3, inMinutes(5))).outcome()).isEqualTo(UseDecision.Outcome.REVOKED);
	}

	@Test
	void retireWhenTokenWasNeverSeenOrUnlimitedThenGrantedWithNoUsesTaken() {
		ReactiveUseStore store = createStore();
		String unseen = newId();
		assertThat(await(store.retire(unseen, 1, inMinutes(5)))).isEqualTo(UseDecision.granted(0));
		assertThat(await(store.usage(unseen)).revoked()).isTrue();
		String unlimited = newId();
		await(store.consume(unlimited, 0, inMinutes(5)));
		await(store.consume(unlimited, 0, inMinutes(5)));
		assertThat(await(store.retire(unlimited, 0, inMinutes(5)))).isEqualTo(UseDecision.granted(2));
		assertThat(await(store.consume(unlimited, 0, inMinutes(5))).outcome()).isEqualTo(UseDecision.Outcome.REVOKED);
	}

	@Test
	void retireWhenUsedUpOrRevokedThenDeniedAndNothingChanges() {
		ReactiveUseStore store = createStore();
		String usedUp = newId();
		await(store.consume(usedUp, 1, inMinutes(5)));
		assertThat(await(store.retire(usedUp, 1, inMinutes(5)))).isEqualTo(UseDecision.usedUp(1));
		assertThat(await(store.usage(usedUp))).isEqualTo(new UseRecord(1, false));
		String revoked = newId();
		await(store.revoke(revoked, inMinutes(5)));
		assertThat(await(store.retire(revoked, 1, inMinutes(5))).outcome()).isEqualTo(UseDecision.Outcome.REVOKED);
	}

	@ParameterizedTest(name = "maxUses {0}")
	@ValueSource(ints = { 0, 2 })
	void retireWhenManySubscribersRaceThenExactlyOneWins(int maxUses) {
		ReactiveUseStore first = createStore();
		ReactiveUseStore second = createSecondStore();
		for (int round = 0; round < raceTokens(); round++) {
			String id = newId();
			List<Mono<Boolean>> racers = new ArrayList<>();
			for (int s = 0; s < SUBSCRIBERS; s++) {
				ReactiveUseStore store = (s % 2 == 0) ? first : second;
				racers.add(store.retire(id, maxUses, inMinutes(5)).map(UseDecision::granted).subscribeOn(Schedulers.parallel()));
			}
			List<Boolean> results = Flux.merge(racers).collectList().block(WAIT);
			assertThat(results.stream().filter(Boolean::booleanValue).count())
				.as("retires granted for token %d of %d", round, raceTokens())
				.isEqualTo(1);
			assertThat(await(first.usage(id)).revoked()).isTrue();
		}
	}

	@Test
	void pingWhenStoreIsReachableThenCompletes() {
		await(createStore().ping());
	}

	@Test
	void consumeWhenServerIsDownThenStoreUnavailableWithinTheTimeout() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		ReactiveUseStore down = createStoreOn(closedPort, Duration.ofMillis(500));
		if (down == null) {
			return;
		}
		assertFailsClosedWithin(down, Duration.ofSeconds(5));
	}

	@Test
	void consumeWhenServerDoesNotAnswerThenStoreUnavailableWithinTheTimeout() throws IOException {
		try (SilentServer silent = new SilentServer()) {
			ReactiveUseStore store = createStoreOn(silent.port(), Duration.ofMillis(500));
			if (store == null) {
				return;
			}
			assertFailsClosedWithin(store, Duration.ofSeconds(3));
		}
	}

	private static void assertFailsClosedWithin(ReactiveUseStore store, Duration limit) {
		long started = System.nanoTime();
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> await(store.consume("x", 1, inMinutes(1))));
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> await(store.usage("x")));
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> await(store.ping()));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(limit.multipliedBy(3));
	}

	@ParameterizedTest(name = "maxUses {0}")
	@ValueSource(ints = { 1, 3 })
	void consumeWhenManySubscribersRaceThenExactlyMaxUsesWin(int maxUses) {
		ReactiveUseStore store = createStore();
		assertExactlyMaxUsesWin(maxUses, store, store);
	}

	@ParameterizedTest(name = "maxUses {0}")
	@ValueSource(ints = { 1, 3 })
	void consumeWhenTwoStoreInstancesRaceThenExactlyMaxUsesWin(int maxUses) {
		assertExactlyMaxUsesWin(maxUses, createStore(), createSecondStore());
	}

	private void assertExactlyMaxUsesWin(int maxUses, ReactiveUseStore first, ReactiveUseStore second) {
		for (int round = 0; round < raceTokens(); round++) {
			String id = newId();
			Duration expiresAt = inMinutes(5);
			List<Mono<Boolean>> racers = new ArrayList<>();
			for (int s = 0; s < SUBSCRIBERS; s++) {
				ReactiveUseStore store = (s % 2 == 0) ? first : second;
				racers.add(store.consume(id, maxUses, expiresAt)
					.map(UseDecision::granted)
					.subscribeOn(Schedulers.parallel()));
			}
			List<Boolean> results = Flux.merge(racers).collectList().block(WAIT);
			assertThat(results).hasSize(SUBSCRIBERS);
			assertThat(results.stream().filter(Boolean::booleanValue).count())
				.as("winners for token %d of %d", round, raceTokens())
				.isEqualTo(maxUses);
			assertThat(await(first.usage(id)).used()).isEqualTo(maxUses);
		}
	}

	/** A TCP server that accepts connections and never answers. */
	protected static final class SilentServer implements AutoCloseable {

		private final ServerSocket socket;

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		public SilentServer() throws IOException {
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(() -> {
				while (!this.socket.isClosed()) {
					try {
						this.accepted.add(this.socket.accept());
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "silent-server");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		public int port() {
			return this.socket.getLocalPort();
		}

		@Override
		public void close() {
			try {
				this.socket.close();
				for (Socket s : this.accepted) {
					s.close();
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
