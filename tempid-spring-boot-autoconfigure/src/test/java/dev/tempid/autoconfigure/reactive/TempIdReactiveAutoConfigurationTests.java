package dev.tempid.autoconfigure.reactive;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import dev.tempid.StoreUnavailableException;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.TokenUsedUpException;
import dev.tempid.VerifiedToken;
import dev.tempid.actuate.TempIdReactiveHealthIndicator;
import dev.tempid.autoconfigure.TempIdAutoConfiguration;
import dev.tempid.autoconfigure.TempIdConfigurationException;
import dev.tempid.autoconfigure.TempIdJdbcStoreAutoConfiguration;
import dev.tempid.autoconfigure.TempIdRedisStoreAutoConfiguration;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.security.MagicLink;
import dev.tempid.security.server.ServerMagicLinkGenerator;
import dev.tempid.security.server.TempIdReactiveOneTimeTokenService;
import dev.tempid.security.server.TempIdServerSecurityContextRepository;
import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import dev.tempid.store.UseStore;
import dev.tempid.store.jdbc.JdbcUseStore;
import dev.tempid.store.reactive.BlockingUseStoreAdapter;
import dev.tempid.store.reactive.InMemoryReactiveUseStore;
import dev.tempid.store.reactive.ReactiveUseStore;
import dev.tempid.store.r2dbc.R2dbcUseStore;
import dev.tempid.store.redis.ReactiveRedisUseStore;
import dev.tempid.store.redis.RedisUseStore;
import dev.tempid.testsupport.Servers;
import dev.tempid.web.server.ReactiveConsumesTokenBeanPostProcessor;
import dev.tempid.web.server.ServerLinkBuilder;
import dev.tempid.web.server.ServerTempIdExceptionHandler;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.authentication.ott.GenerateOneTimeTokenRequest;
import org.springframework.security.authentication.ott.OneTimeTokenAuthenticationToken;
import org.springframework.security.authentication.ott.reactive.InMemoryReactiveOneTimeTokenService;
import org.springframework.security.authentication.ott.reactive.ReactiveOneTimeTokenService;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The reactive auto-configurations in a reactive web application, from the same
 * properties as the servlet side.
 */
class TempIdReactiveAutoConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TempIdAutoConfiguration.class, TempIdReactiveAutoConfiguration.class,
				TempIdWebFluxAutoConfiguration.class, TempIdServerSecurityAutoConfiguration.class,
				TempIdReactiveHealthAutoConfiguration.class))
		.withPropertyValues("tempid.allow-random-secret=true");

	@Test
	void inAReactiveWebApplicationEveryPieceIsConfiguredOnTheInMemoryStore() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ReactiveTokenService.class)
				.hasSingleBean(InMemoryReactiveUseStore.class)
				.hasSingleBean(ReactiveConsumesTokenBeanPostProcessor.class)
				.hasSingleBean(ServerWebExchangeContextFilter.class)
				.hasSingleBean(ServerTempIdExceptionHandler.class)
				.hasSingleBean(TempIdServerSecurityContextRepository.class)
				.hasBean("tempIdWebFluxConfigurer");
			// the reactive and the blocking face count in the same in-memory store
			TokenService tokens = context.getBean(TokenService.class);
			String token = tokens.issue(TokenRequest.forPurpose("reset").subject("alice").maxUses(1).build()).value();
			context.getBean(ReactiveTokenService.class).consume(token, "reset").block();
			assertThat(tokens.usage(token, "reset").used()).isEqualTo(1);
			assertThat(context.getBean(InMemoryReactiveUseStore.class).store())
				.isSameAs(context.getBean(InMemoryUseStore.class));
		});
	}

	@Test
	void oneTimeTokenLoginIsBackedByTempIdFromTheSamePropertiesAndBacksOffForTheApplicationsService() {
		this.runner.withPropertyValues("tempid.security.one-time-token.purpose=ott").run((context) -> {
			ReactiveOneTimeTokenService service = context.getBean(ReactiveOneTimeTokenService.class);
			assertThat(service).isInstanceOf(TempIdReactiveOneTimeTokenService.class);
			String value = service.generate(new GenerateOneTimeTokenRequest("alice")).block().getTokenValue();
			// issued under the configured purpose, single use, counted in the shared store
			assertThat(context.getBean(TokenService.class).verify(value, "ott").maxUses()).isEqualTo(1);
			assertThat(service.consume(new OneTimeTokenAuthenticationToken(value)).block().getUsername())
				.isEqualTo("alice");
			assertThat(service.consume(new OneTimeTokenAuthenticationToken(value)).blockOptional()).isEmpty();
		});
		this.runner.withBean("ownOneTimeTokens", ReactiveOneTimeTokenService.class,
				InMemoryReactiveOneTimeTokenService::new)
			.run((context) -> assertThat(context.getBean(ReactiveOneTimeTokenService.class))
				.isInstanceOf(InMemoryReactiveOneTimeTokenService.class));
	}

	@Test
	void whenTheUserDefinesTheirOwnReactiveStoreTheAutoConfiguredOneBacksOff() {
		this.runner.withUserConfiguration(OwnStore.class).run((context) -> {
			assertThat(context).doesNotHaveBean(InMemoryReactiveUseStore.class);
			assertThat(context.getBean(ReactiveTokenService.class).store()).isSameAs(context.getBean("ownStore"));
		});
	}

	@Test
	void withTheRedisStoreTypeTheReactiveRedisStoreRunsOnTheConnectionFactory() {
		this.runner.withConfiguration(AutoConfigurations.of(TempIdRedisStoreAutoConfiguration.class))
			.withUserConfiguration(Redis.class)
			.withPropertyValues("tempid.store.type=redis", "tempid.store.redis.key-prefix=app:",
					"tempid.store.timeout=750ms")
			.run((context) -> {
				assertThat(context.getBean(ReactiveRedisUseStore.class).timeout()).isEqualTo(Duration.ofMillis(750));
				assertThat(context).hasSingleBean(ReactiveRedisUseStore.class)
					.hasSingleBean(RedisUseStore.class)
					.doesNotHaveBean(InMemoryReactiveUseStore.class);
				assertThat(context.getBean(ReactiveRedisUseStore.class).key("id")).isEqualTo("app:{id}");
			});
	}

	@Test
	void withTheJdbcStoreTypeAndAnR2dbcConnectionFactoryTheR2dbcStoreRunsOnIt() {
		this.runner.withUserConfiguration(R2dbc.class, OwnBlockingStore.class)
			.withPropertyValues("tempid.store.type=jdbc", "tempid.store.jdbc.table-name=app_uses",
					"tempid.store.jdbc.cleanup-cron=-", "tempid.store.timeout=750ms")
			.run((context) -> {
				assertThat(context.getBean(R2dbcUseStore.class).timeout()).isEqualTo(Duration.ofMillis(750));
				assertThat(context).hasSingleBean(R2dbcUseStore.class);
				assertThat(context.getBean(R2dbcUseStore.class).toString()).contains("app_uses").contains("POSTGRESQL");
				// the application's own blocking store stays TokenService's
				assertThat(context).doesNotHaveBean(BlockingUseStoreAdapter.class);
			});
	}

	@Test
	void withOnlyAnR2dbcConnectionFactoryTheBlockingAndTheReactiveServiceCountInTheTableItCreates() {
		Servers.POSTGRESQL.require();
		String table = "tempid_rxac_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration
			.builder(ConnectionFactories.get("r2dbc:postgresql://postgres@127.0.0.1:5432/test"))
			.maxSize(4)
			.build());
		try {
			// Boot's DataSource backs off beside an R2DBC ConnectionFactory, and with it the JDBC store
			this.runner
				.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
						TempIdJdbcStoreAutoConfiguration.class))
				.withBean("connectionFactory", ConnectionFactory.class, () -> pool)
				.withPropertyValues("tempid.store.type=jdbc", "tempid.store.jdbc.table-name=" + table,
						"tempid.store.jdbc.initialize-schema=always", "tempid.store.jdbc.cleanup-cron=-")
				.run((context) -> {
					assertThat(context).hasNotFailed()
						.doesNotHaveBean(DataSource.class)
						.doesNotHaveBean(JdbcUseStore.class)
						.hasSingleBean(TempIdR2dbcStoreSchemaInitializer.class);
					R2dbcUseStore r2dbc = context.getBean(R2dbcUseStore.class);
					assertThat(context.getBean(UseStore.class)).isInstanceOfSatisfying(BlockingUseStoreAdapter.class,
							(blocking) -> assertThat(blocking.reactiveStore()).isSameAs(r2dbc));
					assertThat(context.getBean(ReactiveTokenService.class).store()).isSameAs(r2dbc);
					TokenService tokens = context.getBean(TokenService.class);
					ReactiveTokenService reactive = context.getBean(ReactiveTokenService.class);
					// spent by the blocking service: used up for the reactive one
					String first = tokens.issue(TokenRequest.forPurpose("reset").subject("alice").maxUses(1).build())
						.value();
					tokens.consume(first, "reset");
					assertThatExceptionOfType(TokenUsedUpException.class)
						.isThrownBy(() -> reactive.consume(first, "reset").block(WAIT));
					// and the other way round
					String second = tokens.issue(TokenRequest.forPurpose("reset").subject("bob").maxUses(1).build())
						.value();
					assertThat(reactive.consume(second, "reset").block(WAIT).subject()).isEqualTo("bob");
					assertThatExceptionOfType(TokenUsedUpException.class)
						.isThrownBy(() -> tokens.consume(second, "reset"));
					// both counted in the table created at start-up
					assertThat(DatabaseClient.create(pool)
						.sql("SELECT COUNT(*) FROM " + table)
						.map((row) -> ((Number) row.get(0)).longValue())
						.one()
						.block(WAIT)).isEqualTo(2L);
				});
		}
		finally {
			DatabaseClient.create(pool).sql("DROP TABLE IF EXISTS " + table).then().block(WAIT);
			pool.dispose();
		}
	}

	@Test
	void withAnR2dbcConnectionFactoryTheTableIsLeftAloneUnlessInitializeSchemaIsAlways() {
		// the R2DBC store's databases are never embedded: the default creates nothing (the factory never connects)
		this.runner.withUserConfiguration(R2dbc.class)
			.withPropertyValues("tempid.store.type=jdbc", "tempid.store.jdbc.cleanup-cron=-")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(TempIdR2dbcStoreSchemaInitializer.class)
				.hasSingleBean(BlockingUseStoreAdapter.class));
		this.runner.withUserConfiguration(R2dbc.class)
			.withPropertyValues("tempid.store.type=jdbc", "tempid.store.jdbc.cleanup-cron=-",
					"tempid.store.jdbc.initialize-schema=never")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(TempIdR2dbcStoreSchemaInitializer.class));
		// always: the script runs at start-up, and a database that cannot be reached fails it
		this.runner.withUserConfiguration(R2dbc.class)
			.withPropertyValues("tempid.store.type=jdbc", "tempid.store.jdbc.cleanup-cron=-",
					"tempid.store.jdbc.initialize-schema=always")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("not connected in this test"));
	}

	@Test
	void withADataSourceBesideTheR2dbcConnectionFactoryTheJdbcStoreStaysTheBlockingOne() {
		this.runner.withConfiguration(AutoConfigurations.of(TempIdJdbcStoreAutoConfiguration.class))
			.withUserConfiguration(R2dbc.class)
			.withBean(DataSource.class, () -> new DriverManagerDataSource("jdbc:h2:mem:reactive-beside-jdbc;DB_CLOSE_DELAY=-1"))
			.withPropertyValues("tempid.store.type=jdbc", "tempid.store.jdbc.cleanup-cron=-")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(R2dbcUseStore.class)
					.doesNotHaveBean(BlockingUseStoreAdapter.class)
					.doesNotHaveBean(TempIdR2dbcStoreSchemaInitializer.class);
				assertThat(context.getBean(UseStore.class)).isInstanceOf(JdbcUseStore.class);
			});
	}

	@Test
	void withTheJdbcStoreTypeAndNeitherAConnectionFactoryNorADataSourceStartUpSaysHowToAddR2dbc() {
		this.runner.withConfiguration(AutoConfigurations.of(TempIdJdbcStoreAutoConfiguration.class))
			.withPropertyValues("tempid.store.type=jdbc")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(TempIdConfigurationException.class)
				.hasMessageContaining("neither an R2DBC ConnectionFactory nor a JDBC DataSource")
				.satisfies((ex) -> assertThat(((TempIdConfigurationException) ex).getAction())
					.contains("spring.r2dbc.*")));
	}

	@Test
	void withReplicaAcksTheReactiveRedisStoreRefusesToStartInsteadOfIgnoringThem() {
		this.runner.withConfiguration(AutoConfigurations.of(TempIdRedisStoreAutoConfiguration.class))
			.withUserConfiguration(Redis.class)
			.withPropertyValues("tempid.store.type=redis", "tempid.store.redis.replica-acks=1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(TempIdConfigurationException.class)
				.hasMessageContaining("tempid.store.redis.replica-acks is 1")
				.hasMessageContaining("reactive Redis store"));
	}

	@Test
	void healthWhenTheReactiveStoreAnswersThenUpAndWhenItFailsThenDownWithItsReason() {
		this.runner.run((context) -> {
			TempIdReactiveHealthIndicator health = context.getBean("tempidReactiveHealthIndicator",
					TempIdReactiveHealthIndicator.class);
			Health up = health.health().block();
			assertThat(up.getStatus()).isEqualTo(Status.UP);
			assertThat(up.getDetails()).containsEntry("store", "InMemoryReactiveUseStore");
		});
		this.runner.withUserConfiguration(DownStore.class).run((context) -> {
			Health down = context.getBean(TempIdReactiveHealthIndicator.class).health().block();
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsEntry("reason", "the store is down for this test");
		});
	}

	@Test
	void linksAndMagicLinksAreBuiltFromTheConfiguredBaseUrlAndSettings() {
		this.runner
			.withPropertyValues("tempid.web.base-url=https://app.example.com/base",
					"tempid.security.magic-link.purpose=sign-in", "tempid.security.magic-link.ttl=5m",
					"tempid.security.magic-link.login-processing-url=/signin")
			.run((context) -> {
				assertThat(context.getBean(ServerLinkBuilder.class).baseUrl())
					.isEqualTo(URI.create("https://app.example.com/base"));
				ServerMagicLinkGenerator generator = context.getBean(ServerMagicLinkGenerator.class);
				MagicLink link = generator.generate("alice").block();
				assertThat(link.uri().toString()).startsWith("https://app.example.com/base/signin?token=v4.local.");
				String token = link.uri().getQuery().substring("token=".length());
				VerifiedToken verified = context.getBean(TokenService.class).verify(token, "sign-in");
				assertThat(verified.subject()).isEqualTo("alice");
				assertThat(verified.maxUses()).isEqualTo(1);
				assertThat(Duration.between(verified.issuedAt(), verified.expiresAt())).isEqualTo(Duration.ofMinutes(5));
			});
	}

	@Test
	void withoutABaseUrlAMagicLinkIsRefusedBeforeAnyTokenIsIssued() {
		this.runner.run((context) -> {
			assertThat(context.getBean(ServerLinkBuilder.class).hasBaseUrl()).isFalse();
			assertThatIllegalStateException()
				.isThrownBy(() -> context.getBean(ServerMagicLinkGenerator.class).generate("alice").block())
				.withMessageContaining("tempid.web.base-url");
		});
	}

	@Test
	void withAnUnusableBaseUrlStartUpFailsSayingWhatToSet() {
		this.runner.withPropertyValues("tempid.web.base-url=example.com")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(TempIdConfigurationException.class)
				.hasMessageContaining("'tempid.web.base-url' is not usable"));
	}

	@Test
	void withTheApplicationsReactiveUserDetailsServiceTheSessionRepositoryChecksUsers() {
		this.runner.withUserConfiguration(Users.class).run((context) -> assertThat(
				context.getBean(TempIdServerSecurityContextRepository.class).getUserDetailsService())
			.isSameAs(context.getBean(ReactiveUserDetailsService.class)));
		this.runner.run((context) -> assertThat(
				context.getBean(TempIdServerSecurityContextRepository.class).getUserDetailsService())
			.isNull());
	}

	@Test
	void inAServletWebApplicationNoReactivePieceIsConfigured() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TempIdAutoConfiguration.class, TempIdReactiveAutoConfiguration.class,
					TempIdWebFluxAutoConfiguration.class, TempIdServerSecurityAutoConfiguration.class,
					TempIdReactiveHealthAutoConfiguration.class))
			.withPropertyValues("tempid.allow-random-secret=true")
			.run((context) -> assertThat(context).hasSingleBean(TokenService.class)
				.doesNotHaveBean(ReactiveTokenService.class)
				.doesNotHaveBean(ReactiveConsumesTokenBeanPostProcessor.class)
				.doesNotHaveBean(TempIdServerSecurityContextRepository.class)
				.doesNotHaveBean(ServerLinkBuilder.class)
				.doesNotHaveBean(ServerMagicLinkGenerator.class)
				.doesNotHaveBean(TempIdReactiveHealthIndicator.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class Users {

		@Bean
		ReactiveUserDetailsService users() {
			return (username) -> Mono.empty();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DownStore {

		@Bean
		ReactiveUseStore downStore() {
			return new ReactiveUseStore() {

				private <T> Mono<T> down() {
					return Mono.error(new StoreUnavailableException("the store is down for this test"));
				}

				@Override
				public Mono<UseDecision> consume(String tokenId, int maxUses, Duration ttl) {
					return down();
				}

				@Override
				public Mono<Boolean> release(String tokenId) {
					return down();
				}

				@Override
				public Mono<Void> revoke(String tokenId, Duration ttl) {
					return down();
				}

				@Override
				public Mono<UseDecision> retire(String tokenId, int maxUses, Duration ttl) {
					return down();
				}

				@Override
				public Mono<UseRecord> usage(String tokenId) {
					return down();
				}

				@Override
				public Mono<Void> ping() {
					return down();
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnStore {

		@Bean
		ReactiveUseStore ownStore() {
			return new ReactiveUseStore() {

				@Override
				public Mono<UseDecision> consume(String tokenId, int maxUses, Duration ttl) {
					return Mono.just(UseDecision.granted(1));
				}

				@Override
				public Mono<Boolean> release(String tokenId) {
					return Mono.just(true);
				}

				@Override
				public Mono<Void> revoke(String tokenId, Duration ttl) {
					return Mono.empty();
				}

				@Override
				public Mono<UseDecision> retire(String tokenId, int maxUses, Duration ttl) {
					return Mono.just(UseDecision.granted(0));
				}

				@Override
				public Mono<UseRecord> usage(String tokenId) {
					return Mono.just(UseRecord.UNSEEN);
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Redis {

		@Bean
		LettuceConnectionFactory redisConnectionFactory() {
			// never started: the store is only built here
			return new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class R2dbc {

		@Bean
		ConnectionFactory connectionFactory() {
			return new ConnectionFactory() {

				@Override
				public Publisher<? extends io.r2dbc.spi.Connection> create() {
					return Mono.error(new IllegalStateException("not connected in this test"));
				}

				@Override
				public ConnectionFactoryMetadata getMetadata() {
					return () -> "PostgreSQL";
				}

			};
		}

	}

	/** The blocking side's store, which a real application gets from its DataSource. */
	@Configuration(proxyBeanMethods = false)
	static class OwnBlockingStore {

		@Bean
		InMemoryUseStore blockingStore() {
			return new InMemoryUseStore();
		}

	}

}
