package dev.tempid.store.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import dev.tempid.StoreUnavailableException;
import dev.tempid.store.Consumption;
import dev.tempid.store.UseState;
import dev.tempid.store.UseStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * A {@link UseStore} on a relational database through Spring JDBC: PostgreSQL,
 * MySQL/MariaDB, H2 and SQLite. Each consume is one statement that the database decides
 * atomically, by its row count or returned value, never a read followed by a write:
 * <ul>
 * <li>PostgreSQL and SQLite: {@code INSERT … ON CONFLICT … DO UPDATE … WHERE used < max
 * … RETURNING used};</li>
 * <li>MySQL and MariaDB: {@code INSERT … ON DUPLICATE KEY UPDATE} that reports the new
 * count through {@code LAST_INSERT_ID(expr)} (independent of the driver's affected-rows
 * mode);</li>
 * <li>H2: {@code MERGE … WHEN MATCHED AND used < max}, decided by the row count.</li>
 * </ul>
 * A denied consume reads the row once more, only to tell "used up" from "revoked".
 *
 * <p>The store uses the {@link DataSource} through {@link JdbcTemplate}, so it joins the
 * caller's Spring transaction: spending a token and changing a password commit or roll
 * back together. Expired rows are deleted on a cron (every minute by default), with the
 * injected {@link Clock}. Any database failure throws {@link StoreUnavailableException}.
 */
public final class JdbcUseStore implements UseStore, InitializingBean, DisposableBean {

	/** Default table name, the one the bundled schema scripts create. */
	public static final String DEFAULT_TABLE_NAME = "tempid_uses";

	/** Default cleanup cron: every minute. */
	public static final String DEFAULT_CLEANUP_CRON = "0 * * * * *";

	/** The cron value that disables cleanup. */
	public static final String CLEANUP_DISABLED = "-";

	private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

	private static final Log logger = LogFactory.getLog(JdbcUseStore.class);

	private final JdbcTemplate jdbc;

	private final DataSource dataSource;

	private volatile @Nullable Statements statements;

	private final String table;

	private final Clock clock;

	private String cleanupCron = DEFAULT_CLEANUP_CRON;

	private @Nullable ThreadPoolTaskScheduler scheduler;

	public JdbcUseStore(DataSource dataSource) {
		this(dataSource, DEFAULT_TABLE_NAME, Clock.systemUTC());
	}

	/**
	 * A store whose SQL dialect is found from the database on first use, so that the
	 * application starts even while the database is down (the store then fails closed).
	 * @param dataSource the database
	 * @param tableName the table (optionally schema-qualified) holding the counts
	 * @param clock the clock that decides which rows have expired
	 */
	public JdbcUseStore(DataSource dataSource, String tableName, Clock clock) {
		this(dataSource, tableName, clock, null);
	}

	/**
	 * A store for a known SQL dialect.
	 * @param dataSource the database
	 * @param tableName the table (optionally schema-qualified) holding the counts
	 * @param clock the clock that decides which rows have expired
	 * @param dialect the database's dialect, or {@code null} to find it on first use
	 */
	static void checkTableName(String tableName) {
		if (!TABLE_NAME.matcher(Objects.requireNonNull(tableName, "tableName must not be null")).matches()) {
			throw new IllegalArgumentException("the table name must be a plain SQL identifier, optionally "
					+ "schema-qualified: letters, digits and underscores");
		}
	}

