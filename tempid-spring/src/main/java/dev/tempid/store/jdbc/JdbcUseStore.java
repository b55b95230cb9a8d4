package dev.tempid.store.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.tempid.StoreUnavailableException;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import dev.tempid.store.UseStore;
import dev.tempid.store.WindowCount;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * A {@link UseStore} on a relational database through Spring JDBC: PostgreSQL,
 * MySQL/MariaDB, H2 and SQLite. Each consume and each retire is one statement that the
 * database decides atomically, by its row count or returned value, never a read followed
 * by a write:
 * <ul>
 * <li>PostgreSQL and SQLite: {@code INSERT … ON CONFLICT … DO UPDATE … WHERE used < max
 * … RETURNING used};</li>
 * <li>MySQL and MariaDB: {@code INSERT … ON DUPLICATE KEY UPDATE} that reports the
 * outcome through {@code LAST_INSERT_ID(expr)} (independent of the driver's
 * affected-rows mode);</li>
 * <li>H2: {@code MERGE … WHEN MATCHED AND used < max}, decided by the row count.</li>
 * </ul>
 * A denied step reads the row once more, only to tell "used up" from "revoked".
 *
 * <p>Expiry is on the database's clock: the application passes how long an entry must
 * live, the statements add it to the database's current time, and the cleanup and
 * reads compare with the database's current time too, so an application clock ahead of
 * or behind the database's never frees a live count.
 *
 * <p>Every call is bounded by {@link #setTimeout the store timeout}: the statement's
 * query timeout and the connection's network timeout (restored after the call, so the
 * caller's transaction keeps its own), so a database that stops answering fails the
 * call with {@link StoreUnavailableException} instead of hanging. The wait for a pooled
 * connection is the pool's: set it no longer than the store timeout.
 *
 * <p>The store uses the {@link DataSource} through {@link JdbcTemplate}, so it joins the
 * caller's Spring transaction: spending a token and changing a password commit or roll
 * back together. Expired rows are deleted on a cron (every minute by default). Any
 * database failure throws {@link StoreUnavailableException}.
 */
public final class JdbcUseStore implements UseStore, InitializingBean, DisposableBean {

	/** Default table name, the one the bundled schema scripts create. */
	public static final String DEFAULT_TABLE_NAME = "tempid_uses";

	/** Default cleanup cron: every minute. */
	public static final String DEFAULT_CLEANUP_CRON = "0 * * * * *";

	/** The cron value that disables cleanup. */
	public static final String CLEANUP_DISABLED = "-";

	/** The default bound on each store call. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

	private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

	private static final Executor DIRECT = Runnable::run;

	private static final Log logger = LogFactory.getLog(JdbcUseStore.class);

	private final JdbcTemplate jdbc;

	private final DataSource dataSource;

	private volatile @Nullable Statements statements;

	private final String table;

	private String cleanupCron = DEFAULT_CLEANUP_CRON;

	private int networkTimeoutMillis;

	private int queryTimeoutSeconds;

	private @Nullable ThreadPoolTaskScheduler scheduler;

	/** A store on the default table, its dialect found on first use. */
	public JdbcUseStore(DataSource dataSource) {
		this(dataSource, DEFAULT_TABLE_NAME);
	}

	/**
	 * A store whose SQL dialect is found from the database on first use, so that the
	 * application starts even while the database is down (the store then fails closed).
	 * @param dataSource the database
	 * @param tableName the table (optionally schema-qualified) holding the counts
	 */
	public JdbcUseStore(DataSource dataSource, String tableName) {
		this(dataSource, tableName, null);
	}

	/**
	 * A store for a known SQL dialect.
	 * @param dataSource the database
	 * @param tableName the table (optionally schema-qualified) holding the counts
	 * @param dialect the database's dialect, or {@code null} to find it on first use
	 */
	public JdbcUseStore(DataSource dataSource, String tableName, @Nullable Dialect dialect) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
		checkTableName(tableName);
		this.jdbc = new JdbcTemplate(dataSource);
		this.table = tableName;
		if (dialect != null) {
			this.statements = new Statements(dialect, tableName);
		}
		setTimeout(DEFAULT_TIMEOUT);
	}

	static void checkTableName(String tableName) {
		if (!TABLE_NAME.matcher(Objects.requireNonNull(tableName, "tableName must not be null")).matches()) {
			throw new IllegalArgumentException("the table name must be a plain SQL identifier, optionally "
					+ "schema-qualified: letters, digits and underscores");
		}
	}

	private Statements sql() {
		Statements statements = this.statements;
		if (statements == null) {
			statements = new Statements(Dialect.of(this.dataSource), this.table);
			this.statements = statements;
		}
		return statements;
	}

	/** The cron of the expired-row cleanup; {@code "-"} disables it. Set before {@link #afterPropertiesSet()}. */
	public void setCleanupCron(String cleanupCron) {
		if (!CLEANUP_DISABLED.equals(cleanupCron)) {
			new CronTrigger(cleanupCron);
		}
		this.cleanupCron = cleanupCron;
	}

	/**
	 * The longest a store call waits for the database: the connection's network timeout
	 * during the call or, on a driver without one (embedded databases), each statement's
	 * query timeout (in whole seconds, rounded up). Defaults to 2 seconds. (Not both: a
	 * query timeout makes PostgreSQL's driver send a cancel request, and wait for it,
	 * through the very network that stopped answering.)
	 */
	public void setTimeout(Duration timeout) {
		long millis = UseStore.ttlMillis(Objects.requireNonNull(timeout, "timeout must not be null"));
		this.queryTimeoutSeconds = (int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000);
		this.networkTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, millis);
	}

	@Override
	public void afterPropertiesSet() {
		if (CLEANUP_DISABLED.equals(this.cleanupCron)) {
			return;
		}
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("tempid-jdbc-cleanup-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		scheduler.schedule(this::cleanUpExpired, new CronTrigger(this.cleanupCron));
		this.scheduler = scheduler;
	}

	@Override
	public void destroy() {
		if (this.scheduler != null) {
			this.scheduler.shutdown();
			this.scheduler = null;
		}
	}

	@Override
	public UseDecision consume(String tokenId, int maxUses, Duration ttl) {
		long ttlMillis = UseStore.ttlMillis(ttl);
		return decide(tokenId, () -> consumeOnce(tokenId, maxUses, ttlMillis));
	}

	@Override
	public UseDecision retire(String tokenId, int maxUses, Duration ttl) {
		long ttlMillis = UseStore.ttlMillis(ttl);
		return decide(tokenId, () -> retireOnce(tokenId, maxUses, ttlMillis));
	}

	/** Runs a deciding statement, once more when two first writers raced to insert the row. */
	private UseDecision decide(String tokenId, Step step) {
		try {
			try {
				return step.run();
			}
			catch (DuplicateKeyException ex) {
				// two first writes raced to insert the row: it exists now, so this runs the update branch
				return step.run();
			}
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	private UseDecision consumeOnce(String tokenId, int maxUses, long ttlMillis) {
		Statements sql = sql();
		return call((connection) -> {
			Integer used = switch (sql.dialect) {
				case POSTGRESQL, SQLITE -> queryInt(connection, sql.consume, tokenId, ttlMillis, maxUses, maxUses);
				case MYSQL -> {
					Long encoded = lastInsertId(connection, sql.consume, tokenId, ttlMillis, maxUses, maxUses);
					yield (encoded != null && encoded > 0) ? encoded.intValue() : null;
				}
				case H2 -> (update(connection, sql.consume, tokenId, ttlMillis, maxUses, maxUses) > 0)
						? record(connection, sql, tokenId).used() : null;
			};
			return (used != null) ? UseDecision.granted(used) : denial(connection, sql, tokenId);
		});
	}

	private UseDecision retireOnce(String tokenId, int maxUses, long ttlMillis) {
		Statements sql = sql();
		return call((connection) -> {
			Integer used = switch (sql.dialect) {
				case POSTGRESQL, SQLITE -> queryInt(connection, sql.retire, tokenId, ttlMillis, maxUses, maxUses);
				case MYSQL -> {
					// LAST_INSERT_ID is the uses taken plus one when this call retired the token, 0 when denied
					Long encoded = lastInsertId(connection, sql.retire, tokenId, ttlMillis, maxUses, maxUses);
					yield (encoded != null && encoded > 0) ? encoded.intValue() - 1 : null;
				}
				case H2 -> (update(connection, sql.retire, tokenId, ttlMillis, maxUses, maxUses) > 0)
						? record(connection, sql, tokenId).used() : null;
			};
			return (used != null) ? UseDecision.granted(used) : denial(connection, sql, tokenId);
		});
	}

	private UseDecision denial(Connection connection, Statements sql, String tokenId) throws SQLException {
		UseRecord record = record(connection, sql, tokenId);
		return record.revoked() ? UseDecision.revoked() : UseDecision.usedUp(record.used());
	}

	@Override
	public boolean release(String tokenId) {
		Statements sql = sql();
		try {
			return call((connection) -> update(connection, sql.release, tokenId) > 0);
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	@Override
	public void revoke(String tokenId, Duration ttl) {
		long ttlMillis = UseStore.ttlMillis(ttl);
		Statements sql = sql();
		try {
			try {
				call((connection) -> update(connection, sql.revoke, tokenId, ttlMillis));
			}
			catch (DuplicateKeyException ex) {
				call((connection) -> update(connection, sql.revoke, tokenId, ttlMillis));
			}
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	/**
	 * Counts one event in a fixed window, in one statement decided by the database (the
	 * row of {@code key} in the use table: {@code used} is the count, {@code expires_at}
	 * the end of the window, reset by the statement once it has passed); a second,
	 * read-only statement then reads the time left in the window.
	 */
	@Override
	public WindowCount count(String key, int limit, Duration window) {
		Objects.requireNonNull(key, "key must not be null");
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1");
		}
		long windowMillis = UseStore.ttlMillis(window);
		Statements sql = sql();
		try {
			try {
				return countOnce(sql, key, limit, windowMillis);
			}
			catch (DuplicateKeyException ex) {
				// two first events raced to insert the row: it exists now, so this runs the update branch
				return countOnce(sql, key, limit, windowMillis);
			}
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	private WindowCount countOnce(Statements sql, String key, int limit, long windowMillis) {
		return call((connection) -> {
			boolean allowed = switch (sql.dialect) {
				case POSTGRESQL, SQLITE -> queryInt(connection, sql.count, key, windowMillis, limit) != null;
				case MYSQL -> {
					Long encoded = lastInsertId(connection, sql.count, key, windowMillis, limit);
					yield encoded != null && encoded > 0;
				}
				case H2 -> update(connection, sql.count, key, windowMillis, limit) > 0;
			};
			try (PreparedStatement statement = prepare(connection, sql.window, key);
					ResultSet rs = statement.executeQuery()) {
				if (!rs.next()) {
					throw new StoreUnavailableException("the tempid use table lost a counter row");
				}
				return new WindowCount(allowed, rs.getInt(1), Duration.ofMillis(Math.max(1, rs.getLong(2))));
			}
		});
	}

	@Override
	public UseRecord usage(String tokenId) {
		Statements sql = sql();
		try {
			return call((connection) -> {
				try (PreparedStatement statement = prepare(connection, sql.usage, tokenId);
						ResultSet rs = statement.executeQuery()) {
					return rs.next() ? new UseRecord(rs.getInt(1), rs.getInt(2) == 1) : UseRecord.UNSEEN;
				}
			});
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	@Override
	public void ping() {
		try {
			Boolean valid = call((connection) -> connection.isValid(Math.max(1, this.networkTimeoutMillis / 1000)));
			if (!Boolean.TRUE.equals(valid)) {
				throw new StoreUnavailableException("the database connection is not valid");
			}
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	/**
	 * Deletes the rows of expired tokens now, by the database's clock.
	 * @return how many rows were deleted
	 */
	public int cleanUpExpired() {
		try {
			Statements sql = sql();
			int deleted = call((connection) -> update(connection, sql.cleanup));
			if (deleted > 0 && logger.isDebugEnabled()) {
				logger.debug("Deleted " + deleted + " expired tempid use rows from " + this.table);
			}
			return deleted;
		}
		catch (DataAccessException | StoreUnavailableException ex) {
			logger.warn("Could not delete expired tempid use rows from " + this.table + ": " + ex.getMessage());
			return 0;
		}
	}

	/**
	 * Runs work on the (possibly transaction-bound) connection with the store's network
	 * timeout, restoring the connection's own timeout afterwards.
	 */
	private <T> T call(ConnectionCallback<T> work) {
		T result = this.jdbc.execute((Connection connection) -> {
			int previous = networkTimeout(connection, this.networkTimeoutMillis, -1);
			try {
				return work.doInConnection(connection);
			}
			finally {
				if (previous >= 0) {
					networkTimeout(connection, previous, previous);
				}
			}
		});
		if (result == null) {
			throw new StoreUnavailableException("the database returned no result");
		}
		return result;
	}

	/**
	 * Sets a connection's network timeout when it is unset or longer.
	 * @return the previous timeout when it was changed, otherwise {@code none}
	 */
	private static int networkTimeout(Connection connection, int millis, int none) {
		try {
			int previous = connection.getNetworkTimeout();
			if (previous == millis || (none < 0 && previous > 0 && previous <= millis)) {
				return none;
			}
			connection.setNetworkTimeout(DIRECT, millis);
			return previous;
		}
		catch (SQLException | AbstractMethodError | UnsupportedOperationException ex) {
			// an embedded database (H2, SQLite) has no network to time out
			return none;
		}
	}

	private PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
		return bind(connection, connection.prepareStatement(sql), args);
	}

	/** Binds the arguments, and bounds the statement when the connection's network timeout does not. */
	private PreparedStatement bind(Connection connection, PreparedStatement statement, Object... args)
			throws SQLException {
		int network;
		try {
			network = connection.getNetworkTimeout();
		}
		catch (SQLException | AbstractMethodError | UnsupportedOperationException ex) {
			network = 0;
		}
		if (network <= 0 || network > this.networkTimeoutMillis) {
			statement.setQueryTimeout(this.queryTimeoutSeconds);
		}
		for (int i = 0; i < args.length; i++) {
			statement.setObject(i + 1, args[i]);
		}
		return statement;
	}

	private int update(Connection connection, String sql, Object... args) throws SQLException {
		try (PreparedStatement statement = prepare(connection, sql, args)) {
			return statement.executeUpdate();
		}
	}

	private @Nullable Integer queryInt(Connection connection, String sql, Object... args) throws SQLException {
		try (PreparedStatement statement = prepare(connection, sql, args); ResultSet rs = statement.executeQuery()) {
			return rs.next() ? rs.getInt(1) : null;
		}
	}

	private @Nullable Long lastInsertId(Connection connection, String sql, Object... args) throws SQLException {
		try (PreparedStatement statement = bind(connection,
				connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS), args)) {
			statement.executeUpdate();
			try (ResultSet keys = statement.getGeneratedKeys()) {
				return keys.next() ? keys.getLong(1) : null;
			}
		}
	}

	private UseRecord record(Connection connection, Statements sql, String tokenId) throws SQLException {
		try (PreparedStatement statement = prepare(connection, sql.state, tokenId);
				ResultSet rs = statement.executeQuery()) {
			return rs.next() ? new UseRecord(rs.getInt(1), rs.getInt(2) == 1) : UseRecord.UNSEEN;
		}
	}

	private static StoreUnavailableException unavailable(DataAccessException ex) {
		return new StoreUnavailableException("the tempid use table cannot be used: " + ex.getClass().getSimpleName(),
				null, ex);
	}

	/** The SQL dialect, from the database's product name. */
	public Dialect dialect() {
		return sql().dialect;
	}

	@Override
	public String toString() {
		Statements statements = this.statements;
		return "JdbcUseStore[table=" + this.table + ", dialect=" + ((statements != null) ? statements.dialect : "unknown yet")
				+ "]";
	}

	@FunctionalInterface
	private interface Step {

		UseDecision run();

	}

	/** The SQL of one dialect and table. */
	private static final class Statements {

		final Dialect dialect;

		final String consume;

		final String retire;

		final String revoke;

		final String release;

		final String state;

		final String usage;

		final String cleanup;

		final String count;

		final String window;

		Statements(Dialect dialect, String tableName) {
			String t = tableName;
			String now = dialect.now;
			this.dialect = dialect;
			// every statement takes (id, ttl in ms[, max, max]); expiry is the database's now plus the ttl
			this.consume = switch (dialect) {
				case POSTGRESQL, SQLITE -> "INSERT INTO " + t + " AS u (id, used, revoked, expires_at) VALUES (?, 1, 0, "
						+ now + " + ?) ON CONFLICT (id) DO UPDATE SET used = u.used + 1, expires_at = "
						+ dialect.greatest + "(u.expires_at, excluded.expires_at) "
						+ "WHERE u.revoked = 0 AND (? = 0 OR u.used < ?) RETURNING used";
				case MYSQL -> "INSERT INTO " + t + " (id, used, revoked, expires_at) VALUES (?, LAST_INSERT_ID(1), 0, "
						+ now + " + ?) ON DUPLICATE KEY UPDATE "
						+ "expires_at = GREATEST(expires_at, VALUES(expires_at)), "
						+ "used = IF(revoked = 0 AND (? = 0 OR used < ?), LAST_INSERT_ID(used + 1), used + LAST_INSERT_ID(0))";
				case H2 -> "MERGE INTO " + t + " u USING (VALUES (CAST(? AS VARCHAR(64)), " + now
						+ " + CAST(? AS BIGINT))) s(id, expires_at) ON u.id = s.id "
						+ "WHEN MATCHED AND u.revoked = 0 AND (? = 0 OR u.used < ?) "
						+ "THEN UPDATE SET used = u.used + 1, expires_at = GREATEST(u.expires_at, s.expires_at) "
						+ "WHEN NOT MATCHED THEN INSERT (id, used, revoked, expires_at) VALUES (s.id, 1, 0, s.expires_at)";
			};
			this.retire = switch (dialect) {
				case POSTGRESQL, SQLITE -> "INSERT INTO " + t + " AS u (id, used, revoked, expires_at) VALUES (?, 0, 1, "
						+ now + " + ?) ON CONFLICT (id) DO UPDATE SET revoked = 1, expires_at = "
						+ dialect.greatest + "(u.expires_at, excluded.expires_at) "
						+ "WHERE u.revoked = 0 AND (? = 0 OR u.used < ?) RETURNING used";
				case MYSQL -> "INSERT INTO " + t + " (id, used, revoked, expires_at) VALUES (?, 0, LAST_INSERT_ID(1), "
						+ now + " + ?) ON DUPLICATE KEY UPDATE "
						+ "expires_at = GREATEST(expires_at, VALUES(expires_at)), "
						+ "revoked = IF(revoked = 0 AND (? = 0 OR used < ?), LAST_INSERT_ID(used + 1) * 0 + 1, "
						+ "revoked + LAST_INSERT_ID(0))";
				case H2 -> "MERGE INTO " + t + " u USING (VALUES (CAST(? AS VARCHAR(64)), " + now
						+ " + CAST(? AS BIGINT))) s(id, expires_at) ON u.id = s.id "
						+ "WHEN MATCHED AND u.revoked = 0 AND (? = 0 OR u.used < ?) "
						+ "THEN UPDATE SET revoked = 1, expires_at = GREATEST(u.expires_at, s.expires_at) "
						+ "WHEN NOT MATCHED THEN INSERT (id, used, revoked, expires_at) VALUES (s.id, 0, 1, s.expires_at)";
			};
			this.revoke = switch (dialect) {
				case POSTGRESQL, SQLITE -> "INSERT INTO " + t + " AS u (id, used, revoked, expires_at) VALUES (?, 0, 1, "
						+ now + " + ?) ON CONFLICT (id) DO UPDATE SET revoked = 1, expires_at = "
						+ dialect.greatest + "(u.expires_at, excluded.expires_at)";
				case MYSQL -> "INSERT INTO " + t + " (id, used, revoked, expires_at) VALUES (?, 0, 1, " + now + " + ?) "
						+ "ON DUPLICATE KEY UPDATE revoked = 1, expires_at = GREATEST(expires_at, VALUES(expires_at))";
				case H2 -> "MERGE INTO " + t + " u USING (VALUES (CAST(? AS VARCHAR(64)), " + now
						+ " + CAST(? AS BIGINT))) s(id, expires_at) ON u.id = s.id "
						+ "WHEN MATCHED THEN UPDATE SET revoked = 1, expires_at = GREATEST(u.expires_at, s.expires_at) "
						+ "WHEN NOT MATCHED THEN INSERT (id, used, revoked, expires_at) VALUES (s.id, 0, 1, s.expires_at)";
			};
			// (key, window in ms, limit): a fixed window; an expired row starts a new one
			this.count = switch (dialect) {
				case POSTGRESQL, SQLITE -> "INSERT INTO " + t + " AS u (id, used, revoked, expires_at) VALUES (?, 1, 0, "
						+ now + " + ?) ON CONFLICT (id) DO UPDATE SET "
						+ "used = CASE WHEN u.expires_at < " + now + " THEN 1 ELSE u.used + 1 END, "
						+ "expires_at = CASE WHEN u.expires_at < " + now + " THEN excluded.expires_at ELSE u.expires_at END "
						+ "WHERE u.expires_at < " + now + " OR u.used < ? RETURNING used";
				// MySQL assigns left to right: used first, while expires_at is still the old one
				case MYSQL -> "INSERT INTO " + t + " (id, used, revoked, expires_at) VALUES (?, LAST_INSERT_ID(1), 0, "
						+ now + " + ?) ON DUPLICATE KEY UPDATE "
						+ "used = IF(expires_at < " + now + ", LAST_INSERT_ID(1), "
						+ "IF(used < ?, LAST_INSERT_ID(used + 1), used + LAST_INSERT_ID(0))), "
						+ "expires_at = IF(expires_at < " + now + ", VALUES(expires_at), expires_at)";
				case H2 -> "MERGE INTO " + t + " u USING (VALUES (CAST(? AS VARCHAR(64)), " + now
						+ " + CAST(? AS BIGINT), " + now + ")) s(id, expires_at, now_ms) ON u.id = s.id "
						+ "WHEN MATCHED AND (u.expires_at < s.now_ms OR u.used < ?) THEN UPDATE SET "
						+ "used = CASE WHEN u.expires_at < s.now_ms THEN 1 ELSE u.used + 1 END, "
						+ "expires_at = CASE WHEN u.expires_at < s.now_ms THEN s.expires_at ELSE u.expires_at END "
						+ "WHEN NOT MATCHED THEN INSERT (id, used, revoked, expires_at) VALUES (s.id, 1, 0, s.expires_at)";
			};
			this.window = "SELECT used, expires_at - " + now + " FROM " + t + " WHERE id = ?";
			this.release = "UPDATE " + t + " SET used = used - 1 WHERE id = ? AND used > 0";
			this.state = "SELECT used, revoked FROM " + t + " WHERE id = ?";
			this.usage = "SELECT used, revoked FROM " + t + " WHERE id = ? AND expires_at >= " + now;
			this.cleanup = "DELETE FROM " + t + " WHERE expires_at < " + now;
		}

	}

	/** The databases this store speaks to. */
	public enum Dialect {

		POSTGRESQL("CAST(EXTRACT(EPOCH FROM CLOCK_TIMESTAMP()) * 1000 AS BIGINT)", "GREATEST"),

		MYSQL("CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)", "GREATEST"),

		H2("CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000 AS BIGINT)", "GREATEST"),

		SQLITE("CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)", "MAX");

		/** The database's current time in epoch milliseconds, as SQL. */
		final String now;

		/** The SQL function of the larger of two values. */
		final String greatest;

		Dialect(String now, String greatest) {
			this.now = now;
			this.greatest = greatest;
		}

		static Dialect of(DataSource dataSource) {
			String product;
			try {
				product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
			}
			catch (Exception ex) {
				throw new StoreUnavailableException("the database cannot be reached to find its type", null, ex);
			}
			String name = product.toLowerCase(Locale.ROOT);
			if (name.contains("postgres")) {
				return POSTGRESQL;
			}
			if (name.contains("mysql") || name.contains("mariadb")) {
				return MYSQL;
			}
			if (name.contains("h2")) {
				return H2;
			}
			if (name.contains("sqlite")) {
				return SQLITE;
			}
			throw new IllegalArgumentException("tempid's JDBC use store does not know the database '" + product
					+ "': it supports PostgreSQL, MySQL, MariaDB, H2 and SQLite");
		}

	}

}
