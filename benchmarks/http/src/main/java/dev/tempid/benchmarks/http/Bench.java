package dev.tempid.benchmarks.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.Environment;

/**
 * What every benchmark application shares: each is started with the auto-configurations
 * of the other pairs switched off (the module's classpath holds all of them), so it runs
 * only what its pair needs.
 */
public final class Bench {

	/** tempid's auto-configurations, off in the Spring Security applications. */
	public static final List<String> TEMPID = List.of("dev.tempid.autoconfigure.TempIdAutoConfiguration",
			"dev.tempid.autoconfigure.TempIdActuatorAutoConfiguration",
			"dev.tempid.autoconfigure.TempIdKeyDistributionAutoConfiguration",
			"dev.tempid.autoconfigure.TempIdRedisStoreAutoConfiguration",
			"dev.tempid.autoconfigure.TempIdJdbcStoreAutoConfiguration",
			"dev.tempid.autoconfigure.web.TempIdWebAutoConfiguration",
			"dev.tempid.autoconfigure.security.TempIdSecurityAutoConfiguration");

	/** Spring Session's auto-configurations, off everywhere but the Spring Session application. */
	public static final List<String> SESSION = List.of("org.springframework.boot.session.autoconfigure.SessionAutoConfiguration",
			"org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
			"org.springframework.boot.session.autoconfigure.SessionsEndpointAutoConfiguration");

	/** DataSource auto-configurations, off where no database is used. */
	public static final List<String> JDBC = List.of("org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
			"org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration");

	/** Redis auto-configurations, off where Redis is not used. */
	public static final List<String> REDIS = List.of("org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration");

	private Bench() {
	}

	/** Runs {@code application} with the given auto-configurations excluded. */
	@SafeVarargs
	public static void run(Class<?> application, String[] args, List<String>... excluded) {
		List<String> names = new ArrayList<>();
		for (List<String> list : excluded) {
			names.addAll(list);
		}
		Map<String, Object> defaults = new HashMap<>();
		defaults.put("spring.autoconfigure.exclude", String.join(",", names));
		defaults.put("spring.main.banner-mode", "off");
		defaults.put("logging.level.root", "WARN");
		defaults.put("logging.level.dev.tempid.benchmarks", "INFO");
		SpringApplication app = new SpringApplication(application);
		app.setDefaultProperties(defaults);
		app.run(args);
	}

	/** Writes a token for the load generator to the file named by {@code bench.token-file}, if set. */
	public static void writeToken(Environment environment, String token) {
		String file = environment.getProperty("bench.token-file");
		if (file == null) {
			return;
		}
		try {
			Files.writeString(Path.of(file), token, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
