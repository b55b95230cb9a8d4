package dev.tempid.actuate;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import dev.tempid.IssuedToken;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.autoconfigure.TempIdActuatorAutoConfiguration;
import dev.tempid.autoconfigure.TempIdAutoConfiguration;
import dev.tempid.store.jdbc.JdbcUseStore;
import dev.tempid.store.jdbc.JdbcUseStoreSchema;
import dev.tempid.store.redis.RedisUseStore;
import dev.tempid.testsupport.Servers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class TempIdActuatorAutoConfigurationTests {

	private static final String SECRET_VALUE = "Zq8xV3mN7pL2kR9tW4yB6cD1fG5hJ0sA-Qe7Uu2Ii9Oo";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TempIdAutoConfiguration.class, TempIdActuatorAutoConfiguration.class))
		.withPropertyValues("tempid.secret=" + SECRET_VALUE, "tempid.purposes.password-reset.max-uses=1",
				"tempid.revocation-checks=true")
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void metricsWhenOperationsRunThenTimerIsTaggedWithPurposeOperationAndOutcome() {
		this.contextRunner.run((context) -> {
			TokenService tokens = context.getBean(TokenService.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			IssuedToken token = tokens.issue(TokenRequest.forPurpose("password-reset").maxUses(1).build());
			tokens.verify(token.value(), "password-reset");
			tokens.consume(token.value(), "password-reset");
			tokens.tryConsume(token.value(), "password-reset");
			tokens.tryVerify("garbage", "password-reset");
			tokens.revoke(token.value(), "password-reset");
			assertThat(timer(registry, "password-reset", "issue", "success").count()).isEqualTo(1);
			assertThat(timer(registry, "password-reset", "verify", "success").count()).isEqualTo(1);
			assertThat(timer(registry, "password-reset", "consume", "success").count()).isEqualTo(1);
			assertThat(timer(registry, "password-reset", "consume", "USED_UP").count()).isEqualTo(1);
			assertThat(timer(registry, "password-reset", "verify", "MALFORMED").count()).isEqualTo(1);
			assertThat(timer(registry, "password-reset", "revoke", "success").count()).isEqualTo(1);
		});
	}

	@Test
	void metricsWhenCodeUsesManyPurposesThenTheTagStaysBounded() {
		this.contextRunner.run((context) -> {
			TokenService tokens = context.getBean(TokenService.class);
			for (int i = 0; i < TempIdMetrics.MAX_DYNAMIC_PURPOSES + 10; i++) {
				tokens.issue(TokenRequest.forPurpose("purpose-" + i).build());
			}
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find(TempIdMetrics.METRIC).tag("purpose", "other").timer().count()).isEqualTo(10);
			assertThat(registry.find(TempIdMetrics.METRIC).timers()).hasSize(TempIdMetrics.MAX_DYNAMIC_PURPOSES + 1);
		});
	}

	@Test
	void healthWhenStoreIsMemoryThenUpAndWhenRedisIsUnreachableThenDownWithoutHanging() {
		this.contextRunner.run((context) -> assertThat(context.getBean(TempIdHealthIndicator.class).health().getStatus())
			.isEqualTo(Status.UP));
		LettuceConnectionFactory down = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
		down.afterPropertiesSet();
		down.start();
		try {
			long started = System.nanoTime();
			var health = new TempIdHealthIndicator(new RedisUseStore(new StringRedisTemplate(down))).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsKey("error");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		}
		finally {
			down.destroy();
		}
	}

	@Test
	void healthWhenJdbcStoreThenUpWithTheDatabaseAndDownWithoutHangingWhenItIsUnreachable() {
		Servers.POSTGRESQL.require();
		try (HikariDataSource up = dataSource(5432); HikariDataSource down = dataSource(1)) {
			String table = "health_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
			JdbcTemplate jdbc = new JdbcTemplate(up);
			new ResourceDatabasePopulator(JdbcUseStoreSchema.create("postgresql", table)).execute(up);
			try {
				var healthy = new TempIdHealthIndicator(new JdbcUseStore(up, table)).health();
				assertThat(healthy.getStatus()).isEqualTo(Status.UP);
				assertThat(healthy.getDetails()).containsEntry("store", "JdbcUseStore");
			}
			finally {
				jdbc.execute("DROP TABLE " + table);
			}
			var missing = new TempIdHealthIndicator(new JdbcUseStore(up, table)).health();
			assertThat(missing.getStatus()).isEqualTo(Status.DOWN);
			assertThat(missing.getDetails().get("reason").toString()).contains("relation \"" + table + "\" does not exist");
			long started = System.nanoTime();
			var health = new TempIdHealthIndicator(new JdbcUseStore(down, "tempid_uses")).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsKey("error");
			assertThat(health.getDetails().get("error").toString()).doesNotContain("postgres-password");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		}
	}

	private static HikariDataSource dataSource(int port) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/test");
		dataSource.setUsername("postgres");
		dataSource.setPassword("postgres-password");
		dataSource.setConnectionTimeout(1000);
		dataSource.setInitializationFailTimeout(-1);
		return dataSource;
	}

	@Test
	void endpointWhenReadThenDescribesConfigurationWithKeyIdsButNoSecret() {
		this.contextRunner.withPropertyValues("tempid.issuer=app", "tempid.default-ttl=20m").run((context) -> {
			TokenService tokens = context.getBean(TokenService.class);
			Map<String, Object> answer = context.getBean(TempIdEndpoint.class).tempid();
			assertThat(answer).containsEntry("format", "PASETO").containsEntry("version", "v4")
				.containsEntry("defaultFormat", "local").containsEntry("issuer", "app")
				.containsEntry("defaultTtl", "PT20M").containsEntry("maxPayloadSize", 512);
			assertThat(answer.get("keys").toString()).contains(tokens.keyRing().activeLocalKey().id());
			assertThat(answer.get("purposes").toString()).contains("password-reset");
			String json = JsonMapper.builder().build().writeValueAsString(answer);
			assertThat(json).doesNotContain(SECRET_VALUE)
				.doesNotContain(tokens.keyRing().activeLocalKey().toPaserk().substring(9));
		});
	}

	@Test
	void envAndConfigpropsWhenValuesAreShownThenTheSecretIsMasked() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(EnvironmentEndpointAutoConfiguration.class,
					ConfigurationPropertiesReportEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=*", "management.endpoint.env.show-values=always",
					"management.endpoint.configprops.show-values=always")
			.run((context) -> {
				JsonMapper json = JsonMapper.builder().build();
				String env = json.writeValueAsString(context.getBean(EnvironmentEndpoint.class).environment(null));
				String props = json
					.writeValueAsString(context.getBean(ConfigurationPropertiesReportEndpoint.class).configurationProperties());
				assertThat(env).contains("tempid.secret").doesNotContain(SECRET_VALUE);
				assertThat(props).contains("secret").doesNotContain(SECRET_VALUE);
				assertThat(context.getBean(TempIdEndpoint.class).tempid().toString()).doesNotContain(SECRET_VALUE);
			});
	}

	@Test
	void sanitizingFunctionWhenAppliedThenHidesSecretAndPrivateKeysOnly() {
		this.contextRunner.run((context) -> {
			SanitizingFunction function = context.getBean("tempIdSanitizingFunction", SanitizingFunction.class);
			for (String key : new String[] { "tempid.secret", "TEMPID_SECRET", "tempid.keys.local",
					"tempid.keys.local-older[0]", "tempid.keys.localOlder", "TEMPID_KEYS_SIGNING" }) {
				assertThat(function.apply(new SanitizableData(null, key, "s3cr3t-value")).getValue()).as(key)
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
			}
			SanitizableData issuer = new SanitizableData(null, "tempid.issuer", "https://example.com");
			assertThat(function.apply(issuer).getValue()).isEqualTo("https://example.com");
		});
	}

	@Test
	void whenActuatorIsAbsentThenOnlyTheMetricsRemain() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate",
				"org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(TempIdMetrics.class)
				.doesNotHaveBean(TempIdEndpoint.class)
				.doesNotHaveBean(TempIdHealthIndicator.class)
				.doesNotHaveBean("tempIdSanitizingFunction"));
	}

	private static Timer timer(MeterRegistry registry, String purpose, String operation, String outcome) {
		Timer timer = registry.find(TempIdMetrics.METRIC)
			.tags("purpose", purpose, "operation", operation, "outcome", outcome)
			.timer();
		assertThat(timer).as("timer %s %s %s", purpose, operation, outcome).isNotNull();
		return timer;
	}

}
