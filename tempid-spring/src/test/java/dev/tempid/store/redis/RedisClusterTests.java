package dev.tempid.store.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tempid.StoreUnavailableException;
import dev.tempid.store.UseDecision;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis store on a Redis Cluster of the test's own ({@link RedisCluster}: three
 * masters, three replicas, node timeout 3 s), through two store instances as two
 * application instances would use it, while masters fail: killed ({@code kill -9}) and
 * frozen ({@code SIGSTOP}) for longer than the node timeout, with and without replica
 * acknowledgements. What each mode guarantees is stated in docs/stores.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final Duration ACK_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration TTL = Duration.ofMinutes(10);

	/** The longest outage of a failed master's keys the tests accept (measured: see docs/stores.md). */
	private static final Duration OUTAGE_BOUND = Duration.ofSeconds(30);

	/** The nodes' files and logs: kept when a test fails, to read what the cluster did. */
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	static Path directory;

	private RedisCluster cluster;

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	private final List<RedisUseStore> stores = new ArrayList<>();

	@BeforeAll
	void startCluster() throws Exception {
		this.cluster = RedisCluster.start(directory);
	}

	@AfterAll
	void stopCluster() {
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@BeforeEach
	void healthyCluster() throws Exception {
		this.cluster.awaitHealthy();
	}

	@AfterEach
	void closeStores() throws Exception {
		for (RedisUseStore store : this.stores) {
			store.destroy();
		}
		for (LettuceConnectionFactory factory : this.factories) {
			factory.destroy();
		}
		this.stores.clear();
		this.factories.clear();
	}

	@Test
	@Order(1)
	void consumeWhenTwoInstancesRaceOnTheClusterThenExactlyMaxUsesAreGranted() throws Exception {
		RedisUseStore first = store("race:", 0);
		RedisUseStore second = store("race:", 0);
		List<String> tokens = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			tokens.add(UUID.randomUUID().toString());
		}
		Map<String, AtomicInteger> grants = new ConcurrentHashMap<>();
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			for (String token : tokens) {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<?>> uses = new ArrayList<>();
				for (int i = 0; i < 16; i++) {
					RedisUseStore store = (i % 2 == 0) ? first : second;
					uses.add(pool.submit(() -> {
						start.await();
						if (store.consume(token, 1, TTL).granted()) {
							grants.computeIfAbsent(token, (t) -> new AtomicInteger()).incrementAndGet();
						}
						return null;
					}));
				}
				start.countDown();
				for (Future<?> use : uses) {
					use.get(60, TimeUnit.SECONDS);
				}
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(grants).hasSize(100);
		assertThat(grants.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
		// the keys really are spread over the cluster's masters
		assertThat(tokens.stream().map((token) -> this.cluster.masterOf(slot(first, token), port())).distinct())
			.hasSize(3);
	}

	@Test
	@Order(2)
	void consumeWhenAMasterIsKilledThenItsKeysAreRefusedForABoundedTimeAndNoUseIsGrantedTwice() throws Exception {
		Failover failover = new Failover("kill:", 1);
		failover.run((victim) -> {
			this.cluster.kill(victim);
			awaitPromotion(victim);
		}, (victim) -> this.cluster.restart(victim));
		assertThat(failover.overGranted()).as("tokens granted again").isEmpty();
		assertThat(failover.outage()).isLessThan(OUTAGE_BOUND);
	}

	@Test
	@Order(3)
	void consumeWhenAMasterIsFrozenLongerThanTheNodeTimeoutWithReplicaAcksThenNoUseIsGrantedTwice() throws Exception {
		Failover failover = new Failover("frozen-acks:", 1);
		failover.run((victim) -> {
			this.cluster.freeze(victim);
			awaitPromotion(victim);
			// frozen on past its replica's promotion, as a long pause would
			Thread.sleep(2 * RedisCluster.NODE_TIMEOUT_MILLIS);
		}, (victim) -> this.cluster.thaw(victim));
		assertThat(failover.overGranted()).as("tokens granted again").isEmpty();
		assertThat(failover.outage()).isLessThan(OUTAGE_BOUND);
	}

	@Test
	@Order(4)
	void consumeWhenAMasterIsFrozenWithoutReplicaAcksThenOnlyItsOwnKeysCanBeGrantedAgain() throws Exception {
		// docs/stores.md: without replica acknowledgements, a failover may forget uses the
		// failed master granted shortly before it; keys on the other masters are unaffected
		Failover failover = new Failover("frozen:", 0);
		failover.run((victim) -> {
			this.cluster.freeze(victim);
			awaitPromotion(victim);
			Thread.sleep(2 * RedisCluster.NODE_TIMEOUT_MILLIS);
		}, (victim) -> this.cluster.thaw(victim));
		assertThat(failover.victimTokens()).isNotEmpty();
		assertThat(failover.overGranted()).as("tokens granted again").isSubsetOf(failover.victimTokens());
		assertThat(failover.outage()).isLessThan(OUTAGE_BOUND);
	}

	/**
	 * Two store instances spend single-use tokens without pause, half of them on the victim
	 * master, while the victim fails and the cluster recovers. Afterwards every token that
	 * was granted is consumed once more: a use the cluster forgot shows as a second grant.
	 */
	private final class Failover {

		private final String prefix;

		private final RedisUseStore first;

		private final RedisUseStore second;

		private final Map<String, Boolean> granted = new ConcurrentHashMap<>();

		private final Queue<Long> victimGrantTimes = new ConcurrentLinkedQueue<>();

		private final Map<String, Long> grantedAt = new ConcurrentHashMap<>();

		private final AtomicInteger refused = new AtomicInteger();

		private final List<String> overGranted = new ArrayList<>();

		private long failedAt;

		private long endedAt;

		Failover(String prefix, int replicaAcks) {
			this.prefix = prefix;
			this.first = store(prefix, replicaAcks);
			this.second = store(prefix, replicaAcks);
		}

		void run(ClusterAction fail, ClusterAction recover) throws Exception {
			int anyPort = port();
			int victim = RedisClusterTests.this.cluster.masterOf(0, anyPort);
			RedisCluster.Node victimNode = RedisClusterTests.this.cluster.view(anyPort)
				.stream()
				.filter((node) -> node.port() == victim)
				.findFirst()
				.orElseThrow();
			AtomicBoolean running = new AtomicBoolean(true);
			ExecutorService load = Executors.newFixedThreadPool(4);
			List<Future<?>> workers = new ArrayList<>();
			try {
				for (int w = 0; w < 4; w++) {
					RedisUseStore store = (w % 2 == 0) ? this.first : this.second;
					boolean onVictim = w < 2;
					workers.add(load.submit(() -> {
						while (running.get()) {
							String token = UUID.randomUUID().toString();
							if (victimNode.serves(slot(store, token)) != onVictim) {
								continue;
							}
							try {
								if (store.consume(token, 1, TTL).granted()) {
									this.granted.put(token, onVictim);
									this.grantedAt.put(token, System.nanoTime());
									if (onVictim) {
										this.victimGrantTimes.add(System.nanoTime());
									}
								}
							}
							catch (StoreUnavailableException ex) {
								this.refused.incrementAndGet();
							}
							Thread.sleep(5);
						}
						return null;
					}));
				}
				Thread.sleep(1000);
				this.failedAt = System.nanoTime();
				fail.run(victim);
				recover.run(victim);
				RedisClusterTests.this.cluster.awaitHealthy();
				long recovered = System.nanoTime();
				RedisCluster.await("grants on the failed master's keys after the recovery", 60,
						() -> this.victimGrantTimes.stream().anyMatch((time) -> time > recovered));
				Thread.sleep(500);
			}
			finally {
				running.set(false);
				this.endedAt = System.nanoTime();
				load.shutdown();
				for (Future<?> worker : workers) {
					worker.get(60, TimeUnit.SECONDS);
				}
			}
			// every granted token once more, on the other instance: it must be used up
			List<Future<?>> checks = new ArrayList<>();
			ExecutorService check = Executors.newFixedThreadPool(4);
			List<String> tokens = new ArrayList<>(this.granted.keySet());
			try {
				for (int c = 0; c < 4; c++) {
					int part = c;
					checks.add(check.submit(() -> {
						for (int i = part; i < tokens.size(); i += 4) {
							if (consumeAgain(tokens.get(i)).granted()) {
								synchronized (this.overGranted) {
									this.overGranted.add(tokens.get(i));
								}
							}
						}
						return null;
					}));
				}
				for (Future<?> future : checks) {
					future.get(5, TimeUnit.MINUTES);
				}
			}
			finally {
				check.shutdownNow();
			}
			System.out.printf("%s %d tokens granted (%d on the failed master), %d refused, longest outage of the "
					+ "failed master's keys %d ms, %d granted again%n", this.prefix, this.granted.size(),
					victimTokens().size(), this.refused.get(), outage().toMillis(), this.overGranted.size());
			for (String token : this.overGranted) {
				// when it was first granted, from the failure on (negative: before it), and where
				System.out.printf("%s granted again: first granted at %+d ms, on the failed master: %s%n", this.prefix,
						TimeUnit.NANOSECONDS.toMillis(this.grantedAt.get(token) - this.failedAt), this.granted.get(token));
			}
		}

		List<String> victimTokens() {
			return this.granted.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
		}

		List<String> overGranted() {
			return this.overGranted;
		}

		/** The longest time without a grant on the failed master's keys, from the failure on. */
		Duration outage() {
			List<Long> times = new ArrayList<>(this.victimGrantTimes);
			times.add(this.endedAt);
			Collections.sort(times);
			long previous = this.failedAt;
			long longest = 0;
			for (long time : times) {
				if (time > this.failedAt) {
					longest = Math.max(longest, time - previous);
					previous = time;
				}
			}
			return Duration.ofNanos(longest);
		}

		private UseDecision consumeAgain(String token) throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (true) {
				try {
					return this.second.consume(token, 1, TTL);
				}
				catch (StoreUnavailableException ex) {
					if (System.nanoTime() > deadline) {
						throw ex;
					}
					Thread.sleep(100);
				}
			}
		}

	}

	private void awaitPromotion(int victim) throws InterruptedException {
		int other = this.cluster.ports().stream().filter((port) -> port != victim).findFirst().orElseThrow();
		// one read of the view: two reads raced the failure detection (the first saw the victim as
		// master, the second no master at all) and let the victim restart, empty, before any
		// failover, so that its replica resynced from it and lost everything (a Redis without
		// persistence does that to any master restarted before its replica is promoted)
		RedisCluster.await("a replica of " + victim + " to be promoted", 60, () -> {
			int master = this.cluster.masterOf(0, other);
			return master > 0 && master != victim;
		});
	}

	private int port() {
		for (int port : this.cluster.ports()) {
			if (this.cluster.cli(port, "PING").trim().equals("PONG")) {
				return port;
			}
		}
		throw new AssertionError("no node answers");
	}

	private static int slot(RedisUseStore store, String token) {
		return SlotHash.getSlot(store.key(token));
	}

	private RedisUseStore store(String prefix, int replicaAcks) {
		RedisClusterConfiguration configuration = new RedisClusterConfiguration(this.cluster.addresses());
		// the application's factory with Lettuce's defaults, as Spring Boot builds it
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration);
		factory.afterPropertiesSet();
		factory.start();
		this.factories.add(factory);
		RedisUseStore store = RedisUseStore.withBoundedWaits(factory, prefix, TIMEOUT,
				RedisUseStore.ClusterRefresh.DEFAULT);
		if (replicaAcks > 0) {
			store.setReplicaAcks(replicaAcks, ACK_TIMEOUT);
		}
		this.stores.add(store);
		// the first connection reads the topology from every node: on a loaded machine that
		// may take longer than the timeout once, and the store then refuses until it has it
		try {
			RedisCluster.await("the store to connect", 60, () -> {
				try {
					store.ping();
					return true;
				}
				catch (StoreUnavailableException ex) {
					return false;
				}
			});
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return store;
	}

	@FunctionalInterface
	private interface ClusterAction {

		void run(int victim) throws Exception;

	}

}
