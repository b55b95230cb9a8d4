package dev.tempid.store.r2dbc;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

import dev.tempid.StoreUnavailableException;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import dev.tempid.store.UseStore;
import dev.tempid.store.jdbc.JdbcUseStore;
import dev.tempid.store.jdbc.JdbcUseStore.Dialect;
import dev.tempid.store.reactive.ReactiveUseStore;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import reactor.core.publisher.Mono;

/**
 * A {@link ReactiveUseStore} on PostgreSQL or MySQL/MariaDB through Spring R2DBC's
 * {@link DatabaseClient}. It runs the statements of {@link JdbcUseStore} (the same
 * {@link JdbcUseStore.Statements}, only their bind markers written the driver's way) on
 * the same table and schema scripts, so a consume is one statement the database decides
 * atomically:
 * <ul>
 * <li>PostgreSQL: {@code INSERT … ON CONFLICT … DO UPDATE … WHERE used < max … RETURNING
 * used};</li>
 * <li>MySQL and MariaDB: {@code INSERT … ON DUPLICATE KEY UPDATE} reporting the new count
 * through {@code LAST_INSERT_ID(expr)}, read back as the statement's generated value (on
 * MariaDB 10.5 and later within the same statement, {@code RETURNING LAST_INSERT_ID()}).</li>
 * </ul>
 * A refresh's {@code retire} is one such statement too. Expiry is computed with the
 * database's clock, as the JDBC store does. A denied consume or retire reads the row once
 * more, only to tell "used up" from "revoked".
 *
 * <p>The client joins the caller's reactive transaction (a {@code TransactionalOperator}
 * or {@code @Transactional} on a reactive method with an {@code R2dbcTransactionManager}),
 * so spending a token and the work it pays for commit or roll back together. Every
 * operation fails with {@link StoreUnavailableException} when the database cannot be
 * used or does not answer within {@link #setTimeout the timeout} (2 seconds by default).
 * Expired rows are deleted on a cron (every minute by default), by the database's clock.
 */
public final class R2dbcUseStore implements ReactiveUseStore, InitializingBean, DisposableBean {

	/** The default bound on each operation. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

	private static final Log logger = LogFactory.getLog(R2dbcUseStore.class);

	private final DatabaseClient client;

	private final JdbcUseStore.Statements sql;

	private final String consume;

	private final String retire;

	private final String revoke;

	private final String release;

	private final String state;

	private final String usage;

	private final String cleanup;

	private final String table;

	private Duration timeout = DEFAULT_TIMEOUT;

	private String cleanupCron = JdbcUseStore.DEFAULT_CLEANUP_CRON;

	private @Nullable ThreadPoolTaskScheduler scheduler;

	/** A store on the default table, {@value JdbcUseStore#DEFAULT_TABLE_NAME}. */
	public R2dbcUseStore(ConnectionFactory connectionFactory) {
		this(connectionFactory, JdbcUseStore.DEFAULT_TABLE_NAME);
	}

	/**
	 * A store whose dialect is the connection factory's (its metadata, no round trip).
	 * @param connectionFactory the database
	 * @param tableName the table (optionally schema-qualified) holding the counts
	 */
	public R2dbcUseStore(ConnectionFactory connectionFactory, String tableName) {
		this(DatabaseClient.create(connectionFactory), dialectOf(connectionFactory), tableName);
	}

	/**
	 * A store on a client the application configured.
	 * @param client the database client
	 * @param dialect {@link Dialect#POSTGRESQL} or {@link Dialect#MYSQL} (MySQL and MariaDB)
	 * @param tableName the table (optionally schema-qualified) holding the counts
	 */
	public R2dbcUseStore(DatabaseClient client, Dialect dialect, String tableName) {
		this.client = Objects.requireNonNull(client, "client must not be null");
		Objects.requireNonNull(dialect, "dialect must not be null");
		if (dialect != Dialect.POSTGRESQL && dialect != Dialect.MYSQL) {
			throw new IllegalArgumentException(
					"tempid's R2DBC use store supports PostgreSQL, MySQL and MariaDB, not " + dialect);
		}
		this.sql = new JdbcUseStore.Statements(dialect, tableName);
		this.consume = markers(this.sql.consume(), dialect);
		this.retire = markers(this.sql.retire(), dialect);
		this.revoke = markers(this.sql.revoke(), dialect);
		this.release = markers(this.sql.release(), dialect);
		this.state = markers(this.sql.state(), dialect);
		this.usage = markers(this.sql.usage(), dialect);
		this.cleanup = markers(this.sql.cleanup(), dialect);
		this.table = tableName;
	}

