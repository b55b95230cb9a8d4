package dev.tempid.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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

import javax.sql.DataSource;

import dev.tempid.StoreUnavailableException;
import dev.tempid.store.CodeDecision;
import dev.tempid.store.Generation;
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
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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
 * connection is bounded too when the data source is a {@link com.zaxxer.hikari.HikariDataSource}
 * (Spring Boot's default) and the call runs outside a transaction: with every connection
 * busy the call fails within the store timeout, whatever the pool's
 * {@code connectionTimeout}. Inside a transaction the store uses the transaction's
 * connection (no wait); with another pool, set its wait no longer than the store timeout.
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


	private static final Executor DIRECT = Runnable::run;

	private static final Log logger = LogFactory.getLog(JdbcUseStore.class);

	private final JdbcTemplate jdbc;

	private final DataSource dataSource;

	private final @Nullable PooledConnectionWait poolWait;

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
		this.poolWait = PooledConnectionWait.of(dataSource);
		this.table = tableName;
		if (dialect != null) {
			this.statements = new Statements(dialect, tableName);
		}
		setTimeout(DEFAULT_TIMEOUT);
	}

	static void checkTableName(String tableName) {
		JdbcUseStoreSchema.checkTableName(tableName);
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

	// ------------------------------------------------------------------ subject generations

	/** The row of a subject's generation of one purpose: {@code g.<subject tag>.<purpose tag>}, its value in {@code used}. */
	static String generationId(String subject, String purpose) {
		return "g." + subject + "." + purpose;
	}

	@Override
	public long generation(String subject, String purpose, boolean advance, Duration ttl) {
		String id = generationId(Generation.checkSubject(subject), Generation.checkPurpose(purpose));
		long ttlMillis = UseStore.ttlMillis(ttl);
		int step = advance ? 1 : 0;
		Statements sql = sql();
		try {
			Step once = () -> UseDecision.granted(call((connection) -> {
				Long value = switch (sql.dialect) {
					case POSTGRESQL, SQLITE, H2 -> {
						Integer held = queryInt(connection, sql.generation, id, ttlMillis, step);
						yield (held != null) ? held.longValue() : null;
					}
					case MYSQL -> lastInsertId(connection, sql.generation, id, ttlMillis, step);
				};
				if (value == null || value < 1) {
					throw new StoreUnavailableException("the database returned no generation");
				}
				return value.intValue();
			}));
			return decide(id, once).used();
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	@Override
	public void advanceGenerations(String subject, @Nullable String purpose) {
		Generation.checkSubject(subject);
		Statements sql = sql();
		try {
			if (purpose != null) {
				call((connection) -> update(connection, sql.advanceOne,
						generationId(subject, Generation.checkPurpose(purpose))));
			}
			else {
				// hex tags hold no LIKE wildcard
				call((connection) -> update(connection, sql.advanceAll, "g." + subject + ".%"));
			}
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	@Override
	public UseDecision consume(String tokenId, int maxUses, Duration ttl, Generation generation) {
		long ttlMillis = UseStore.ttlMillis(ttl);
		sql(); // the dialect, found before a connection is held
		return decide(tokenId, () -> call((connection) -> consumeOn(connection, tokenId, maxUses, ttlMillis, generation)));
	}

	/** The generation check and the consume in one statement: the check is a join (or subquery) on the generation row. */
	private UseDecision consumeOn(Connection connection, String tokenId, int maxUses, long ttlMillis,
			Generation generation) throws SQLException {
		Statements sql = sql();
		String generationId = generationId(generation.subject(), generation.purpose());
		long value = generation.value();
		Integer used = switch (sql.dialect) {
			case POSTGRESQL, SQLITE -> {
				try (PreparedStatement statement = prepare(connection, sql.consumeGeneration, tokenId, ttlMillis,
						generationId, value, maxUses, maxUses); ResultSet rs = statement.executeQuery()) {
					yield (rs.next() && rs.getInt(2) == 0) ? rs.getInt(1) : null;
				}
			}
			case MYSQL -> {
				Long encoded = lastInsertId(connection, sql.consumeGeneration, tokenId, ttlMillis, generationId, value,
						maxUses, maxUses);
				yield (encoded != null && encoded > 0) ? encoded.intValue() : null;
			}
			case H2 -> {
				if (update(connection, sql.consumeGeneration, tokenId, ttlMillis, generationId, value, maxUses,
						maxUses) > 0) {
					UseRecord record = record(connection, sql, tokenId);
					yield record.revoked() ? null : record.used();
				}
				yield null;
			}
		};
		if (used != null) {
			return UseDecision.granted(used);
		}
		if (!isCurrent(connection, sql, generation)) {
			return UseDecision.revoked();
		}
		return denial(connection, sql, tokenId);
	}

	private boolean isCurrent(Connection connection, Statements sql, Generation generation) throws SQLException {
		Integer held = queryInt(connection, sql.state.replace("used, revoked", "used"),
				generationId(generation.subject(), generation.purpose()));
		return held != null && held <= generation.value();
	}

	/**
	 * The generation is read first, then the token retired: a generation advanced between
	 * the two still ends the successor, which carries the same generation.
	 */
	@Override
	public UseDecision retire(String tokenId, int maxUses, Duration ttl, Generation generation) {
		Statements sql = sql();
		try {
			if (!call((connection) -> isCurrent(connection, sql, generation))) {
				return UseDecision.revoked();
			}
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
		return retire(tokenId, maxUses, ttl);
	}

	@Override
	public UseRecord usage(String tokenId, Generation generation) {
		Statements sql = sql();
		try {
			return call((connection) -> {
				try (PreparedStatement statement = prepare(connection, sql.usageGeneration, tokenId, tokenId,
						generationId(generation.subject(), generation.purpose())); ResultSet rs = statement.executeQuery()) {
					rs.next();
					int used = rs.getInt(1);
					boolean revoked = rs.getInt(2) == 1;
					long held = rs.getLong(3);
					boolean current = !rs.wasNull() && held <= generation.value();
					return new UseRecord(used, revoked || !current);
				}
			});
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	// ------------------------------------------------------------------ login codes

	@Override
	public void putCode(String codeId, String hash, String tokenId, Generation generation, Duration ttl) {
		long ttlMillis = UseStore.ttlMillis(ttl);
		String detail = new CodeRow(hash, tokenId, generation).detail();
		Statements sql = sql();
		try {
			inTransaction((connection) -> {
				update(connection, sql.touch, tokenId, ttlMillis);
				update(connection, sql.putCode, codeId, ttlMillis, detail);
				return Boolean.TRUE;
			});
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	/**
	 * One transaction: the code's row is locked first (an update that changes nothing), so
	 * concurrent tries queue; then it is read, compared in constant time here, and either a
	 * try is spent (the last revoking the token) or the token's use is taken by the same
	 * statement as {@link #consume(String, int, Duration, Generation)}.
	 */
	@Override
	public CodeDecision useCode(String codeId, String hash, int maxTries, int maxUses, Duration ttl) {
		long ttlMillis = UseStore.ttlMillis(ttl);
		Statements sql = sql();
		try {
			return inTransaction((connection) -> {
				update(connection, sql.lock, codeId);
				String detail;
				int tries;
				try (PreparedStatement statement = prepare(connection, sql.readCode, codeId);
						ResultSet rs = statement.executeQuery()) {
					if (!rs.next() || rs.getString(2) == null) {
						return new CodeDecision(CodeDecision.Outcome.NONE, 0, 0);
					}
					tries = rs.getInt(1);
					detail = rs.getString(2);
				}
				CodeRow code = CodeRow.parse(detail);
				if (code == null) {
					return new CodeDecision(CodeDecision.Outcome.NONE, 0, 0);
				}
				if (tries >= maxTries) {
					return new CodeDecision(CodeDecision.Outcome.EXHAUSTED, 0, 0);
				}
				String tokenId = code.tokenId();
				if (!code.matches(hash)) {
					update(connection, sql.spendTry, codeId);
					if (tries + 1 >= maxTries) {
						update(connection, sql.revoke, tokenId, ttlMillis);
					}
					return new CodeDecision(CodeDecision.Outcome.WRONG, maxTries - tries - 1, 0);
				}
				UseDecision decision = consumeOn(connection, tokenId, maxUses, ttlMillis, code.generation());
				CodeDecision.Outcome outcome = switch (decision.outcome()) {
					case GRANTED -> CodeDecision.Outcome.GRANTED;
					case USED_UP -> CodeDecision.Outcome.USED_UP;
					case REVOKED -> CodeDecision.Outcome.REVOKED;
				};
				return new CodeDecision(outcome, maxTries - tries, decision.used());
			});
		}
		catch (DataAccessException ex) {
			throw unavailable(ex);
		}
	}

	/** Runs work in the caller's transaction, or in one of its own on the store's connection. */
	private <T> T inTransaction(ConnectionCallback<T> work) {
		return call((connection) -> {
			if (!connection.getAutoCommit()) {
				return work.doInConnection(connection);
			}
			connection.setAutoCommit(false);
			try {
				T result = work.doInConnection(connection);
				connection.commit();
				return result;
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(true);
			}
		});
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
			// the table itself, not only the connection: a missing table fails every consume
			this.jdbc.query("SELECT used, revoked FROM " + this.table + " WHERE 1 = 0", (rs) -> {
			});
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
		catch (DataAccessException ex) {
			logger.warn("Could not delete expired tempid use rows from " + this.table + ": " + reason(ex));
			return 0;
		}
		catch (StoreUnavailableException ex) {
			logger.warn("Could not delete expired tempid use rows from " + this.table + ": " + ex.getMessage());
			return 0;
		}
	}

	/**
	 * Runs work on the (possibly transaction-bound) connection with the store's network
	 * timeout, restoring the connection's own timeout afterwards.
	 */
	private <T> T call(ConnectionCallback<T> work) {
		ConnectionCallback<T> bounded = (Connection connection) -> {
			int previous = networkTimeout(connection, this.networkTimeoutMillis, -1);
			try {
				return work.doInConnection(connection);
			}
			finally {
				if (previous >= 0) {
					networkTimeout(connection, previous, previous);
				}
			}
		};
		T result = (this.poolWait != null && !inTransaction()) ? callPooled(this.poolWait, bounded)
				: this.jdbc.execute(bounded);
		if (result == null) {
			throw new StoreUnavailableException("the database returned no result");
		}
		return result;
	}

	/** Whether a store call would join a transaction (whose connection JdbcTemplate then uses). */
	private boolean inTransaction() {
		return TransactionSynchronizationManager.isSynchronizationActive()
				|| TransactionSynchronizationManager.hasResource(this.dataSource);
	}

	/** Runs work outside any transaction on a connection taken within the store timeout. */
	private <T> @Nullable T callPooled(PooledConnectionWait poolWait, ConnectionCallback<T> work) {
		Connection connection;
		try {
			connection = poolWait.connection(this.networkTimeoutMillis);
		}
		catch (SQLException ex) {
			throw translate("waiting for a pooled connection", ex);
		}
		if (connection == null) {
			return this.jdbc.execute(work);
		}
		try {
			return work.doInConnection(connection);
		}
		catch (SQLException ex) {
			throw translate("tempid use store", ex);
		}
		finally {
			JdbcUtils.closeConnection(connection);
		}
	}

	private DataAccessException translate(String task, SQLException ex) {
		DataAccessException translated = this.jdbc.getExceptionTranslator().translate(task, null, ex);
		return (translated != null) ? translated : new UncategorizedSQLException(task, null, ex);
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
		return new StoreUnavailableException("the tempid use table cannot be used: " + reason(ex), null, ex);
	}

	/** The database's own message (it names tables and columns, never a token or a password). */
	private static String reason(DataAccessException ex) {
		Throwable cause = ex.getMostSpecificCause();
		String message = cause.getMessage();
		return cause.getClass().getSimpleName() + ((message != null) ? ": " + message.strip() : "");
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

	/**
	 * The SQL of one dialect and table: each operation one statement with {@code ?}
	 * markers; expiry is the database's clock plus a ttl in milliseconds. Shared with the
	 * R2DBC store ({@code dev.tempid.store.r2dbc.R2dbcUseStore}), so that the blocking and
	 * the reactive store run the very same statements.
	 */
	public static final class Statements {

		final Dialect dialect;

		final String consume;

		final String retire;

		final String revoke;

		final String release;

		final String state;

		final String usage;

		final String cleanup;

		final String generation;

		final String advanceOne;

		final String advanceAll;

		final String consumeGeneration;

		final String usageGeneration;

		final String touch;

		final String putCode;

		final String lock;

		final String readCode;

		final String spendTry;

		final String count;

		final String window;

		/**
		 * @param dialect the database's dialect
		 * @param tableName the table (optionally schema-qualified) holding the counts
		 */
		public Statements(Dialect dialect, String tableName) {
			// not the outer class's: the R2DBC store builds these without Spring JDBC on the class path
			JdbcUseStoreSchema.checkTableName(tableName);
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
			// subject generations live in rows 'g.<subject>.<purpose>' of the same table, their value in 'used'
			this.generation = switch (dialect) {
				case POSTGRESQL, SQLITE -> "INSERT INTO " + t + " AS u (id, used, revoked, expires_at) VALUES (?, 1, 0, "
						+ now + " + ?) ON CONFLICT (id) DO UPDATE SET used = u.used + ?, expires_at = "
						+ dialect.greatest + "(u.expires_at, excluded.expires_at) RETURNING used";
				case MYSQL -> "INSERT INTO " + t + " (id, used, revoked, expires_at) VALUES (?, LAST_INSERT_ID(1), 0, "
						+ now + " + ?) ON DUPLICATE KEY UPDATE expires_at = GREATEST(expires_at, VALUES(expires_at)), "
						+ "used = LAST_INSERT_ID(used + ?)";
				case H2 -> "SELECT used FROM FINAL TABLE (MERGE INTO " + t + " u USING (VALUES (CAST(? AS VARCHAR(64)), "
						+ now + " + CAST(? AS BIGINT), CAST(? AS INT))) s(id, expires_at, step) ON u.id = s.id "
						+ "WHEN MATCHED THEN UPDATE SET used = u.used + s.step, expires_at = GREATEST(u.expires_at, s.expires_at) "
						+ "WHEN NOT MATCHED THEN INSERT (id, used, revoked, expires_at) VALUES (s.id, 1, 0, s.expires_at))";
			};
			this.advanceOne = "UPDATE " + t + " SET used = used + 1 WHERE id = ?";
			this.advanceAll = "UPDATE " + t + " SET used = used + 1 WHERE id LIKE ?";
			// (token id, ttl, generation id, generation, max, max): the generation row decides 'ok' in the same statement
			this.consumeGeneration = switch (dialect) {
				case POSTGRESQL, SQLITE -> "INSERT INTO " + t + " AS u (id, used, revoked, expires_at) SELECT ?, "
						+ "CASE WHEN x.ok THEN 1 ELSE 0 END, CASE WHEN x.ok THEN 0 ELSE 1 END, " + now + " + ? FROM "
						+ "(SELECT EXISTS (SELECT 1 FROM " + t + " g WHERE g.id = ? AND g.used <= ?) AS ok) x WHERE true "
						+ "ON CONFLICT (id) DO UPDATE SET used = u.used + 1, expires_at = " + dialect.greatest
						+ "(u.expires_at, excluded.expires_at) WHERE u.revoked = 0 AND excluded.revoked = 0 "
						+ "AND (? = 0 OR u.used < ?) RETURNING used, revoked";
				case MYSQL -> "INSERT INTO " + t + " (id, used, revoked, expires_at) SELECT ?, "
						+ "LAST_INSERT_ID(IF(g.id IS NULL, 0, 1)), IF(g.id IS NULL, 1, 0), " + now + " + ? "
						+ "FROM (SELECT 1 AS one) d LEFT JOIN " + t + " g ON g.id = ? AND g.used <= ? "
						+ "ON DUPLICATE KEY UPDATE " + t + ".expires_at = GREATEST(" + t + ".expires_at, VALUES(expires_at)), "
						+ t + ".used = IF(" + t + ".revoked = 0 AND VALUES(revoked) = 0 AND (? = 0 OR " + t + ".used < ?), "
						+ "LAST_INSERT_ID(" + t + ".used + 1), " + t + ".used + LAST_INSERT_ID(0))";
				case H2 -> "MERGE INTO " + t + " u USING (SELECT CAST(? AS VARCHAR(64)) AS id, " + now
						+ " + CAST(? AS BIGINT) AS expires_at, CASE WHEN EXISTS (SELECT 1 FROM " + t
						+ " g WHERE g.id = ? AND g.used <= ?) THEN 0 ELSE 1 END AS bad) s ON u.id = s.id "
						+ "WHEN MATCHED AND u.revoked = 0 AND s.bad = 0 AND (? = 0 OR u.used < ?) "
						+ "THEN UPDATE SET used = u.used + 1, expires_at = GREATEST(u.expires_at, s.expires_at) "
						+ "WHEN NOT MATCHED THEN INSERT (id, used, revoked, expires_at) VALUES (s.id, 1 - s.bad, s.bad, s.expires_at)";
			};
			this.usageGeneration = "SELECT COALESCE((SELECT used FROM " + t + " WHERE id = ? AND expires_at >= " + now
					+ "), 0), COALESCE((SELECT revoked FROM " + t + " WHERE id = ? AND expires_at >= " + now
					+ "), 0), (SELECT used FROM " + t + " WHERE id = ?)";
			// (id, ttl): the entry exists, with no use taken when new; its life is not shortened
			this.touch = switch (dialect) {
				case POSTGRESQL, SQLITE -> "INSERT INTO " + t + " AS u (id, used, revoked, expires_at) VALUES (?, 0, 0, "
						+ now + " + ?) ON CONFLICT (id) DO UPDATE SET expires_at = " + dialect.greatest
						+ "(u.expires_at, excluded.expires_at)";
				case MYSQL -> "INSERT INTO " + t + " (id, used, revoked, expires_at) VALUES (?, 0, 0, " + now + " + ?) "
						+ "ON DUPLICATE KEY UPDATE expires_at = GREATEST(expires_at, VALUES(expires_at))";
				case H2 -> "MERGE INTO " + t + " u USING (VALUES (CAST(? AS VARCHAR(64)), " + now
						+ " + CAST(? AS BIGINT))) s(id, expires_at) ON u.id = s.id "
						+ "WHEN MATCHED THEN UPDATE SET expires_at = GREATEST(u.expires_at, s.expires_at) "
						+ "WHEN NOT MATCHED THEN INSERT (id, used, revoked, expires_at) VALUES (s.id, 0, 0, s.expires_at)";
			};
			// (code id, ttl, detail): a code row, its wrong tries in 'used', replacing the one held
			this.putCode = switch (dialect) {
				case POSTGRESQL, SQLITE -> "INSERT INTO " + t + " AS u (id, used, revoked, expires_at, detail) VALUES "
						+ "(?, 0, 0, " + now + " + ?, ?) ON CONFLICT (id) DO UPDATE SET used = 0, revoked = 0, "
						+ "expires_at = excluded.expires_at, detail = excluded.detail";
				case MYSQL -> "INSERT INTO " + t + " (id, used, revoked, expires_at, detail) VALUES (?, 0, 0, " + now
						+ " + ?, ?) ON DUPLICATE KEY UPDATE used = 0, revoked = 0, expires_at = VALUES(expires_at), "
						+ "detail = VALUES(detail)";
				case H2 -> "MERGE INTO " + t + " (id, used, revoked, expires_at, detail) KEY (id) VALUES (?, 0, 0, "
						+ now + " + CAST(? AS BIGINT), ?)";
			};
			this.lock = "UPDATE " + t + " SET used = used WHERE id = ?";
			this.readCode = "SELECT used, detail FROM " + t + " WHERE id = ? AND expires_at >= " + now;
			this.spendTry = "UPDATE " + t + " SET used = used + 1 WHERE id = ?";
		}

		/** The dialect of these statements. */
		public Dialect dialect() {
			return this.dialect;
		}

		/** Consume: binds id, ttl (ms), max uses, max uses; how it reports a grant depends on the dialect. */
		public String consume() {
			return this.consume;
		}

		/** Retire (refresh): binds id, ttl (ms), max uses, max uses; reports a grant as consume does. */
		public String retire() {
			return this.retire;
		}

		/** Revoke: binds id, ttl (ms). */
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

		/** The row of a live token (by the database's clock): binds id; selects used, revoked. */
		public String usage() {
			return this.usage;
		}

		/** Deletes expired rows (by the database's clock): binds nothing. */
		public String cleanup() {
			return this.cleanup;
		}

		/**
		 * The id of the row that holds a subject's generation of one purpose,
		 * {@code g.<subject tag>.<purpose tag>}; its value is in {@code used}.
		 */
		public static String generationId(String subject, String purpose) {
			return JdbcUseStore.generationId(subject, purpose);
		}

		/**
		 * Keeps a generation at issue: binds generation row id, ttl (ms), step (1 to advance,
		 * else 0); reports the generation as consume reports a count (PostgreSQL returns it,
		 * MySQL through {@code LAST_INSERT_ID}).
		 */
		public String generation() {
			return this.generation;
		}

		/** Advances one generation: binds generation row id. */
		public String advanceOne() {
			return this.advanceOne;
		}

		/** Advances every generation of a subject: binds {@code g.<subject tag>.%}. */
		public String advanceAll() {
			return this.advanceAll;
		}

		/** The value of a generation row whatever its expiry: binds its id; selects used. */
		public String generationValue() {
			return this.state.replace("used, revoked", "used");
		}

		/**
		 * Consume with the generation check in the same statement: binds id, ttl (ms),
		 * generation row id, generation, max uses, max uses; PostgreSQL returns (used,
		 * revoked), granted when revoked is 0; MySQL reports the count through
		 * {@code LAST_INSERT_ID}, 0 when denied.
		 */
		public String consumeGeneration() {
			return this.consumeGeneration;
		}

		/**
		 * A live token's row and its generation in one read: binds id, id, generation row id;
		 * selects used, revoked, the generation (null when gone).
		 */
		public String usageGeneration() {
			return this.usageGeneration;
		}

		/** Creates a token's row with no use taken (or keeps it), never shortening it: binds id, ttl (ms). */
		public String touch() {
			return this.touch;
		}

		/** Keeps a login code, replacing the one held: binds code id, ttl (ms), detail. */
		public String putCode() {
			return this.putCode;
		}

		/** Locks a code's row for the transaction (an update that changes nothing): binds code id. */
		public String lock() {
			return this.lock;
		}

		/** A live code's wrong tries and detail: binds code id; selects used, detail. */
		public String readCode() {
			return this.readCode;
		}

		/** Spends one try of a code: binds code id. */
		public String spendTry() {
			return this.spendTry;
		}

		/**
		 * Counts one event in a fixed window: binds key, window (ms), limit; reports an
		 * allowed event as consume reports a grant.
		 */
		public String count() {
			return this.count;
		}

		/** The count and the milliseconds left of a window: binds key; selects used, time left. */
		public String window() {
			return this.window;
		}

	}

	/**
	 * What a login code's row holds in its {@code detail} column: the code's keyed hash,
	 * its token's entry id and the token's generation. Shared with the R2DBC store.
	 * @param hash the keyed hash of the code
	 * @param tokenId the entry id of the code's token
	 * @param generation the token's generation
	 */
	public record CodeRow(String hash, String tokenId, Generation generation) {

		/** The column's text: the parts separated by spaces (none holds one). */
		public String detail() {
			return this.hash + " " + this.tokenId + " " + this.generation.subject() + " " + this.generation.purpose()
					+ " " + this.generation.value();
		}

		/** A column's text read back; {@code null} when it is not a code's. */
		public static @Nullable CodeRow parse(@Nullable String detail) {
			if (detail == null) {
				return null;
			}
			String[] parts = detail.split(" ");
			if (parts.length != 5) {
				return null;
			}
			try {
				return new CodeRow(parts[0], parts[1], new Generation(parts[2], parts[3], Long.parseLong(parts[4])));
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}

		/** Whether {@code tried} is this code's hash, compared in constant time. */
		public boolean matches(String tried) {
			return MessageDigest.isEqual(this.hash.getBytes(StandardCharsets.US_ASCII),
					tried.getBytes(StandardCharsets.US_ASCII));
		}

		@Override
		public String toString() {
			return "CodeRow[tokenId=" + this.tokenId + ", generation=" + this.generation + "]";
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
