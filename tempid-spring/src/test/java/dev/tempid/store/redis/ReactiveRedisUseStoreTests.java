package dev.tempid.store.redis;

import java.time.Duration;
import java.util.UUID;

import dev.tempid.StoreUnavailableException;
import dev.tempid.store.UseDecision;
import dev.tempid.store.reactive.ReactiveUseStore;
import dev.tempid.store.reactive.ReactiveUseStoreContractTests;
import dev.tempid.testsupport.Servers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The reactive store contract against the real Redis on 127.0.0.1:6379. */
class ReactiveRedisUseStoreTests extends ReactiveUseStoreContractTests {

	private final String prefix = "tempid-test:" + UUID.randomUUID() + ":";

	@BeforeEach
	void requireRedis() {
		Servers.REDIS.require();
	}

	@AfterEach
	void deleteKeys() {
		StringRedisTemplate redis = new StringRedisTemplate(connect(6379, Duration.ofSeconds(2)));
		redis.delete(redis.keys(this.prefix + "*"));
	}

	/**
	 * The store as an application builds it on its own connection factory: the plain
	 * constructor, on a new factory that shares its native connection (Spring Data's default).
	 */
	@Override
	protected ReactiveUseStore createStore() {
		ReactiveRedisUseStore store = new ReactiveRedisUseStore(
				new ReactiveStringRedisTemplate(connect(6379, Duration.ofSeconds(2))), this.prefix);
		// generous on a shared, busy machine: the bound itself is tested with a silent server
		store.setTimeout(Duration.ofSeconds(10));
		return store;
	}

	/** The store Spring Boot builds: its own bounded connection to the same Redis. */
	@Override
	protected ReactiveUseStore createSecondStore() {
		ReactiveRedisUseStore store = ReactiveRedisUseStore.withBoundedWaits(connect(6379, Duration.ofSeconds(2)),
				this.prefix, Duration.ofSeconds(10));
		closeAfterTest(store::destroy);
		return store;
	}

	@Override
	protected ReactiveUseStore createStoreOn(int port, Duration timeout) {
		// the client's own timeout is far longer: the store's bound is what fails closed
		ReactiveRedisUseStore store = new ReactiveRedisUseStore(
				new ReactiveStringRedisTemplate(connect(port, Duration.ofMinutes(1))), this.prefix);
		store.setTimeout(timeout);
		return store;
	}

	private LettuceConnectionFactory connect(int port, Duration commandTimeout) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port),
				LettuceClientConfiguration.builder().commandTimeout(commandTimeout).build());
		factory.afterPropertiesSet();
		factory.start();
		closeAfterTest(factory::destroy);
		return factory;
	}

	@Test
	void consumeWhenABlockingStoreCountsTheSameTokenThenBothShareOneCount() {
		ReactiveUseStore reactive = createStore();
		RedisUseStore blocking = new RedisUseStore(new StringRedisTemplate(connect(6379, Duration.ofSeconds(2))),
				this.prefix);
		String id = newId();
		Duration expiresAt = inMinutes(5);
		assertThat(blocking.consume(id, 2, expiresAt)).isEqualTo(UseDecision.granted(1));
		assertThat(await(reactive.consume(id, 2, expiresAt))).isEqualTo(UseDecision.granted(2));
		assertThat(blocking.consume(id, 2, expiresAt).granted()).isFalse();
	}

	@Test
	void withBoundedWaitsWhenBuiltThenItsConnectionIsOpenBeforeTheFirstCall() {
		// the first connect of a JVM can outlast the store timeout: it happens at start-up, not in a first login
		String name = "tempid-test-" + UUID.randomUUID();
		LettuceConnectionFactory named = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379),
				LettuceClientConfiguration.builder().clientName(name).commandTimeout(Duration.ofSeconds(10)).build());
		named.afterPropertiesSet();
		named.start();
		closeAfterTest(named::destroy);
		assertThat(clientsNamed(name)).isZero();
		ReactiveRedisUseStore store = ReactiveRedisUseStore.withBoundedWaits(named, this.prefix, Duration.ofSeconds(2));
		closeAfterTest(store::destroy);
		assertThat(clientsNamed(name)).isEqualTo(1);
		assertThat(await(store.consume("first", 1, inMinutes(1))).granted()).isTrue();
		assertThat(clientsNamed(name)).isEqualTo(1);
	}

	private long clientsNamed(String name) {
		String clients = new StringRedisTemplate(connect(6379, Duration.ofSeconds(10)))
			.execute((RedisCallback<String>) (connection) -> String.valueOf(connection.serverCommands().getClientList()
				.stream().filter((client) -> name.equals(client.getName())).count()));
		return Long.parseLong(clients);
	}

	@Test
	void consumeWhenTheSharedConnectionCannotConnectThenFailsClosedWithinTheTimeout() throws Exception {
		try (SilentServer silent = new SilentServer()) {
			// Spring Data connects a shared connection synchronously: the store keeps that off the caller's thread
			LettuceConnectionFactory sharedSilent = connect(silent.port(), Duration.ofMinutes(1));
			ReactiveRedisUseStore down = new ReactiveRedisUseStore(new ReactiveStringRedisTemplate(sharedSilent),
					this.prefix);
			down.setTimeout(Duration.ofMillis(500));
			long started = System.nanoTime();
			assertThatExceptionOfType(StoreUnavailableException.class)
				.isThrownBy(() -> await(down.consume("x", 1, inMinutes(1))));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
		}
	}

	@Test
	void withBoundedWaitsWhenRedisDoesNotAnswerThenFailsClosedWithinTheTimeout() throws Exception {
		try (SilentServer silent = new SilentServer()) {
			// the application's client would wait a minute: the store's own connection does not
			ReactiveRedisUseStore down = ReactiveRedisUseStore.withBoundedWaits(connect(silent.port(), Duration.ofMinutes(1)),
					this.prefix, Duration.ofMillis(500));
			closeAfterTest(down::destroy);
			long started = System.nanoTime();
			assertThatExceptionOfType(StoreUnavailableException.class)
				.isThrownBy(() -> await(down.consume("x", 1, inMinutes(1))));
			assertThatExceptionOfType(StoreUnavailableException.class)
				.isThrownBy(() -> await(down.retire("x", 1, inMinutes(1))));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
		}
	}

	@Test
	void keysWhenTokenIsConsumedThenExpireWithTheToken() {
		StringRedisTemplate redis = new StringRedisTemplate(connect(6379, Duration.ofSeconds(2)));
		ReactiveRedisUseStore store = (ReactiveRedisUseStore) createStore();
		await(store.consume("ttl", 1, Duration.ofSeconds(120)));
		assertThat(store.key("ttl")).isEqualTo(this.prefix + "{ttl}");
		assertThat(redis.getExpire(store.key("ttl"))).isBetween(100L, 120L);
	}

}