	/** The dialect of a connection factory, from its metadata. */
	static Dialect dialectOf(ConnectionFactory connectionFactory) {
		String name = Objects.requireNonNull(connectionFactory, "connectionFactory must not be null")
			.getMetadata()
			.getName()
			.toLowerCase(Locale.ROOT);
		if (name.contains("postgres")) {
			return Dialect.POSTGRESQL;
		}
		if (name.contains("mysql") || name.contains("mariadb")) {
			return Dialect.MYSQL;
		}
		throw new IllegalArgumentException("tempid's R2DBC use store does not know the database '"
				+ connectionFactory.getMetadata().getName() + "': it supports PostgreSQL, MySQL and MariaDB");
	}

	/**
	 * The shared statements' {@code ?} markers as the driver wants them: PostgreSQL's
	 * {@code $1, $2, …}; MySQL and MariaDB drivers take {@code ?}. The statements hold no
	 * string literal or comment, so every {@code ?} is a marker.
	 */
	static String markers(String sql, Dialect dialect) {
		if (dialect != Dialect.POSTGRESQL) {
			return sql;
		}
		StringBuilder result = new StringBuilder(sql.length() + 8);
		int index = 0;
		for (int i = 0; i < sql.length(); i++) {
			char c = sql.charAt(i);
			if (c == '?') {
				result.append('$').append(++index);
			}
			else {
				result.append(c);
			}
		}
		return result.toString();
	}

	/** The most each operation may take before it fails closed. */
	public Duration timeout() {
		return this.timeout;
	}

