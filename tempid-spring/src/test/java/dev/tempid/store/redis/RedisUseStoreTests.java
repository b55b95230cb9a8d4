package dev.tempid.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.tempid.StoreUnavailableException;
import dev.tempid.store.Generation;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import dev.tempid.store.UseStore;
import dev.tempid.store.UseStoreContractTests;
import dev.tempid.testsupport.Servers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The store contract against the real Redis on 127.0.0.1:6379. */
class RedisUseStoreTests extends UseStoreContractTests {

	private final String prefix = "tempid-test:" + UUID.randomUUID() + ":";

	private final List<LettuceConnectionFactory> factories = new ArrayList<>();

	@BeforeEach
	void requireRedis() {
		Servers.REDIS.require();
	}

	@AfterEach
	void closeConnections() {
		StringRedisTemplate redis = new StringRedisTemplate(connect(6379));
		redis.delete(redis.keys(this.prefix + "*"));
		this.factories.forEach(LettuceConnectionFactory::destroy);
	}

	@Override
	protected UseStore createStore() {
		return new RedisUseStore(new StringRedisTemplate(connect(6379)), this.prefix);
	}

	private LettuceConnectionFactory connect(int port) {
		// generous on a shared, busy machine: Lettuce bounds the connection's handshake by the
		// command timeout, and 32 threads meet the first connect; the bounds themselves are
		// tested with silent servers and the stores' own timeouts
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(10)).build());
		factory.afterPropertiesSet();
		factory.start();
		this.factories.add(factory);
		return factory;
	}

	@Test
	void consumeWhenReplicaAcksAreRequiredAndTooFewReplicasAcknowledgeThenFailsClosedAndTheUseStaysSpent() {
		// the shared Redis has no replica: WAIT 1 answers 0
		RedisUseStore store = RedisUseStore.withBoundedWaits(connect(6379), this.prefix, Duration.ofSeconds(2));
		try {
			store.setReplicaAcks(1, Duration.ofMillis(200));
			long started = System.nanoTime();
			assertThatExceptionOfType(StoreUnavailableException.class)
				.isThrownBy(() -> store.consume("acked", 1, Duration.ofSeconds(60)))
				.withMessageContaining("0 of the 1 Redis replicas");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
			// the use may survive a failover, so it is never given back
			assertThat(store.usage("acked")).isEqualTo(new UseRecord(1, false));
			// a denial changes nothing and answers without replicas
			assertThat(store.consume("acked", 1, Duration.ofSeconds(60)).outcome())
				.isEqualTo(UseDecision.Outcome.USED_UP);
			assertThatExceptionOfType(StoreUnavailableException.class)
				.isThrownBy(() -> store.revoke("revoked", Duration.ofSeconds(60)));
			assertThatExceptionOfType(StoreUnavailableException.class)
				.isThrownBy(() -> store.retire("retired", 1, Duration.ofSeconds(60)));
			// with acknowledgements off again, the same store grants
			store.setReplicaAcks(0, Duration.ofMillis(200));
			assertThat(store.consume("unacked", 1, Duration.ofSeconds(60)).granted()).isTrue();
		}
		finally {
			destroy(store);
		}
	}

	@Test
	void subjectWritesWhenReplicaAcksAreRequiredAndTooFewReplicasAcknowledgeThenFailClosed() {
		// generations (supersede, revoke-all), login codes and issue counts are writes a failover
		// could forget as much as a use: they wait for the replicas too (the shared Redis has none)
		RedisUseStore store = RedisUseStore.withBoundedWaits(connect(6379), this.prefix, Duration.ofSeconds(2));
		try {
			String subject = UUID.randomUUID().toString().replace("-", "");
			String purpose = "0123456789abcdef";
			long generation = store.generation(subject, purpose, false, Duration.ofSeconds(60));
			Generation current = new Generation(subject, purpose, generation);
			String tokenId = subject + ".token";
			store.setReplicaAcks(1, Duration.ofMillis(100));
			assertThatExceptionOfType(StoreUnavailableException.class)
				.isThrownBy(() -> store.consume(tokenId, 1, Duration.ofSeconds(60), current))
				.withMessageContaining("0 of the 1 Redis replicas");
			assertThat(store.usage(tokenId).used()).isEqualTo(1);
			// a denial changed nothing and answers without replicas
			assertThat(store.consume(tokenId, 1, Duration.ofSeconds(60), current).outcome())
				.isEqualTo(UseDecision.Outcome.USED_UP);
			assertThatExceptionOfType(StoreUnavailableException.class)
				.isThrownBy(() -> store.putCode(subject + "~code", "hash", subject + ".other", current,
						Duration.ofSeconds(60)));
			assertThatExceptionOfType(StoreUnavailableException.class)
				.isThrownBy(() -> store.count("issued", 1, Duration.ofSeconds(60)));
			assertThat(store.count("issued", 1, Duration.ofSeconds(60)).allowed()).isFalse();
			assertThatExceptionOfType(StoreUnavailableException.class)
				.isThrownBy(() -> store.generation(subject, purpose, true, Duration.ofSeconds(60)))
				.withMessageContaining("0 of the 1 Redis replicas");
			assertThatExceptionOfType(StoreUnavailableException.class)
				.isThrownBy(() -> store.advanceGenerations(subject, null));
		}
		finally {
			destroy(store);
		}
	}

	@Test
	void withBoundedWaitsWhenBuiltThenItsConnectionIsOpenBeforeTheFirstCall() {
		// the first connect of a JVM can outlast the store timeout: it happens at start-up, not in a first login
		String name = "tempid-test-" + UUID.randomUUID();
		LettuceConnectionFactory named = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379),
				LettuceClientConfiguration.builder().clientName(name).commandTimeout(Duration.ofSeconds(10)).build());
		named.afterPropertiesSet();
		named.start();
		this.factories.add(named);
		assertThat(clientsNamed(name)).isZero();
		RedisUseStore store = RedisUseStore.withBoundedWaits(named, this.prefix, Duration.ofSeconds(2));
		try {
			assertThat(clientsNamed(name)).isEqualTo(1);
			assertThat(store.consume("first", 1, Duration.ofSeconds(60)).granted()).isTrue();
			assertThat(clientsNamed(name)).isEqualTo(1);
		}
		finally {
			destroy(store);
		}
	}

	private long clientsNamed(String name) {
		String clients = new StringRedisTemplate(connect(6379))
			.execute((RedisCallback<String>) (connection) -> String.valueOf(connection.serverCommands().getClientList()
				.stream().filter((client) -> name.equals(client.getName())).count()));
		return Long.parseLong(clients);
	}

	@Test
	void setReplicaAcksWhenTheWaitIsNotShorterThanTheStoreTimeoutThenRefused() {
		RedisUseStore store = RedisUseStore.withBoundedWaits(connect(6379), this.prefix, Duration.ofSeconds(2));
		try {
			assertThatIllegalArgumentException().isThrownBy(() -> store.setReplicaAcks(1, Duration.ofSeconds(2)))
				.withMessageContaining("shorter than the store timeout");
			assertThatIllegalArgumentException().isThrownBy(() -> store.setReplicaAcks(-1, Duration.ofMillis(100)));
		}
		finally {
			destroy(store);
		}
	}

	private static void destroy(RedisUseStore store) {
		try {
			store.destroy();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void keyWhenTokenIdGivenThenHashTaggedForRedisCluster() {
		RedisUseStore store = new RedisUseStore(new StringRedisTemplate(connect(6379)), "app:");
		assertThat(store.key("abc")).isEqualTo("app:{abc}");
	}

	@Test
	void keysWhenTokenIsConsumedThenExpireWithTheToken() {
		StringRedisTemplate redis = new StringRedisTemplate(connect(6379));
		RedisUseStore store = new RedisUseStore(redis, this.prefix);
		store.consume("ttl", 1, Duration.ofSeconds(120));
		Long ttl = redis.getExpire(store.key("ttl"));
		assertThat(ttl).isBetween(100L, 120L);
	}

	@Test
	void consumeWhenRedisIsDownThenStoreUnavailableWithinTheTimeout() {
		RedisUseStore down = new RedisUseStore(new StringRedisTemplate(connect(1)), this.prefix);
		long started = System.nanoTime();
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> down.consume("x", 1, Duration.ofSeconds(60)));
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(down::ping);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
	}

}
