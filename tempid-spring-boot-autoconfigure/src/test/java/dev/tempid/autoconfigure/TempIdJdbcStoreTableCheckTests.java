package dev.tempid.autoconfigure;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.tempid.IssuedToken;
import dev.tempid.StoreUnavailableException;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.actuate.TempIdHealthIndicator;
import dev.tempid.store.jdbc.JdbcUseStore;
import dev.tempid.testsupport.Servers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JDBC store on a real PostgreSQL and MariaDB without its table, or with a table made
 * before its {@code detail} column: start-up fails with what to do (and doing it lets the
 * application start), and once running the health, the 503 cause and the cleanup warning
 * carry the database's own message.
 */
@ExtendWith(OutputCaptureExtension.class)
class TempIdJdbcStoreTableCheckTests {

	private static final String SECRET = "tempid.secret=Zq8xV3mN7pL2kR9tW4yB6cD1fG5hJ0sA-Qe7Uu2Ii9Oo";

	private final String table = "fh_check_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TempIdAutoConfiguration.class, TempIdJdbcStoreAutoConfiguration.class,
				DataSourceAutoConfiguration.class))
		.withPropertyValues(SECRET, "tempid.store.type=jdbc", "tempid.store.jdbc.table-name=" + this.table,
				"tempid.store.jdbc.cleanup-cron=-");

	@Test
	void whenTheTableIsMissingOnPostgresqlThenStartUpFailsNamingTheSettingAndThePostgresqlScript() {
		Servers.POSTGRESQL.require();
		this.contextRunner.withPropertyValues(postgresql()).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("'" + this.table + "'")
				.contains("relation \"" + this.table + "\" does not exist");
			assertThat(analysis.getAction()).contains("'tempid.store.jdbc.initialize-schema=always'")
				.contains("dev/tempid/store/jdbc/schema-postgresql.sql")
				.contains("'tempid_uses' renamed to '" + this.table + "'");
		});
	}

	@Test
	void whenTheTableIsMissingOnMariadbThenStartUpFailsNamingTheMysqlScript() {
		Servers.MARIADB.require();
		this.contextRunner.withPropertyValues(mariadb()).run((context) -> {
			FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).containsIgnoringCase(this.table + "' doesn't exist");
			assertThat(analysis.getAction()).contains("'tempid.store.jdbc.initialize-schema=always'")
				.contains("dev/tempid/store/jdbc/schema-mysql.sql");
		});
	}

	@Test
	void whenInitializeSchemaIsAlwaysThenTheTableIsCreatedAndTheApplicationStarts() {
		Servers.MARIADB.require();
		this.contextRunner.withPropertyValues(mariadb()).withPropertyValues("tempid.store.jdbc.initialize-schema=always")
			.run((context) -> {
				try {
					assertThat(context).hasNotFailed();
					TokenService tokens = context.getBean(TokenService.class);
					IssuedToken token = tokens.issue(TokenRequest.forPurpose("p").maxUses(1).build());
					assertThat(tokens.consume(token.value(), "p").usesLeft()).isZero();
				}
				finally {
					drop(context.getBean(DataSource.class));
				}
			});
	}

	@Test
	void whenTheTableDisappearsAfterStartUpThenHealthConsumeAndCleanupCarryTheDatabasesReason(CapturedOutput output) {
		Servers.POSTGRESQL.require();
		this.contextRunner.withPropertyValues(postgresql())
			.withPropertyValues("tempid.store.jdbc.initialize-schema=always")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JdbcUseStore store = context.getBean(JdbcUseStore.class);
				assertThat(new TempIdHealthIndicator(store).health().getStatus()).isEqualTo(Status.UP);
				drop(context.getBean(DataSource.class));
				String reason = "relation \"" + this.table + "\" does not exist";

				Health health = new TempIdHealthIndicator(store).health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails().get("reason").toString()).contains(reason);

				TokenService tokens = context.getBean(TokenService.class);
				IssuedToken token = tokens.issue(TokenRequest.forPurpose("p").maxUses(1).build());
				assertThatExceptionOfType(StoreUnavailableException.class)
					.isThrownBy(() -> tokens.consume(token.value(), "p"))
					.withMessageContaining(reason)
					.withMessageNotContaining(token.value());

				assertThat(store.cleanUpExpired()).isZero();
				assertThat(output).contains("Could not delete expired tempid use rows from " + this.table)
					.contains(reason);
			});
	}

	@Test
	void whenTheDatabaseIsDownAtStartUpThenTheApplicationStartsAndSaysWhy(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/test",
					"spring.datasource.username=postgres", "spring.datasource.password=pg-secret-password",
					"spring.datasource.hikari.connection-timeout=1000",
					"spring.datasource.hikari.initialization-fail-timeout=-1", "tempid.store.jdbc.initialize-schema=never")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(JdbcUseStore.class);
				assertThat(output).contains("Cannot check the tempid use table '" + this.table + "'")
					.doesNotContain("pg-secret-password");
			});
	}

	@Test
	void whenTheDetailColumnIsMissingOnPostgresqlThenStartUpFailsWithTheAlterTableThatFixesIt() {
		Servers.POSTGRESQL.require();
		JdbcTemplate jdbc = jdbc(postgresql());
		jdbc.execute(tableWithoutDetail(""));
		try {
			// 'always' runs the script, whose CREATE TABLE IF NOT EXISTS adds no column
			this.contextRunner.withPropertyValues(postgresql())
				.withPropertyValues("tempid.store.jdbc.initialize-schema=always")
				.run((context) -> {
					assertThat(context).hasFailed();
					FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
					assertThat(analysis).isNotNull();
					assertThat(analysis.getDescription()).contains("'" + this.table + "' has no 'detail' column")
						.contains("Login codes");
					assertThat(analysis.getAction())
						.contains("'ALTER TABLE " + this.table + " ADD COLUMN detail VARCHAR(200)'");
					jdbc.execute(statementIn(analysis.getAction()));
				});
			this.contextRunner.withPropertyValues(postgresql()).run((context) -> assertThat(context).hasNotFailed());
		}
		finally {
			drop(jdbc);
		}
	}

	@Test
	void whenTheDetailColumnIsMissingOnMariadbThenStartUpFailsWithTheAlterTableThatFixesIt() {
		Servers.MARIADB.require();
		JdbcTemplate jdbc = jdbc(mariadb());
		jdbc.execute(tableWithoutDetail(""));
		try {
			this.contextRunner.withPropertyValues(mariadb()).run((context) -> {
				FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("has no 'detail' column");
				jdbc.execute(statementIn(analysis.getAction()));
			});
			this.contextRunner.withPropertyValues(mariadb()).run((context) -> assertThat(context).hasNotFailed());
		}
		finally {
			drop(jdbc);
		}
	}

	@Test
	void whenTheDetailColumnIsNotNullOnPostgresqlThenStartUpFailsSayingHowToLetItAcceptNull() {
		Servers.POSTGRESQL.require();
		JdbcTemplate jdbc = jdbc(postgresql());
		jdbc.execute(tableWithoutDetail(", detail VARCHAR(200) NOT NULL"));
		try {
			this.contextRunner.withPropertyValues(postgresql()).run((context) -> {
				FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("'detail' column").contains("NOT NULL");
				assertThat(analysis.getAction()).contains("DROP NOT NULL");
				jdbc.execute(statementIn(analysis.getAction()));
			});
			this.contextRunner.withPropertyValues(postgresql()).run((context) -> {
				assertThat(context).hasNotFailed();
				TokenService tokens = context.getBean(TokenService.class);
				IssuedToken token = tokens.issue(TokenRequest.forPurpose("p").maxUses(1).build());
				assertThat(tokens.consume(token.value(), "p").usesLeft()).isZero();
			});
		}
		finally {
			drop(jdbc);
		}
	}

	@Test
	void whenTheDetailColumnIsTooNarrowOnMariadbThenStartUpFailsSayingHowToWidenIt() {
		Servers.MARIADB.require();
		JdbcTemplate jdbc = jdbc(mariadb());
		jdbc.execute(tableWithoutDetail(", detail VARCHAR(64)"));
		try {
			this.contextRunner.withPropertyValues(mariadb()).run((context) -> {
				FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("holds 64 characters");
				assertThat(analysis.getAction()).contains("MODIFY detail VARCHAR(200) NULL");
				jdbc.execute(statementIn(analysis.getAction()));
			});
			this.contextRunner.withPropertyValues(mariadb()).run((context) -> assertThat(context).hasNotFailed());
		}
		finally {
			drop(jdbc);
		}
	}

	@Test
	void whenTheDetailColumnIsMissingOnH2ThenStartUpFails() {
		String[] h2 = { "spring.datasource.url=jdbc:h2:mem:" + this.table + ";DB_CLOSE_DELAY=-1",
				"spring.datasource.username=sa" };
		JdbcTemplate jdbc = jdbc(h2);
		jdbc.execute(tableWithoutDetail(""));
		try {
			this.contextRunner.withPropertyValues(h2).run((context) -> {
				FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("has no 'detail' column");
				jdbc.execute(statementIn(analysis.getAction()));
			});
			this.contextRunner.withPropertyValues(h2).run((context) -> assertThat(context).hasNotFailed());
		}
		finally {
			drop(jdbc);
		}
	}

	@Test
	void whenTheTableHasEveryColumnThenTheCheckPasses() {
		Servers.POSTGRESQL.require();
		JdbcTemplate jdbc = jdbc(postgresql());
		jdbc.execute(tableWithoutDetail(", detail VARCHAR(200)"));
		try {
			this.contextRunner.withPropertyValues(postgresql()).run((context) -> assertThat(context).hasNotFailed());
		}
		finally {
			drop(jdbc);
		}
	}

	/** The use table as the schema scripts made it before the {@code detail} column, plus {@code extra}. */
	private String tableWithoutDetail(String extra) {
		return "CREATE TABLE " + this.table + " (id VARCHAR(64) NOT NULL PRIMARY KEY, used INT NOT NULL, "
				+ "revoked SMALLINT NOT NULL, expires_at BIGINT NOT NULL" + extra + ")";
	}

	/** The one SQL statement a failure analysis tells to run, quoted in it. */
	private static String statementIn(String action) {
		Matcher matcher = Pattern.compile("'(ALTER TABLE [^']+)'").matcher(action);
		assertThat(matcher.find()).as("an ALTER TABLE in: %s", action).isTrue();
		return matcher.group(1);
	}

	private static JdbcTemplate jdbc(String[] properties) {
		String url = properties[0].substring("spring.datasource.url=".length());
		String user = properties[1].substring("spring.datasource.username=".length());
		return new JdbcTemplate(new DriverManagerDataSource(url, user, ""));
	}

	private void drop(JdbcTemplate jdbc) {
		jdbc.execute("DROP TABLE IF EXISTS " + this.table);
	}

	private void drop(DataSource dataSource) {
		new JdbcTemplate(dataSource).execute("DROP TABLE IF EXISTS " + this.table);
	}

	private static String[] postgresql() {
		return new String[] { "spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test",
				"spring.datasource.username=postgres" };
	}

	private static String[] mariadb() {
		return new String[] { "spring.datasource.url=jdbc:mariadb://127.0.0.1:3306/test",
				"spring.datasource.username=root" };
	}

}
