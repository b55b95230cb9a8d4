package dev.tempid.autoconfigure;

import dev.tempid.store.UseStore;
import dev.tempid.store.redis.RedisUseStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis {@link UseStore}, for {@code tempid.store.type=redis}, to the Redis of the
 * application's {@link RedisConnectionFactory} (configured through
 * {@code spring.data.redis.*}). With Lettuce the store opens its own connection, which
 * rejects commands while Redis is unreachable and bounds every call by
 * {@code tempid.store.timeout}, whatever {@code spring.data.redis.timeout} says.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class)
@ConditionalOnClass(StringRedisTemplate.class)
@ConditionalOnProperty(name = "tempid.store.type", havingValue = "redis")
@EnableConfigurationProperties(TempIdProperties.class)
public final class TempIdRedisStoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(UseStore.class)
	@ConditionalOnBean(RedisConnectionFactory.class)
	RedisUseStore tempidRedisUseStore(RedisConnectionFactory connectionFactory, TempIdProperties properties) {
		TempIdProperties.Redis redis = properties.getStore().getRedis();
		RedisUseStore.ClusterRefresh refresh = new RedisUseStore.ClusterRefresh(
				redis.getCluster().getTopologyRefreshPeriod(), redis.getCluster().isAdaptiveTopologyRefresh());
		RedisUseStore store = RedisUseStore.withBoundedWaits(connectionFactory, redis.getKeyPrefix(),
				properties.getStore().getTimeout(), refresh);
		if (redis.getReplicaAcks() > 0) {
			try {
				store.setReplicaAcks(redis.getReplicaAcks(), redis.getReplicaAckTimeout());
			}
			catch (IllegalArgumentException | IllegalStateException ex) {
				destroyQuietly(store);
				throw new TempIdConfigurationException("tempid.store.redis.replica-acks: " + ex.getMessage(),
						"Set tempid.store.redis.replica-ack-timeout shorter than tempid.store.timeout, "
								+ "and use the Lettuce client (Spring Boot's default).");
			}
		}
		return store;
	}

	private static void destroyQuietly(RedisUseStore store) {
		try {
			store.destroy();
		}
		catch (Exception ex) {
			// the start-up fails anyway
		}
	}

}
