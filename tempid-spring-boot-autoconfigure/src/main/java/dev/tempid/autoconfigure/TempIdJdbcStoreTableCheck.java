package dev.tempid.autoconfigure;

import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.util.Locale;

import javax.sql.DataSource;

import dev.tempid.store.jdbc.JdbcUseStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;

/**
 * Checks at start-up that the JDBC use table exists and has the columns the store
 * uses, so that a database without the table fails start-up with what to do instead of
 * answering every consume with 503. The {@code detail} column (login codes keep their
 * keyed hash in it) came later than the others: a table made before it lacks it, and
 * re-running the schema script does not add it, so its absence gets its own message with
 * the {@code ALTER TABLE} to run; it must accept {@code NULL} (every other row leaves it
 * empty) and hold {@value #DETAIL_LENGTH} characters. When the database cannot be reached, the application
 * starts (the store fails closed) and the reason is logged.
 */
final class TempIdJdbcStoreTableCheck {

	private static final Log logger = LogFactory.getLog(TempIdJdbcStoreTableCheck.class);

	/** The width of the {@code detail} column in the shipped schema scripts. */
	static final int DETAIL_LENGTH = 200;

	private TempIdJdbcStoreTableCheck() {
	}

	static void check(DataSource dataSource, JdbcUseStore store, TempIdJdbcStoreProperties properties, Duration timeout) {
		String table = properties.getTableName();
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
		try {
			jdbc.query("SELECT id, used, revoked, expires_at FROM " + table + " WHERE 1 = 0", (rs) -> {
			});
		}
		catch (BadSqlGrammarException ex) {
			String script = "dev/tempid/store/jdbc/schema-" + platform(store) + ".sql";
			boolean initialized = properties.getInitializeSchema() == DatabaseInitializationMode.ALWAYS;
			throw new TempIdConfigurationException(
					"The tempid use table '" + table + "' cannot be read: " + reason(ex),
					(initialized ? "'tempid.store.jdbc.initialize-schema' is 'always' but the script did not create "
							+ "the table: check 'tempid.store.jdbc.schema' and the database user's rights, or "
							: "'tempid.store.jdbc.initialize-schema' is '"
									+ properties.getInitializeSchema().name().toLowerCase(Locale.ROOT)
									+ "', which creates the table on embedded databases only. Either set "
									+ "'tempid.store.jdbc.initialize-schema=always' (the table is created at start-up "
									+ "when missing), or ")
							+ "run the shipped script '" + script + "' (in the tempid-spring jar) with your migrations"
							+ (JdbcUseStore.DEFAULT_TABLE_NAME.equals(table) ? ""
									: ", with '" + JdbcUseStore.DEFAULT_TABLE_NAME + "' renamed to '" + table + "'")
							+ ".");
		}
		catch (DataAccessException ex) {
			logger.warn("Cannot check the tempid use table '" + table + "' at start-up; consuming fails closed "
					+ "until the database answers: " + reason(ex));
			return;
		}
		checkDetailColumn(jdbc, table, store);
	}

	/** The {@code detail} column: present, nullable, and wide enough. */
	private static void checkDetailColumn(JdbcTemplate jdbc, String table, JdbcUseStore store) {
		int[] column;
		try {
			column = jdbc.query("SELECT detail FROM " + table + " WHERE 1 = 0", (ResultSetExtractor<int[]>) (rs) -> {
				ResultSetMetaData metadata = rs.getMetaData();
				return new int[] { metadata.isNullable(1), metadata.getPrecision(1) };
			});
		}
		catch (BadSqlGrammarException ex) {
			throw new TempIdConfigurationException("The tempid use table '" + table + "' has no 'detail' column ("
					+ reason(ex) + "). Login codes keep their keyed hash in it; a table made before the column was "
					+ "added to the schema scripts lacks it, and re-running a script does not add it.",
					"Add the column: 'ALTER TABLE " + table + " ADD COLUMN detail VARCHAR(" + DETAIL_LENGTH + ")'"
							+ " (nullable), for example as a migration (Flyway, Liquibase).");
		}
		catch (DataAccessException ex) {
			logger.warn("Cannot check the 'detail' column of the tempid use table '" + table + "' at start-up: "
					+ reason(ex));
			return;
		}
		if (column == null) {
			return;
		}
		if (column[0] == ResultSetMetaData.columnNoNulls) {
			throw new TempIdConfigurationException("The 'detail' column of the tempid use table '" + table
					+ "' is NOT NULL, but every row except a login code's leaves it empty: every consume would fail.",
					"Let it accept NULL: " + dropNotNull(store, table) + ".");
		}
		// SQLite does not enforce declared widths
		if (store.dialect() != JdbcUseStore.Dialect.SQLITE && column[1] > 0 && column[1] < DETAIL_LENGTH) {
			throw new TempIdConfigurationException("The 'detail' column of the tempid use table '" + table
					+ "' holds " + column[1] + " characters, fewer than the " + DETAIL_LENGTH + " of the shipped "
					+ "schema scripts that a login code's row needs.",
					"Widen it to VARCHAR(" + DETAIL_LENGTH + "): " + widen(store, table) + ".");
		}
	}

	private static String dropNotNull(JdbcUseStore store, String table) {
		return switch (store.dialect()) {
			case POSTGRESQL, H2 -> "'ALTER TABLE " + table + " ALTER COLUMN detail DROP NOT NULL'";
			case MYSQL -> "'ALTER TABLE " + table + " MODIFY detail VARCHAR(" + DETAIL_LENGTH + ") NULL'";
			case SQLITE -> "SQLite cannot change a column: make the table anew from the shipped script '"
					+ "dev/tempid/store/jdbc/schema-sqlite.sql' (its rows are short-lived)";
		};
	}

	private static String widen(JdbcUseStore store, String table) {
		return switch (store.dialect()) {
			case POSTGRESQL -> "'ALTER TABLE " + table + " ALTER COLUMN detail TYPE VARCHAR(" + DETAIL_LENGTH + ")'";
			case H2 -> "'ALTER TABLE " + table + " ALTER COLUMN detail SET DATA TYPE VARCHAR(" + DETAIL_LENGTH + ")'";
			case MYSQL -> "'ALTER TABLE " + table + " MODIFY detail VARCHAR(" + DETAIL_LENGTH + ") NULL'";
			case SQLITE -> throw new IllegalStateException("SQLite does not enforce column widths");
		};
	}

	private static String platform(JdbcUseStore store) {
		return switch (store.dialect()) {
			case POSTGRESQL -> "postgresql";
			case MYSQL -> "mysql";
			case H2 -> "h2";
			case SQLITE -> "sqlite";
		};
	}

	/** The database's own message (never a secret: it names tables and columns). */
	static String reason(DataAccessException ex) {
		Throwable cause = ex.getMostSpecificCause();
		String message = cause.getMessage();
		return (message != null) ? message.strip() : cause.getClass().getSimpleName();
	}

}