	public JdbcUseStore(DataSource dataSource, String tableName, Clock clock, @Nullable Dialect dialect) {
		this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
		checkTableName(tableName);
		this.jdbc = new JdbcTemplate(dataSource);
		this.table = tableName;
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		if (dialect != null) {
			this.statements = new Statements(dialect, tableName);
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

	/** The timeout of each statement. */
	public void setQueryTimeout(Duration timeout) {
		this.jdbc.setQueryTimeout((int) Math.max(0, timeout.toSeconds()));
	}

	@Override
	public void afterPropertiesSet() {
		if (CLEANUP_DISABLED.equals(this.cleanupCron)) {
			return;
		}
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("tempid-jdbc-cleanup-");
		scheduler.setClock(this.clock);
		scheduler.setDaemon(true);
		scheduler.initialize();
		scheduler.schedule(this::cleanUpExpired, new CronTrigger(this.cleanupCron, this.clock.getZone()));
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
	public Consumption consume(String tokenId, int maxUses, Instant expiresAt) {
		try {
			return consumeOnce(tokenId, maxUses, expiresAt);
		}
		catch (DuplicateKeyException ex) {
			// two first uses raced to insert the row: it exists now, so this runs the update branch
			try {
				return consumeOnce(tokenId, maxUses, expiresAt);
			}
			catch (DataAccessException retryFailure) {
				throw unavailable(retryFailure);
			}
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	private Consumption consumeOnce(String tokenId, int maxUses, Instant expiresAt) {
		Statements sql = sql();
		Object[] args = { tokenId, expiresAt.toEpochMilli(), maxUses, maxUses };
		{
			switch (sql.dialect) {
				case POSTGRESQL, SQLITE -> {
					List<Integer> used = this.jdbc.query(sql.consume, (rs, row) -> rs.getInt(1), args);
					if (!used.isEmpty()) {
						return Consumption.granted(used.get(0));
					}
				}
				case MYSQL -> {
					GeneratedKeyHolder keys = new GeneratedKeyHolder();
					this.jdbc.update((connection) -> {
						PreparedStatement statement = connection.prepareStatement(sql.consume,
								Statement.RETURN_GENERATED_KEYS);
						for (int i = 0; i < args.length; i++) {
							statement.setObject(i + 1, args[i]);
						}
						return statement;
					}, keys);
					Number used = keys.getKeyList().isEmpty() ? null : keys.getKey();
					if (used != null && used.intValue() > 0) {
						return Consumption.granted(used.intValue());
					}
				}
				case H2 -> {
					if (this.jdbc.update(sql.consume, args) > 0) {
						return Consumption.granted(state(tokenId).used());
					}
				}
			}
			UseState state = state(tokenId);
			return state.revoked() ? Consumption.revoked() : Consumption.usedUp(state.used());
		}
	}

	@Override
	public boolean release(String tokenId, Instant expiresAt) {
		try {
			return this.jdbc.update(sql().release, tokenId) > 0;
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	@Override
	public void revoke(String tokenId, Instant expiresAt) {
		try {
			this.jdbc.update(sql().revoke, tokenId, expiresAt.toEpochMilli());
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	@Override
	public UseState usage(String tokenId) {
		try {
			List<UseState> states = this.jdbc.query(sql().usage,
					(rs, row) -> new UseState(rs.getInt(1), rs.getInt(2) == 1), tokenId,
					this.clock.instant().toEpochMilli());
			return states.isEmpty() ? UseState.UNSEEN : states.get(0);
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	@Override
	public void ping() {
		try {
			Boolean valid = this.jdbc.execute((java.sql.Connection connection) -> connection.isValid(5));
			if (!Boolean.TRUE.equals(valid)) {
				throw new StoreUnavailableException("the database connection is not valid");
			}
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	/**
	 * Deletes the rows of expired tokens now.
	 * @return how many rows were deleted
	 */
	public int cleanUpExpired() {
		try {
			int deleted = this.jdbc.update(sql().cleanup, this.clock.instant().toEpochMilli());
			if (deleted > 0 && logger.isDebugEnabled()) {
				logger.debug("Deleted " + deleted + " expired tempid use rows from " + this.table);
			}
			return deleted;
		}
		catch (DataAccessException ex) {
			logger.warn("Could not delete expired tempid use rows from " + this.table + ": " + ex.getMessage());
			return 0;
		}
	}

	private UseState state(String tokenId) {
		List<UseState> states = this.jdbc.query(sql().state,
				(rs, row) -> new UseState(rs.getInt(1), rs.getInt(2) == 1), tokenId);
		return states.isEmpty() ? UseState.UNSEEN : states.get(0);
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

	/**
	 * The SQL of one dialect and table: each operation one statement with {@code ?}
	 * markers. Shared with the R2DBC store ({@code dev.tempid.store.r2dbc.R2dbcUseStore}),
	 * so that the blocking and the reactive store run the very same statements.
	 */
	public static final class Statements {

		final Dialect dialect;

		final String consume;

		final String revoke;

		final String release;

		final String state;

		final String usage;

		final String cleanup;

		/**
		 * @param dialect the database's dialect
		 * @param tableName the table (optionally schema-qualified) holding the counts
		 */
		public Statements(Dialect dialect, String tableName) {
			checkTableName(tableName);
			String t = tableName;
			this.dialect = dialect;
			this.consume = switch (dialect) {
				case POSTGRESQL, SQLITE -> "INSERT INTO " + t + " AS u (id, used, revoked, expires_at) VALUES (?, 1, 0, ?) "
						+ "ON CONFLICT (id) DO UPDATE SET used = u.used + 1 "
						+ "WHERE u.revoked = 0 AND (? = 0 OR u.used < ?) RETURNING used";
				case MYSQL -> "INSERT INTO " + t + " (id, used, revoked, expires_at) VALUES (?, LAST_INSERT_ID(1), 0, ?) "
						+ "ON DUPLICATE KEY UPDATE used = IF(revoked = 0 AND (? = 0 OR used < ?), "
						+ "LAST_INSERT_ID(used + 1), used + LAST_INSERT_ID(0))";
				case H2 -> "MERGE INTO " + t + " u USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS BIGINT))) s(id, expires_at) "
						+ "ON u.id = s.id WHEN MATCHED AND u.revoked = 0 AND (? = 0 OR u.used < ?) "
						+ "THEN UPDATE SET used = u.used + 1 "
						+ "WHEN NOT MATCHED THEN INSERT (id, used, revoked, expires_at) VALUES (s.id, 1, 0, s.expires_at)";
			};
			this.revoke = switch (dialect) {
				case POSTGRESQL, SQLITE -> "INSERT INTO " + t + " AS u (id, used, revoked, expires_at) VALUES (?, 0, 1, ?) "
						+ "ON CONFLICT (id) DO UPDATE SET revoked = 1";
				case MYSQL -> "INSERT INTO " + t + " (id, used, revoked, expires_at) VALUES (?, 0, 1, ?) "
						+ "ON DUPLICATE KEY UPDATE revoked = 1";
				case H2 -> "MERGE INTO " + t + " u USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS BIGINT))) s(id, expires_at) "
						+ "ON u.id = s.id WHEN MATCHED THEN UPDATE SET revoked = 1 "
						+ "WHEN NOT MATCHED THEN INSERT (id, used, revoked, expires_at) VALUES (s.id, 0, 1, s.expires_at)";
			};
			this.release = "UPDATE " + t + " SET used = used - 1 WHERE id = ? AND used > 0";
			this.state = "SELECT used, revoked FROM " + t + " WHERE id = ?";
			this.usage = "SELECT used, revoked FROM " + t + " WHERE id = ? AND expires_at >= ?";
			this.cleanup = "DELETE FROM " + t + " WHERE expires_at < ?";
		}

		/** The dialect of these statements. */
		public Dialect dialect() {
			return this.dialect;
		}

		/** Consume: binds id, expiry (epoch ms), max uses, max uses; how it reports a grant depends on the dialect. */
		public String consume() {
			return this.consume;
		}

		/** Revoke: binds id, expiry (epoch ms). */
		public String revoke() {
			return this.revoke;
		}

		/** Release: binds id; a grant is one updated row. */
		public String release() {
			return this.release;
		}

		/** The row whatever its expiry (after a denied consume): binds id; selects used, revoked. */
		public String state() {
			return this.state;
		}

		/** The row of a live token: binds id, now (epoch ms); selects used, revoked. */
		public String usage() {
			return this.usage;
		}

		/** Deletes expired rows: binds now (epoch ms). */
		public String cleanup() {
			return this.cleanup;
		}

	}

	/** The databases this store speaks to. */
	public enum Dialect {

		POSTGRESQL, MYSQL, H2, SQLITE;

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
