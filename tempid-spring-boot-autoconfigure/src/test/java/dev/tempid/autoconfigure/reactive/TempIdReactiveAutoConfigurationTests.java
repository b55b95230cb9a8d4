package dev.tempid.autoconfigure.reactive;

import java.net.URI;
import java.time.Duration;

import dev.tempid.StoreUnavailableException;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;
import dev.tempid.actuate.TempIdReactiveHealthIndicator;
import dev.tempid.autoconfigure.TempIdAutoConfiguration;
import dev.tempid.autoconfigure.TempIdConfigurationException;
import dev.tempid.autoconfigure.TempIdRedisStoreAutoConfiguration;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.security.MagicLink;
import dev.tempid.security.server.ServerMagicLinkGenerator;
import dev.tempid.security.server.TempIdServerSecurityContextRepository;
import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import dev.tempid.store.reactive.InMemoryReactiveUseStore;
import dev.tempid.store.reactive.ReactiveUseStore;
import dev.tempid.store.r2dbc.R2dbcUseStore;
import dev.tempid.store.redis.ReactiveRedisUseStore;
import dev.tempid.store.redis.RedisUseStore;
import dev.tempid.web.server.ReactiveConsumesTokenBeanPostProcessor;
import dev.tempid.web.server.ServerLinkBuilder;
import dev.tempid.web.server.ServerTempIdExceptionHandler;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The reactive auto-configurations in a reactive web application, from the same
 * properties as the servlet side.
 */
class TempIdReactiveAutoConfigurationTests {

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
			});
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
