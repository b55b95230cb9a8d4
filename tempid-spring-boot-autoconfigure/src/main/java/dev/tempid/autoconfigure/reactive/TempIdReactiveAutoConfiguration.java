package dev.tempid.autoconfigure.reactive;

import javax.sql.DataSource;

import dev.tempid.TokenService;
import dev.tempid.autoconfigure.TempIdConfigurationException;
import dev.tempid.autoconfigure.TempIdJdbcStoreProperties;
import dev.tempid.autoconfigure.TempIdProperties;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.UseStore;
import dev.tempid.store.reactive.BlockingUseStoreAdapter;
import dev.tempid.store.reactive.InMemoryReactiveUseStore;
import dev.tempid.store.reactive.ReactiveUseStore;
import dev.tempid.store.r2dbc.R2dbcUseStore;
import dev.tempid.store.redis.ReactiveRedisUseStore;
import dev.tempid.store.redis.RedisUseStore;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.autoconfigure.init.OnDatabaseInitializationCondition;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The reactive use store and the {@link ReactiveTokenService} of a reactive web
 * application, from the same {@code tempid.store.*} properties as the blocking store:
 * {@code memory} shares the blocking in-memory store's counts; {@code redis} runs the
 * same scripts on the same keys through the application's
 * {@link ReactiveRedisConnectionFactory}; {@code jdbc} runs the same statements on the
 * same table ({@code tempid.store.jdbc.table-name}, {@code cleanup-cron}) through the
 * application's R2DBC {@code ConnectionFactory}. Without a {@code DataSource} (so no JDBC
 * store), the blocking {@code TokenService} counts through the same R2DBC store, waited
 * for ({@link BlockingUseStoreAdapter}), and the table is created through R2DBC as
 * {@code tempid.store.jdbc.initialize-schema} says; with one, the JDBC side does both as
 * before. Every call of the Redis and R2DBC stores is bounded by
 * {@code tempid.store.timeout}. The reactive Redis store does not wait for replica
 * acknowledgements: {@code tempid.store.redis.replica-acks} above 0 fails start-up rather
 * than being ignored.
 */
@AutoConfiguration(afterName = { "dev.tempid.autoconfigure.TempIdAutoConfiguration",
		"dev.tempid.autoconfigure.TempIdRedisStoreAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration" })
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ Mono.class, ReactiveTokenService.class })
@EnableConfigurationProperties(TempIdProperties.class)
public final class TempIdReactiveAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ReactiveUseStore.class)
	@ConditionalOnProperty(name = "tempid.store.type", havingValue = "memory", matchIfMissing = true)
	@ConditionalOnBean(InMemoryUseStore.class)
	InMemoryReactiveUseStore tempIdReactiveUseStore(InMemoryUseStore store) {
		return new InMemoryReactiveUseStore(store);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ TokenService.class, ReactiveUseStore.class })
	ReactiveTokenService reactiveTokenService(TokenService tokens, ReactiveUseStore store) {
		return new ReactiveTokenService(tokens, store);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ReactiveStringRedisTemplate.class)
	@ConditionalOnProperty(name = "tempid.store.type", havingValue = "redis")
	static class RedisConfiguration {

		@Bean
		@ConditionalOnMissingBean(ReactiveUseStore.class)
		@ConditionalOnBean(ReactiveRedisConnectionFactory.class)
		ReactiveRedisUseStore tempIdReactiveRedisUseStore(ReactiveRedisConnectionFactory connectionFactory,
				TempIdProperties properties) {
			TempIdProperties.Redis redis = properties.getStore().getRedis();
			if (redis.getReplicaAcks() > 0) {
				throw new TempIdConfigurationException("tempid.store.redis.replica-acks is "
						+ redis.getReplicaAcks() + ", but the reactive Redis store of a WebFlux application does not "
						+ "wait for replica acknowledgements: its consumes would be reported done before any "
						+ "replica has them", "Remove tempid.store.redis.replica-acks (or set it to 0) for this "
								+ "application, or run it on Spring MVC, whose Redis store waits for them.");
			}
			RedisUseStore.ClusterRefresh refresh = new RedisUseStore.ClusterRefresh(
					redis.getCluster().getTopologyRefreshPeriod(), redis.getCluster().isAdaptiveTopologyRefresh());
			return ReactiveRedisUseStore.withBoundedWaits(connectionFactory, redis.getKeyPrefix(),
					properties.getStore().getTimeout(), refresh);
		}

	}

	// spring-boot-sql (brought by spring-boot-r2dbc and spring-boot-jdbc) binds the table's
	// properties and runs its script; a WebFlux application without SQL needs neither
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(value = { DatabaseClient.class, ConnectionFactory.class },
			name = "org.springframework.boot.sql.init.DatabaseInitializationMode")
	@ConditionalOnProperty(name = "tempid.store.type", havingValue = "jdbc")
	@EnableConfigurationProperties(TempIdJdbcStoreProperties.class)
	@Import(DatabaseInitializationDependencyConfigurer.class)
	static class R2dbcConfiguration {

		@Bean
		@ConditionalOnMissingBean(ReactiveUseStore.class)
		@ConditionalOnBean(ConnectionFactory.class)
		@DependsOnDatabaseInitialization
		R2dbcUseStore tempIdR2dbcUseStore(ConnectionFactory connectionFactory, TempIdJdbcStoreProperties properties,
				TempIdProperties tempid) {
			R2dbcUseStore store = new R2dbcUseStore(connectionFactory, properties.getTableName());
			store.setCleanupCron(properties.getCleanupCron());
			store.setTimeout(tempid.getStore().getTimeout());
			return store;
		}

		/**
		 * The blocking {@code TokenService}'s store when no JDBC store was configured (no
		 * {@code DataSource}): the R2DBC store, waited for, so that both services count in
		 * the same table.
		 */
		@Bean
		@ConditionalOnMissingBean(UseStore.class)
		@ConditionalOnBean(R2dbcUseStore.class)
		BlockingUseStoreAdapter tempIdBlockingR2dbcUseStore(R2dbcUseStore store) {
			// the R2DBC store's timeout ends a call first; the adapter's bound only backs it up
			return new BlockingUseStoreAdapter(store, store.timeout().plusSeconds(1));
		}

		/** The table, through R2DBC, when there is no {@code DataSource} for the JDBC side to create it. */
		@Bean
		@ConditionalOnMissingBean({ TempIdR2dbcStoreSchemaInitializer.class, DataSource.class })
		@ConditionalOnBean(ConnectionFactory.class)
		@Conditional(OnTempIdDatabaseInitializationCondition.class)
		TempIdR2dbcStoreSchemaInitializer tempIdR2dbcStoreSchemaInitializer(ConnectionFactory connectionFactory,
				TempIdJdbcStoreProperties properties) {
			return new TempIdR2dbcStoreSchemaInitializer(connectionFactory, properties);
		}

	}

	static class OnTempIdDatabaseInitializationCondition extends OnDatabaseInitializationCondition {

		OnTempIdDatabaseInitializationCondition() {
			super("tempid R2DBC use store", "tempid.store.jdbc.initialize-schema");
		}

	}

}
