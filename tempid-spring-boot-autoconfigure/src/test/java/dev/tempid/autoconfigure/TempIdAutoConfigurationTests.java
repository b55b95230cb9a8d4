package dev.tempid.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.tempid.IssuedToken;
import dev.tempid.KeyRing;
import dev.tempid.LocalKey;
import dev.tempid.Operation;
import dev.tempid.PublicKeyResolver;
import dev.tempid.SecretKey;
import dev.tempid.TokenEvent;
import dev.tempid.TokenFormat;
import dev.tempid.TokenListener;
import dev.tempid.TokenRequest;
import dev.tempid.TokenRevokedException;
import dev.tempid.TokenService;
import dev.tempid.TooManyIssuedException;
import dev.tempid.VerifiedToken;
import dev.tempid.keys.RemotePublicKeyResolver;
import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.UseStore;
import dev.tempid.store.jdbc.JdbcUseStore;
import dev.tempid.store.redis.RedisUseStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TempIdAutoConfigurationTests {

	private static final String SECRET = "tempid.secret=Zq8xV3mN7pL2kR9tW4yB6cD1fG5hJ0sA-Qe7Uu2Ii9Oo";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TempIdAutoConfiguration.class, TempIdRedisStoreAutoConfiguration.class,
				TempIdJdbcStoreAutoConfiguration.class));

	@Test
	void whenASecretIsSetThenTokenServiceIssuesAndVerifiesLocalTokensOnTheMemoryStore() {
		this.contextRunner.withPropertyValues(SECRET).run((context) -> {
			assertThat(context).hasSingleBean(TokenService.class).hasSingleBean(KeyRing.class)
				.hasSingleBean(Clock.class).hasSingleBean(InMemoryUseStore.class);
			TokenService tokens = context.getBean(TokenService.class);
			IssuedToken token = tokens.issue(TokenRequest.forPurpose("reset").maxUses(1).build());
			assertThat(token.value()).startsWith("v4.local.");
			assertThat(tokens.consume(token.value(), "reset").usesLeft()).isZero();
			assertThat(tokens.defaultTtl()).isEqualTo(TokenService.DEFAULT_TTL);
			assertThat(tokens.store()).isSameAs(context.getBean(UseStore.class));
		});
	}

	@Test
	void whenTwoApplicationsShareTheSecretThenEachVerifiesTheOthersTokens() {
		this.contextRunner.withPropertyValues(SECRET).run((first) -> this.contextRunner.withPropertyValues(SECRET)
			.run((second) -> {
				IssuedToken token = first.getBean(TokenService.class).issue(TokenRequest.forPurpose("p").build());
				assertThat(second.getBean(TokenService.class).verify(token.value(), "p").id()).isEqualTo(token.id());
			}));
	}

	@Test
	void whenEveryPropertyIsSetThenTheServiceReflectsIt() {
		LocalKey active = LocalKey.generate();
		LocalKey older = LocalKey.generate();
		SecretKey signing = SecretKey.generate();
		SecretKey elsewhere = SecretKey.generate();
		this.contextRunner
			.withPropertyValues("tempid.keys.local=" + active.toPaserk(), "tempid.keys.local-older[0]=" + older.toPaserk(),
					"tempid.keys.signing=" + signing.toPaserk(),
					"tempid.keys.verification[0]=" + elsewhere.publicKey().toPaserk(), "tempid.format=public",
					"tempid.issuer=app", "tempid.audience=web", "tempid.default-ttl=2h", "tempid.leeway=10s",
					"tempid.max-payload-size=1024", "tempid.revocation-checks=true",
					"tempid.purposes.invite.ttl=7d", "tempid.purposes.invite.max-uses=3",
					"tempid.purposes.invite.audience=partners", "tempid.store.memory.max-entries=50")
			.run((context) -> {
				TokenService tokens = context.getBean(TokenService.class);
				assertThat(tokens.keyRing().activeLocalKey()).isEqualTo(active);
				assertThat(tokens.keyRing().keyIds()).contains(older.id(), signing.id(), elsewhere.id());
				assertThat(tokens.defaultFormat()).isEqualTo(TokenFormat.PUBLIC);
				assertThat(tokens.issuer()).isEqualTo("app");
				assertThat(tokens.audience()).isEqualTo("web");
				assertThat(tokens.defaultTtl()).isEqualTo(Duration.ofHours(2));
				assertThat(tokens.leeway()).isEqualTo(Duration.ofSeconds(10));
				assertThat(tokens.maxPayloadSize()).isEqualTo(1024);
				assertThat(tokens.revocationChecks()).isTrue();
				assertThat(((InMemoryUseStore) tokens.store()).maxEntries()).isEqualTo(50);
				IssuedToken invite = tokens.issue(TokenRequest.forPurpose("invite").build());
				assertThat(invite.value()).startsWith("v4.public.");
				VerifiedToken verified = tokens.verify(invite.value(), "invite");
				assertThat(verified.maxUses()).isEqualTo(3);
				assertThat(verified.audience()).isEqualTo("partners");
				assertThat(verified.expiresAt()).isEqualTo(verified.issuedAt().plus(Duration.ofDays(7)));
			});
	}

	@Test
	void whenTheUserDefinesTheirOwnBeansThenTheAutoConfiguredOnesBackOff() {
		this.contextRunner.withPropertyValues(SECRET).withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context.getBean(UseStore.class)).isSameAs(UserBeans.STORE);
			assertThat(context.getBean(Clock.class)).isSameAs(UserBeans.CLOCK);
			assertThat(context.getBean(TokenService.class).store()).isSameAs(UserBeans.STORE);
		});
		this.contextRunner.withBean(TokenService.class, () -> UserBeans.TOKENS).run((context) -> assertThat(context)
			.hasNotFailed().getBean(TokenService.class).isSameAs(UserBeans.TOKENS));
	}

	@Test
	void whenListenersAndCustomizersAreBeansThenTheyAreApplied() {
		List<TokenEvent> events = new ArrayList<>();
		this.contextRunner.withPropertyValues(SECRET)
			.withBean(TokenListener.class, () -> events::add)
			.withBean(TokenServiceBuilderCustomizer.class, () -> (builder) -> builder.issuer("customized"))
			.run((context) -> {
				TokenService tokens = context.getBean(TokenService.class);
				tokens.issue(TokenRequest.forPurpose("p").build());
				assertThat(tokens.issuer()).isEqualTo("customized");
				assertThat(events).extracting(TokenEvent::operation).containsExactly(Operation.ISSUE);
			});
	}

	@Test
	void whenNoSecretIsConfiguredThenStartUpFailsSayingHowToMakeOne() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("No secret or key");
			assertThat(analysis.getAction()).contains("tempid.secret").contains("openssl rand");
		});
	}

	@Test
	void whenNoKeyIsConfiguredButAPublicKeyResolverBeanIsThenTheServiceVerifiesThroughIt() {
		SecretKey signer = SecretKey.generate();
		PublicKeyResolver resolver = (keyId) -> keyId.equals(signer.id()) ? signer.publicKey() : null;
		String token = TokenService.builder().signingKey(signer).build().issue(TokenRequest.forPurpose("p").build()).value();
		this.contextRunner.withBean(PublicKeyResolver.class, () -> resolver).run((context) -> {
			assertThat(context).hasNotFailed();
			TokenService tokens = context.getBean(TokenService.class);
			assertThat(tokens.keyRing().isEmpty()).isTrue();
			assertThat(tokens.verify(token, "p").keyId()).isEqualTo(signer.id());
		});
	}

	@Test
	void whenOnlyTheRemoteUrlIsSetButNoResolverBeanExistsThenStartUpFailsForLackOfKeys() {
		this.contextRunner.withPropertyValues("tempid.key-distribution.remote.url=http://127.0.0.1:1/keys")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(new TempIdFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
					.contains("No secret or key");
			});
	}

	@Test
	void whenTheRemoteUrlIsSetThenTheRemoteResolverSuppliesKeysUnlessTheUserDefinesTheirOwnResolver() {
		ApplicationContextRunner remote = this.contextRunner
			.withConfiguration(AutoConfigurations.of(TempIdKeyDistributionAutoConfiguration.class))
			.withPropertyValues("tempid.key-distribution.remote.url=http://127.0.0.1:1/keys");
		remote.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(RemotePublicKeyResolver.class);
			assertThat(context.getBean(TokenService.class).keyRing().isEmpty()).isTrue();
		});
		PublicKeyResolver own = (keyId) -> null;
		remote.withBean(PublicKeyResolver.class, () -> own)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RemotePublicKeyResolver.class)
				.getBean(PublicKeyResolver.class)
				.isSameAs(own));
	}

	@Test
	void whenTheSecretIsWeakThenStartUpFailsWithoutRepeatingIt() {
		this.contextRunner.withPropertyValues("tempid.secret=changeme-changeme-changeme-changeme").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("too weak").doesNotContain("changeme-changeme");
			assertThat(analysis.getAction()).contains("openssl rand");
		});
	}

	@Test
	void whenAKeyIsNotAPaserkThenStartUpFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("tempid.keys.local=k4.public.AAAA").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("tempid.keys");
		});
	}

	@Test
	void whenRandomSecretIsAllowedThenStartsWithAPerRunKey() {
		this.contextRunner.withPropertyValues("tempid.allow-random-secret=true").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(KeyRing.class).activeLocalKey()).isNotNull();
		});
	}

	@Test
	void whenRedisIsMissingFromTheClasspathThenRedisStoreTypeFailsNamingTheDependency() {
		this.contextRunner.withPropertyValues(SECRET, "tempid.store.type=redis")
			.withClassLoader(new FilteredClassLoader(StringRedisTemplate.class))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis");
			});
	}

	@Test
	void whenJdbcIsMissingFromTheClasspathThenJdbcStoreTypeFailsNamingTheDependency() {
		this.contextRunner.withPropertyValues(SECRET, "tempid.store.type=jdbc")
			.withClassLoader(new FilteredClassLoader(JdbcTemplate.class))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getAction()).contains("spring-boot-starter-jdbc");
			});
	}

	@Test
	void whenNeitherRedisNorJdbcIsOnTheClasspathThenTheMemoryStoreWorks() {
		this.contextRunner.withPropertyValues(SECRET)
			.withClassLoader(new FilteredClassLoader(StringRedisTemplate.class, JdbcTemplate.class))
			.run((context) -> assertThat(context).hasSingleBean(InMemoryUseStore.class));
	}

	@Test
	void whenStoreTypeIsRedisThenTheRedisStoreIsUsed() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues(SECRET, "tempid.store.type=redis", "tempid.store.redis.key-prefix=app:")
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisUseStore.class).doesNotHaveBean(InMemoryUseStore.class);
				assertThat(context.getBean(RedisUseStore.class).key("x")).isEqualTo("app:{x}");
			});
	}

	@Test
	void whenReplicaAcksAreSetThenTheRedisStoreWaitsForThem() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues(SECRET, "tempid.store.type=redis", "tempid.store.redis.replica-acks=1",
					"tempid.store.redis.replica-ack-timeout=300ms",
					"tempid.store.redis.cluster.topology-refresh-period=5s",
					"tempid.store.redis.cluster.adaptive-topology-refresh=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RedisUseStore.class).getReplicaAcks()).isEqualTo(1);
				TempIdProperties.Cluster cluster = context.getBean(TempIdProperties.class).getStore().getRedis().getCluster();
				assertThat(cluster.getTopologyRefreshPeriod()).isEqualTo(Duration.ofSeconds(5));
				assertThat(cluster.isAdaptiveTopologyRefresh()).isFalse();
			});
	}

	@Test
	void whenTheReplicaAckTimeoutIsNotShorterThanTheStoreTimeoutThenStartUpFailsSayingSo() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues(SECRET, "tempid.store.type=redis", "tempid.store.redis.replica-acks=1",
					"tempid.store.redis.replica-ack-timeout=2s")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("tempid.store.redis.replica-acks")
					.contains("shorter than the store timeout");
				assertThat(analysis.getAction()).contains("tempid.store.redis.replica-ack-timeout");
			});
	}

	@Test
	void whenAPurposeHasAnIssueLimitThenIssuingBeyondItIsRefused() {
		this.contextRunner.withPropertyValues(SECRET, "tempid.purposes.magic-link.issue-limit=2 per 15m")
			.run((context) -> {
				TokenService tokens = context.getBean(TokenService.class);
				TokenRequest request = TokenRequest.forPurpose("magic-link").subject("alice@example.com").build();
				tokens.issue(request);
				tokens.issue(request);
				assertThatExceptionOfType(TooManyIssuedException.class).isThrownBy(() -> tokens.issue(request));
			});
	}

	@Test
	void whenAPurposeIsSingleActiveThenANewTokenOfTheSubjectEndsTheEarlierOneAndOtherPurposesAreUntouched() {
		this.contextRunner
			.withPropertyValues(SECRET, "tempid.purposes.magic-link.single-active=true",
					"tempid.purposes.magic-link.max-uses=1")
			.run((context) -> {
				TokenService tokens = context.getBean(TokenService.class);
				assertThat(tokens.purposes().get("magic-link").singleActive()).isTrue();
				assertThat(tokens.purposes().get("magic-link").maxUses()).isEqualTo(1);
				TokenRequest request = TokenRequest.forPurpose("magic-link").subject("alice@example.com").build();
				IssuedToken first = tokens.issue(request);
				IssuedToken second = tokens.issue(request);
				assertThatExceptionOfType(TokenRevokedException.class)
					.isThrownBy(() -> tokens.consume(first.value(), "magic-link"));
				assertThat(tokens.consume(second.value(), "magic-link").subject()).isEqualTo("alice@example.com");
				// a purpose without the setting keeps every token it issued
				TokenRequest other = TokenRequest.forPurpose("approval").subject("alice@example.com").build();
				IssuedToken older = tokens.issue(other);
				tokens.issue(other);
				assertThat(tokens.consume(older.value(), "approval").id()).isEqualTo(older.id());
			});
	}

	@Test
	void whenAPurposeIsRevocableBySubjectThenRevokeAllEndsItsTokensButNotThoseOfOtherPurposes() {
		this.contextRunner.withPropertyValues(SECRET, "tempid.purposes.invite.revocable-by-subject=true")
			.run((context) -> {
				TokenService tokens = context.getBean(TokenService.class);
				assertThat(tokens.purposes().get("invite").revocableBySubject()).isTrue();
				assertThat(tokens.purposes().get("invite").singleActive()).isFalse();
				IssuedToken first = tokens.issue(TokenRequest.forPurpose("invite").subject("bob").build());
				IssuedToken second = tokens.issue(TokenRequest.forPurpose("invite").subject("bob").build());
				IssuedToken plain = tokens.issue(TokenRequest.forPurpose("approval").subject("bob").build());
				assertThat(tokens.verify(first.value(), "invite").id()).as("not single-active").isEqualTo(first.id());
				tokens.revokeAll("bob");
				assertThatExceptionOfType(TokenRevokedException.class)
					.isThrownBy(() -> tokens.verify(first.value(), "invite"));
				assertThatExceptionOfType(TokenRevokedException.class)
					.isThrownBy(() -> tokens.verify(second.value(), "invite"));
				assertThat(tokens.verify(plain.value(), "approval").id()).isEqualTo(plain.id());
			});
	}

	@Test
	void whenPurposesNameNeitherSettingThenTheirTokensAreNeitherSingleActiveNorRevocableBySubject() {
		this.contextRunner.withPropertyValues(SECRET, "tempid.purposes.reset.ttl=30m").run((context) -> {
			TokenService tokens = context.getBean(TokenService.class);
			assertThat(tokens.purposes().get("reset").singleActive()).isFalse();
			assertThat(tokens.purposes().get("reset").revocableBySubject()).isFalse();
			IssuedToken first = tokens.issue(TokenRequest.forPurpose("reset").subject("carol").build());
			tokens.issue(TokenRequest.forPurpose("reset").subject("carol").build());
			tokens.revokeAll("carol");
			assertThat(tokens.verify(first.value(), "reset").id()).isEqualTo(first.id());
		});
	}

	@Test
	void whenAnIssueLimitIsMalformedThenStartUpFailsWithTheExpectedForm() {
		this.contextRunner.withPropertyValues(SECRET, "tempid.purposes.magic-link.issue-limit=3 every 15m")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("'<count> per <duration>'");
			});
	}

	@Test
	void whenStoreTypeIsJdbcThenTheTableIsCreatedAndTheJdbcStoreIsUsed() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues(SECRET, "tempid.store.type=jdbc", "spring.datasource.url=jdbc:h2:mem:autoconfig",
					"tempid.store.jdbc.table-name=app_uses", "tempid.store.jdbc.cleanup-cron=-")
			.run((context) -> {
				assertThat(context).hasSingleBean(JdbcUseStore.class);
				TokenService tokens = context.getBean(TokenService.class);
				IssuedToken token = tokens.issue(TokenRequest.forPurpose("p").maxUses(2).build());
				tokens.consume(token.value(), "p");
				assertThat(new JdbcTemplate(context.getBean(javax.sql.DataSource.class))
					.queryForObject("SELECT used FROM app_uses WHERE id = ?", Integer.class, token.id())).isEqualTo(1);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		static final UseStore STORE = new InMemoryUseStore();

		static final Clock CLOCK = Clock.systemUTC();

		static final TokenService TOKENS = TokenService.builder().localKey(LocalKey.generate()).build();

		@Bean
		UseStore userStore() {
			return STORE;
		}

		@Bean
		Clock userClock() {
			return CLOCK;
		}

	}

}