	/** The most each operation may take before it fails closed. */
	public void setTimeout(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout must not be null");
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive");
		}
		this.timeout = timeout;
	}

	/** The cron of the expired-row cleanup; {@code "-"} disables it. Set before {@link #afterPropertiesSet()}. */
	public void setCleanupCron(String cleanupCron) {
		if (!JdbcUseStore.CLEANUP_DISABLED.equals(cleanupCron)) {
			new CronTrigger(cleanupCron);
		}
		this.cleanupCron = cleanupCron;
	}

	@Override
	public void afterPropertiesSet() {
		if (JdbcUseStore.CLEANUP_DISABLED.equals(this.cleanupCron)) {
			return;
		}
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setThreadNamePrefix("tempid-r2dbc-cleanup-");
		scheduler.setDaemon(true);
		scheduler.initialize();
		scheduler.schedule(() -> cleanUpExpired().subscribe(),
				new CronTrigger(this.cleanupCron));
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
	public Mono<UseDecision> consume(String tokenId, int maxUses, Duration ttl) {
		long ttlMillis = UseStore.ttlMillis(ttl);
		return decide(Mono.defer(() -> consumeOnce(tokenId, maxUses, ttlMillis)));
	}

	@Override
	public Mono<UseDecision> retire(String tokenId, int maxUses, Duration ttl) {
		long ttlMillis = UseStore.ttlMillis(ttl);
		return decide(Mono.defer(() -> retireOnce(tokenId, maxUses, ttlMillis)));
	}

	/** Runs a deciding statement, once more when two first writers raced to insert the row. */
	private Mono<UseDecision> decide(Mono<UseDecision> once) {
		// the row exists after the race, so the retry runs the update branch
		return guard(once.onErrorResume(DuplicateKeyException.class, (ex) -> once));
	}

	private Mono<UseDecision> consumeOnce(String tokenId, int maxUses, long ttlMillis) {
		// PostgreSQL returns the new count (at least 1); MySQL's LAST_INSERT_ID is it, or 0 when denied
		return deciding(this.consume, tokenId, maxUses, ttlMillis).filter((used) -> used > 0)
			.map(UseDecision::granted)
			.switchIfEmpty(Mono.defer(() -> denial(tokenId)));
	}

	private Mono<UseDecision> retireOnce(String tokenId, int maxUses, long ttlMillis) {
		Mono<Integer> used = deciding(this.retire, tokenId, maxUses, ttlMillis);
		if (this.sql.dialect() == Dialect.MYSQL) {
			// LAST_INSERT_ID is the uses taken plus one when this statement retired the token, 0 when denied
			used = used.filter((encoded) -> encoded > 0).map((encoded) -> encoded - 1);
		}
		return used.map(UseDecision::granted).switchIfEmpty(Mono.defer(() -> denial(tokenId)));
	}

	/** Runs consume's or retire's statement: the number it reports, none when denied (PostgreSQL). */
	private Mono<Integer> deciding(String statementSql, String tokenId, int maxUses, long ttlMillis) {
		DatabaseClient.GenericExecuteSpec statement = this.client.sql(statementSql)
			.bind(0, tokenId)
			.bind(1, ttlMillis)
			.bind(2, maxUses)
			.bind(3, maxUses);
		if (this.sql.dialect() == Dialect.MYSQL) {
			statement = statement.filter((s) -> s.returnGeneratedValues("LAST_INSERT_ID()"));
		}
		return statement.map((row) -> number(row, 0)).all().next();
	}

	private Mono<UseDecision> denial(String tokenId) {
		return state(tokenId).map((record) -> record.revoked() ? UseDecision.revoked() : UseDecision.usedUp(record.used()));
	}

	@Override
	public Mono<Boolean> release(String tokenId) {
		return guard(this.client.sql(this.release).bind(0, tokenId).fetch().rowsUpdated().map((rows) -> rows > 0));
	}

	@Override
	public Mono<Void> revoke(String tokenId, Duration ttl) {
		long ttlMillis = UseStore.ttlMillis(ttl);
		Mono<Long> once = Mono.defer(() -> this.client.sql(this.revoke)
			.bind(0, tokenId)
			.bind(1, ttlMillis)
			.fetch()
			.rowsUpdated());
		return guard(once.onErrorResume(DuplicateKeyException.class, (ex) -> once).then());
	}

	@Override
	public Mono<UseRecord> usage(String tokenId) {
		return guard(Mono.defer(() -> this.client.sql(this.usage)
			.bind(0, tokenId)
			.map(R2dbcUseStore::useRecord)
			.all()
			.next()
			.defaultIfEmpty(UseRecord.UNSEEN)));
	}

	@Override
	public Mono<Void> ping() {
		return guard(this.client.sql("SELECT 1").map((row) -> number(row, 0)).all().then());
	}

	/**
	 * Deletes the rows of expired tokens.
	 * @return how many rows were deleted; 0 (logged) when the database cannot be used
	 */
	public Mono<Long> cleanUpExpired() {
		return guard(Mono.defer(() -> this.client.sql(this.cleanup)
			.fetch()
			.rowsUpdated()))
			.doOnNext((deleted) -> {
				if (deleted > 0 && logger.isDebugEnabled()) {
					logger.debug("Deleted " + deleted + " expired tempid use rows from " + this.table);
				}
			})
			.onErrorResume((ex) -> {
				logger.warn("Could not delete expired tempid use rows from " + this.table + ": " + ex.getMessage());
				return Mono.just(0L);
			});
	}

	/** The SQL dialect. */
	public Dialect dialect() {
		return this.sql.dialect();
	}

	private Mono<UseRecord> state(String tokenId) {
		return this.client.sql(this.state)
			.bind(0, tokenId)
			.map(R2dbcUseStore::useRecord)
			.all()
			.next()
			.defaultIfEmpty(UseRecord.UNSEEN);
	}

	private <T> Mono<T> guard(Mono<T> operation) {
		return operation.timeout(this.timeout).onErrorMap((ex) -> !(ex instanceof StoreUnavailableException), (ex) -> {
			String why = (ex instanceof TimeoutException) ? "did not answer within " + this.timeout
					: "cannot be used: " + ex.getClass().getSimpleName();
			return new StoreUnavailableException("the tempid use table " + why, null, ex);
		});
	}

	private static UseRecord useRecord(Readable row) {
		return new UseRecord(number(row, 0), number(row, 1) == 1);
	}

	private static int number(Readable row, int index) {
		if (!(row.get(index) instanceof Number number)) {
			throw new StoreUnavailableException("the tempid use table returned an unexpected value");
		}
		return number.intValue();
	}

	@Override
	public String toString() {
		return "R2dbcUseStore[table=" + this.table + ", dialect=" + this.sql.dialect() + "]";
	}

}
