package dev.tempid.store.r2dbc;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

import dev.tempid.StoreUnavailableException;
import dev.tempid.store.CodeDecision;
import dev.tempid.store.Generation;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import dev.tempid.store.UseStore;
import dev.tempid.store.WindowCount;
import dev.tempid.store.jdbc.JdbcUseStore;
import dev.tempid.store.jdbc.JdbcUseStore.Dialect;
import dev.tempid.store.jdbc.JdbcUseStore.Statements;
import dev.tempid.store.reactive.ReactiveUseStore;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Readable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.transaction.reactive.TransactionalOperator;
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

	private final String generation;

	private final String advanceOne;

	private final String advanceAll;

	private final String generationValue;

	private final String consumeGeneration;

	private final String usageGeneration;

	private final String touch;

	private final String putCode;

	private final String lock;

	private final String readCode;

	private final String spendTry;

	private final String count;

	private final String window;

	/** Runs the steps of a login code in one transaction, or in the caller's. */
	private final TransactionalOperator transaction;

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
		this.generation = markers(this.sql.generation(), dialect);
		this.advanceOne = markers(this.sql.advanceOne(), dialect);
		this.advanceAll = markers(this.sql.advanceAll(), dialect);
		this.generationValue = markers(this.sql.generationValue(), dialect);
		this.consumeGeneration = markers(this.sql.consumeGeneration(), dialect);
		this.usageGeneration = markers(this.sql.usageGeneration(), dialect);
		this.touch = markers(this.sql.touch(), dialect);
		this.putCode = markers(this.sql.putCode(), dialect);
		this.lock = markers(this.sql.lock(), dialect);
		this.readCode = markers(this.sql.readCode(), dialect);
		this.spendTry = markers(this.sql.spendTry(), dialect);
		this.count = markers(this.sql.count(), dialect);
		this.window = markers(this.sql.window(), dialect);
		this.transaction = TransactionalOperator.create(new R2dbcTransactionManager(client.getConnectionFactory()));
		this.table = tableName;
	}

	/**
	 * The dialect of a connection factory, from its metadata (no round trip).
	 * @param connectionFactory the database
	 * @return {@link Dialect#POSTGRESQL} or {@link Dialect#MYSQL} (MySQL and MariaDB)
	 * @throws IllegalArgumentException for another database
	 */
	public static Dialect dialectOf(ConnectionFactory connectionFactory) {
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

	// ------------------------------------------------------------------ subject generations

	@Override
	public Mono<Long> generation(String subject, String purpose, boolean advance, Duration ttl) {
		String id = Statements.generationId(Generation.checkSubject(subject), Generation.checkPurpose(purpose));
		long ttlMillis = UseStore.ttlMillis(ttl);
		Mono<Long> once = Mono.defer(() -> reported(this.generation, id, ttlMillis, advance ? 1 : 0)
			.switchIfEmpty(Mono.error(() -> new StoreUnavailableException("the database returned no generation")))
			.map((value) -> {
				if (value < 1) {
					throw new StoreUnavailableException("the database returned no generation");
				}
				return value.longValue();
			}));
		return guard(once.onErrorResume(DuplicateKeyException.class, (ex) -> once));
	}

	@Override
	public Mono<Void> advanceGenerations(String subject, @Nullable String purpose) {
		Generation.checkSubject(subject);
		Mono<Long> update = (purpose != null)
				? Mono.defer(() -> this.client.sql(this.advanceOne)
					.bind(0, Statements.generationId(subject, Generation.checkPurpose(purpose)))
					.fetch()
					.rowsUpdated())
				// hex tags hold no LIKE wildcard
				: Mono.defer(() -> this.client.sql(this.advanceAll).bind(0, "g." + subject + ".%").fetch().rowsUpdated());
		return guard(update).then();
	}

	@Override
	public Mono<UseDecision> consume(String tokenId, int maxUses, Duration ttl, Generation generation) {
		long ttlMillis = UseStore.ttlMillis(ttl);
		return decide(Mono.defer(() -> consumeOnce(tokenId, maxUses, ttlMillis, generation)));
	}

	/** The generation check and the consume in one statement, as the JDBC store's. */
	private Mono<UseDecision> consumeOnce(String tokenId, int maxUses, long ttlMillis, Generation generation) {
		String generationId = Statements.generationId(generation.subject(), generation.purpose());
		DatabaseClient.GenericExecuteSpec statement = bind(this.client.sql(this.consumeGeneration), tokenId, ttlMillis,
				generationId, generation.value(), maxUses, maxUses);
		Mono<Integer> used;
		if (this.sql.dialect() == Dialect.MYSQL) {
			used = statement.filter((s) -> s.returnGeneratedValues("LAST_INSERT_ID()"))
				.map((row) -> number(row, 0))
				.all()
				.next()
				.filter((encoded) -> encoded > 0);
		}
		else {
			// RETURNING used, revoked: granted when the statement did not revoke the new row
			used = statement.map((row) -> (number(row, 1) == 0) ? number(row, 0) : -1)
				.all()
				.next()
				.filter((value) -> value >= 0);
		}
		return used.map(UseDecision::granted)
			.switchIfEmpty(Mono.defer(() -> isCurrent(generation)
				.flatMap((current) -> current ? denial(tokenId) : Mono.just(UseDecision.revoked()))));
	}

	private Mono<Boolean> isCurrent(Generation generation) {
		return this.client.sql(this.generationValue)
			.bind(0, Statements.generationId(generation.subject(), generation.purpose()))
			.map((row) -> number(row, 0))
			.all()
			.next()
			.map((held) -> held <= generation.value())
			.defaultIfEmpty(false);
	}

	/**
	 * As the JDBC store's: the generation is read first, then the token retired; a
	 * generation advanced between the two still ends the successor, which carries the same
	 * generation.
	 */
	@Override
	public Mono<UseDecision> retire(String tokenId, int maxUses, Duration ttl, Generation generation) {
		long ttlMillis = UseStore.ttlMillis(ttl);
		Mono<UseDecision> retired = Mono.defer(() -> retireOnce(tokenId, maxUses, ttlMillis))
			.onErrorResume(DuplicateKeyException.class, (ex) -> retireOnce(tokenId, maxUses, ttlMillis));
		return guard(Mono.defer(() -> isCurrent(generation))
			.flatMap((current) -> current ? retired : Mono.just(UseDecision.revoked())));
	}

	@Override
	public Mono<UseRecord> usage(String tokenId, Generation generation) {
		return guard(Mono.defer(() -> bind(this.client.sql(this.usageGeneration), tokenId, tokenId,
				Statements.generationId(generation.subject(), generation.purpose()))
			.map((row) -> {
				Object held = row.get(2);
				boolean current = (held instanceof Number value) && value.longValue() <= generation.value();
				return new UseRecord(number(row, 0), number(row, 1) == 1 || !current);
			})
			.all()
			.next()
			.defaultIfEmpty(new UseRecord(0, true))));
	}

	// ------------------------------------------------------------------ login codes

	@Override
	public Mono<Void> putCode(String codeId, String hash, String tokenId, Generation generation, Duration ttl) {
		long ttlMillis = UseStore.ttlMillis(ttl);
		String detail = new JdbcUseStore.CodeRow(hash, tokenId, generation).detail();
		Mono<Long> steps = Mono.defer(() -> bind(this.client.sql(this.touch), tokenId, ttlMillis).fetch()
			.rowsUpdated()
			.then(bind(this.client.sql(this.putCode), codeId, ttlMillis, detail).fetch().rowsUpdated()));
		return guard(this.transaction.transactional(steps)).then();
	}

	/**
	 * As the JDBC store's, in one transaction (or the caller's): the code's row is locked
	 * first (an update that changes nothing), so concurrent tries queue; then it is read,
	 * compared in constant time here, and either a try is spent (the last revoking the
	 * token) or the token's use is taken by the statement of
	 * {@link #consume(String, int, Duration, Generation)}.
	 */
	@Override
	public Mono<CodeDecision> useCode(String codeId, String hash, int maxTries, int maxUses, Duration ttl) {
		Objects.requireNonNull(hash, "hash must not be null");
		long ttlMillis = UseStore.ttlMillis(ttl);
		Mono<CodeDecision> steps = Mono.defer(() -> this.client.sql(this.lock).bind(0, codeId).fetch().rowsUpdated()
			.then(this.client.sql(this.readCode)
				.bind(0, codeId)
				.map((row) -> new HeldCode(number(row, 0), JdbcUseStore.CodeRow.parse(row.get(1, String.class))))
				.all()
				.next())
			.flatMap((held) -> tryCode(held, codeId, hash, maxTries, maxUses, ttlMillis))
			.defaultIfEmpty(new CodeDecision(CodeDecision.Outcome.NONE, 0, 0)));
		return guard(this.transaction.transactional(steps));
	}

	private Mono<CodeDecision> tryCode(HeldCode held, String codeId, String hash, int maxTries, int maxUses,
			long ttlMillis) {
		JdbcUseStore.CodeRow code = held.code();
		if (code == null) {
			return Mono.just(new CodeDecision(CodeDecision.Outcome.NONE, 0, 0));
		}
		int tries = held.tries();
		if (tries >= maxTries) {
			return Mono.just(new CodeDecision(CodeDecision.Outcome.EXHAUSTED, 0, 0));
		}
		if (!code.matches(hash)) {
			Mono<Long> spent = this.client.sql(this.spendTry).bind(0, codeId).fetch().rowsUpdated();
			if (tries + 1 >= maxTries) {
				spent = spent.then(bind(this.client.sql(this.revoke), code.tokenId(), ttlMillis).fetch().rowsUpdated());
			}
			return spent.thenReturn(new CodeDecision(CodeDecision.Outcome.WRONG, maxTries - tries - 1, 0));
		}
		return consumeOnce(code.tokenId(), maxUses, ttlMillis, code.generation()).map((decision) -> {
			CodeDecision.Outcome outcome = switch (decision.outcome()) {
				case GRANTED -> CodeDecision.Outcome.GRANTED;
				case USED_UP -> CodeDecision.Outcome.USED_UP;
				case REVOKED -> CodeDecision.Outcome.REVOKED;
			};
			return new CodeDecision(outcome, maxTries - tries, decision.used());
		});
	}

	// ------------------------------------------------------------------ event counts

	/**
	 * As the JDBC store's: one statement decided by the database counts the event in a
	 * fixed window (the row of {@code key}, reset once its window has passed); a second,
	 * read-only statement then reads the time left in the window.
	 */
	@Override
	public Mono<WindowCount> count(String key, int limit, Duration window) {
		Objects.requireNonNull(key, "key must not be null");
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1");
		}
		long windowMillis = UseStore.ttlMillis(window);
		Mono<WindowCount> once = Mono.defer(() -> reported(this.count, key, windowMillis, limit)
			.map((reported) -> reported > 0)
			.defaultIfEmpty(false)
			.flatMap((allowed) -> this.client.sql(this.window)
				.bind(0, key)
				.map((row) -> new WindowCount(allowed, number(row, 0), Duration.ofMillis(Math.max(1, longValue(row, 1)))))
				.all()
				.next()
				.switchIfEmpty(Mono.error(
						() -> new StoreUnavailableException("the tempid use table lost a counter row")))));
		return guard(once.onErrorResume(DuplicateKeyException.class, (ex) -> once));
	}

	/**
	 * Runs a statement that reports one number, as consume reports a count: PostgreSQL's
	 * {@code RETURNING}, MySQL's {@code LAST_INSERT_ID}; empty when PostgreSQL returns no
	 * row.
	 */
	private Mono<Integer> reported(String statementSql, Object... values) {
		DatabaseClient.GenericExecuteSpec statement = bind(this.client.sql(statementSql), values);
		if (this.sql.dialect() == Dialect.MYSQL) {
			statement = statement.filter((s) -> s.returnGeneratedValues("LAST_INSERT_ID()"));
		}
		return statement.map((row) -> number(row, 0)).all().next();
	}

	private static DatabaseClient.GenericExecuteSpec bind(DatabaseClient.GenericExecuteSpec statement,
			Object... values) {
		for (int i = 0; i < values.length; i++) {
			statement = statement.bind(i, values[i]);
		}
		return statement;
	}

	/** A code's row as read in its transaction: wrong tries so far, and what it holds. */
	private record HeldCode(int tries, JdbcUseStore.@Nullable CodeRow code) {

	}

	/** Reads the table itself, as the JDBC store's ping does: a missing table fails every consume. */
	@Override
	public Mono<Void> ping() {
		return guard(Mono.defer(() -> this.client.sql("SELECT used, revoked FROM " + this.table + " WHERE 1 = 0")
			.map((row) -> number(row, 0))
			.all()
			.then()));
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

	private static long longValue(Readable row, int index) {
		if (!(row.get(index) instanceof Number number)) {
			throw new StoreUnavailableException("the tempid use table returned an unexpected value");
		}
		return number.longValue();
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
