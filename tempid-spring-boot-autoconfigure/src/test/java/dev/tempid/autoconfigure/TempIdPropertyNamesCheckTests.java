package dev.tempid.autoconfigure;

import java.util.Map;

import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.redis.RedisUseStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unknown {@code tempid.*} names fail start-up with the nearest known name, from YAML as
 * a user writes it.
 */
class TempIdPropertyNamesCheckTests {

	private static final String SECRET = "Zq8xV3mN7pL2kR9tW4yB6cD1fG5hJ0sA-Qe7Uu2Ii9Oo";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TempIdAutoConfiguration.class, TempIdRedisStoreAutoConfiguration.class,
				TempIdJdbcStoreAutoConfiguration.class, DataRedisAutoConfiguration.class));

	@Test
	void whenAPurposePropertyIsMisspelledThenStartUpFailsNamingTheKeyTheNearestNameAndTheLine() {
		yaml("""
				tempid:
				  secret: %s
				  purposes:
				    password-reset: { ttl: 30m, max-use: 1 }
				""".formatted(SECRET)).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription())
				.contains("Unknown property 'tempid.purposes.password-reset.max-use'")
				.contains("application.yml")
				.contains(" - 4:")
				.doesNotContain(SECRET);
			assertThat(analysis.getAction()).contains("Did you mean 'tempid.purposes.password-reset.max-uses'");
		});
	}

	@Test
	void whenAPurposeIsSingleActiveAndRevocableBySubjectThenTheNamesAreAccepted() {
		yaml("""
				tempid:
				  secret: %s
				  purposes:
				    magic-link: { single-active: true }
				    invite: { revocable-by-subject: true }
				""".formatted(SECRET)).run((context) -> {
			assertThat(context).hasNotFailed();
			TokenService tokens = context.getBean(TokenService.class);
			assertThat(tokens.purposes().get("magic-link").singleActive()).isTrue();
			assertThat(tokens.purposes().get("invite").revocableBySubject()).isTrue();
		});
	}

	@Test
	void whenSingleActiveIsMisspelledThenStartUpFailsInsteadOfLettingEveryOlderLinkLive() {
		yaml("""
				tempid:
				  secret: %s
				  purposes:
				    password-reset: { single-activ: true }
				""".formatted(SECRET)).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription())
				.contains("Unknown property 'tempid.purposes.password-reset.single-activ'");
			assertThat(analysis.getAction()).contains("Did you mean 'tempid.purposes.password-reset.single-active'");
		});
	}

	@Test
	void whenTheStoreTypeIsMisspelledThenStartUpFailsInsteadOfFallingBackToMemory() {
		yaml("""
				tempid:
				  secret: %s
				  store: { tpye: redis }
				""".formatted(SECRET)).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("Unknown property 'tempid.store.tpye'");
			assertThat(analysis.getAction()).contains("Did you mean 'tempid.store.type'");
		});
	}

	@Test
	void whenSeveralNamesAreUnknownThenEachIsReported() {
		this.contextRunner
			.withPropertyValues("tempid.secret=" + SECRET, "tempid.isuer=app", "tempid.store.jdbc.tabel-name=t",
					"tempid.keys.local-olde[0]=x")
			.run((context) -> {
				FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("'tempid.isuer'", "'tempid.store.jdbc.tabel-name'",
						"'tempid.keys.local-olde[0]'");
				assertThat(analysis.getAction()).contains("'tempid.issuer'", "'tempid.store.jdbc.table-name'",
						"'tempid.keys.local-older'");
			});
	}

	@Test
	void whenEveryNameIsKnownThenTheApplicationStartsWithFreePurposeNamesListsAndEveryStoreGroup() {
		yaml("""
				tempid:
				  secret: %s
				  issuer: app
				  default-ttl: 15m
				  keys:
				    verification: []
				  store:
				    type: redis
				    redis: { key-prefix: "names-check:" }
				    jdbc: { table-name: t, initialize-schema: never }
				    memory: { max-entries: 10 }
				  purposes:
				    password-reset: { ttl: 30m, max-uses: 1 }
				    "[invite.v2]": { ttl: 7d, max-uses: 3, audience: web }
				  session: { ttl: 1h }
				  security: { magic-link: { ttl: 10m } }
				  web: { problem-details: true }
				  key-distribution: { publish: { enabled: false } }
				""".formatted(SECRET)).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(RedisUseStore.class);
			TokenService tokens = context.getBean(TokenService.class);
			assertThat(tokens.issue(TokenRequest.forPurpose("invite.v2").build()).maxUses()).isEqualTo(3);
		});
	}

	@Test
	void whenATempIdEnvironmentVariableIsUnknownThenItIsNotReportedBecauseItMayBelongToSomethingElse() {
		this.contextRunner.withPropertyValues("tempid.secret=" + SECRET)
			.withInitializer((context) -> context.getEnvironment().getPropertySources()
				.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						Map.of("TEMPID_HOME", "/opt/tempid"))))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(InMemoryUseStore.class));
	}

	@Test
	void whenAnUnknownNameIsAJvmSystemPropertyThenItIsNotReported() {
		this.contextRunner.withPropertyValues("tempid.secret=" + SECRET)
			.withSystemProperties("tempid.some-build-setting=x")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void whenAnUnknownNameIsACommandLineArgumentThenItIsReported() {
		this.contextRunner.withPropertyValues("tempid.secret=" + SECRET)
			.withInitializer((context) -> context.getEnvironment().getPropertySources()
				.addFirst(new org.springframework.core.env.SimpleCommandLinePropertySource("--tempid.max-uses=1")))
			.run((context) -> {
				FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("'tempid.max-uses'");
			});
	}

	@Test
	void distanceCountsEditsAndTheNearestNameFillsInThePurposeName() {
		assertThat(TempIdPropertyNamesCheck.KnownNames.distance("tpye", "type")).isEqualTo(2);
		assertThat(TempIdPropertyNamesCheck.KnownNames.distance("max-use", "max-uses")).isEqualTo(1);
		assertThat(TempIdPropertyNamesCheck.KnownNames.distance("", "ttl")).isEqualTo(3);
	}

	private ApplicationContextRunner yaml(String yaml) {
		return this.contextRunner.withInitializer((context) -> {
			try {
				for (PropertySource<?> source : new YamlPropertySourceLoader().load("application.yml",
						new ByteArrayResource(yaml.getBytes(), "class path resource [application.yml]"))) {
					context.getEnvironment().getPropertySources().addFirst(source);
				}
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

}
