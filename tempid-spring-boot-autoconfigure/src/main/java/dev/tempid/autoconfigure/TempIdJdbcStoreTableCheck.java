package dev.tempid.autoconfigure;

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

/**
 * Checks at start-up that the JDBC use table exists and has the columns the store
 * uses, so that a database without the table fails start-up with what to do instead of
 * answering every consume with 503. When the database cannot be reached, the application
 * starts (the store fails closed) and the reason is logged.
 */
final class TempIdJdbcStoreTableCheck {

	private static final Log logger = LogFactory.getLog(TempIdJdbcStoreTableCheck.class);

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
		}
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
