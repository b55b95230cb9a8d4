package dev.tempid.it.classpath;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tempid.testsupport.Servers;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter in applications without what they never asked for: WebFlux without Spring
 * JDBC (and, in memory, without any SQL module), Spring MVC without Reactor, WebFlux or a
 * Redis client. Each run is a JVM of its own on this module's test class path with those
 * jars taken out; a class of tempid that reached for one of them fails the start-up here.
 */
class LeanClassPathTests {

	private static final Pattern REPORT = Pattern.compile("^REPORT ([a-z-]+)=(.*)$", Pattern.MULTILINE);

	private static final Predicate<String> JDBC = (entry) -> entry.contains("spring-jdbc")
			|| entry.contains("spring-boot-jdbc") || entry.contains("spring-boot-starter-jdbc")
			|| entry.contains("HikariCP") || entry.contains("postgresql-") && !entry.contains("r2dbc")
			|| entry.contains("mariadb-java-client") || entry.contains("h2-") || entry.contains("sqlite-jdbc");

	private static final Predicate<String> REACTIVE = (entry) -> entry.startsWith("reactor-")
			|| entry.startsWith("netty-") || entry.contains("webflux") || entry.contains("lettuce")
			|| entry.contains("r2dbc") || entry.contains("spring-data-redis") || entry.contains("data-redis")
			|| entry.startsWith("blockhound") || entry.startsWith("reactive-streams");

	private static final Predicate<String> SQL = (entry) -> entry.contains("spring-boot-sql")
			|| entry.contains("r2dbc");

	@Test
	void whenAWebFluxApplicationHasNoSqlAtAllThenItStartsOnTheInMemoryStore() throws Exception {
		Map<String, String> report = run(WebFluxWithoutJdbc.class, JDBC.or(SQL));
		assertThat(report).containsEntry("jdbc-on-class-path", "false")
			.containsEntry("boot-jdbc-on-class-path", "false")
			.containsEntry("blocking-store", "InMemoryUseStore")
			.containsEntry("reactive-store", "InMemoryReactiveUseStore")
			.containsEntry("blocking-consume", "alice")
			.containsEntry("reactive-consume-after", "TokenUsedUpException");
	}

	@Test
	void whenAnMvcApplicationHasNoReactorWebFluxOrRedisClientThenItStartsOnTheInMemoryStore() throws Exception {
		Map<String, String> report = run(MvcWithoutReactor.class, REACTIVE);
		assertThat(report).containsEntry("reactor-on-class-path", "false")
			.containsEntry("blocking-store", "InMemoryUseStore")
			.containsEntry("blocking-consume", "alice")
			.containsEntry("second-consume", "false");
	}

	@Test
	void whenAWebFluxApplicationHasR2dbcButNoJdbcThenTheJdbcStoreRunsOnR2dbcAndCreatesItsTable() throws Exception {
		Servers.POSTGRESQL.require();
		String table = "tempid_nojdbc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try {
			Map<String, String> report = run(WebFluxWithoutJdbc.class, JDBC, "--tempid.store.type=jdbc",
					"--tempid.store.jdbc.initialize-schema=always", "--tempid.store.jdbc.table-name=" + table,
					"--database.r2dbc-url=r2dbc:pool:postgresql://127.0.0.1:5432/test", "--database.username=postgres");
			assertThat(report).containsEntry("jdbc-on-class-path", "false")
				.containsEntry("blocking-store", "BlockingUseStoreAdapter")
				.containsEntry("reactive-store", "R2dbcUseStore")
				.containsEntry("blocking-consume", "alice")
				.containsEntry("reactive-consume-after", "TokenUsedUpException");
		}
		finally {
			new JdbcTemplate(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:5432/test", "postgres", ""))
				.execute("DROP TABLE IF EXISTS " + table);
		}
	}

	/** Runs {@code application} without the class path entries {@code removed} matches; returns its report. */
	private static Map<String, String> run(Class<?> application, Predicate<String> removed, String... args)
			throws Exception {
		List<String> classPath = new ArrayList<>();
		List<String> taken = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			(removed.test(Path.of(entry).getFileName().toString()) ? taken : classPath).add(entry);
		}
		assertThat(taken).as("class path entries taken out").isNotEmpty();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", String.join(File.pathSeparator, classPath), application.getName()));
		command.addAll(Arrays.asList(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getOutputStream().close();
		byte[] output;
		try {
			output = process.getInputStream().readAllBytes();
			assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the application ended").isTrue();
		}
		finally {
			process.destroyForcibly();
		}
		String text = new String(output, StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as("exit status; output:%n%s", text).isZero();
		Map<String, String> report = new LinkedHashMap<>();
		Matcher matcher = REPORT.matcher(text);
		while (matcher.find()) {
			report.put(matcher.group(1), matcher.group(2).strip());
		}
		assertThat(report).as("report in:%n%s", text).isNotEmpty();
		return report;
	}

}
