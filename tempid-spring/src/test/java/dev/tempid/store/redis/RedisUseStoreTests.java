package dev.tempid.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.tempid.StoreUnavailableException;
import dev.tempid.store.UseStore;
import dev.tempid.store.UseStoreContractTests;
import dev.tempid.testsupport.Servers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		factory.afterPropertiesSet();
		factory.start();
		this.factories.add(factory);
		return factory;
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
