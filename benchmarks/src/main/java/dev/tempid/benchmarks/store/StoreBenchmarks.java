package dev.tempid.benchmarks.store;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;
import dev.tempid.store.jdbc.JdbcUseStore;
import dev.tempid.store.redis.RedisUseStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.ott.GenerateOneTimeTokenRequest;
import org.springframework.security.authentication.ott.JdbcOneTimeTokenService;
import org.springframework.security.authentication.ott.OneTimeToken;
import org.springframework.security.authentication.ott.OneTimeTokenAuthenticationToken;

/**
 * Consume throughput of the shared stores beside what users would use instead, on the
 * local PostgreSQL (127.0.0.1:5432, database test) and Redis (127.0.0.1:6379). Every
 * operation spends a fresh single-use token, as a password-reset or magic-link flow does.
 * Run with {@code -t 1} and {@code -t 16}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class StoreBenchmarks {

	/** The bare script of RedisUseStore's consume, to measure against. */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> BARE_CONSUME = RedisScript.of(RedisUseStore.CONSUME_SCRIPT, List.class);

	private final AtomicLong sequence = new AtomicLong();

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	private HikariDataSource dataSource;

	private JdbcUseStore jdbcStore;

	private JdbcOneTimeTokenService springOneTimeTokens;

	private LettuceConnectionFactory redisConnection;

	private StringRedisTemplate redis;

	private RedisUseStore redisStore;

	private final Duration expiresAt = Duration.ofHours(1);

	@Setup(Level.Trial)
	public void setUp() {
		this.dataSource = new HikariDataSource();
		this.dataSource.setJdbcUrl(System.getProperty("bench.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/test"));
		this.dataSource.setUsername(System.getProperty("bench.jdbc.user", "postgres"));
		this.dataSource.setMaximumPoolSize(16);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("DROP TABLE IF EXISTS tempid_bench_uses");
		jdbc.execute("CREATE TABLE tempid_bench_uses (id VARCHAR(64) NOT NULL PRIMARY KEY, used INT NOT NULL, "
				+ "revoked SMALLINT NOT NULL, expires_at BIGINT NOT NULL)");
		jdbc.execute("CREATE INDEX ON tempid_bench_uses (expires_at)");
		this.jdbcStore = new JdbcUseStore(this.dataSource, "tempid_bench_uses");
		this.jdbcStore.setCleanupCron(JdbcUseStore.CLEANUP_DISABLED);
		jdbc.execute("DROP TABLE IF EXISTS one_time_tokens");
		jdbc.execute("CREATE TABLE one_time_tokens (token_value VARCHAR(36) NOT NULL PRIMARY KEY, "
				+ "username VARCHAR(50) NOT NULL, expires_at TIMESTAMP NOT NULL)");
		this.springOneTimeTokens = new JdbcOneTimeTokenService(jdbc);

		this.redisConnection = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
		this.redisConnection.afterPropertiesSet();
		this.redisConnection.start();
		this.redis = new StringRedisTemplate(this.redisConnection);
		this.redisStore = new RedisUseStore(this.redis, "tempid-bench:" + this.run + ":");
	}

	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		jdbc.execute("DROP TABLE IF EXISTS tempid_bench_uses");
		jdbc.execute("DROP TABLE IF EXISTS one_time_tokens");
		this.springOneTimeTokens.destroy();
		this.dataSource.close();
		this.redisConnection.destroy();
	}

	private String nextId() {
		return this.run + "-" + this.sequence.incrementAndGet();
	}

	/** tempid's flow: issuing touches no store; the one consume is one upsert that decides and counts. */
	@Benchmark
	public boolean jdbcUseStoreConsume() {
		return this.jdbcStore.consume(nextId(), 1, this.expiresAt).granted();
	}

	/**
	 * Spring Security's one-time token flow: generate stores the token (INSERT), consume
	 * reads then deletes it (SELECT, DELETE). tempid's issue needs no database at all, so
	 * each side is measured for the whole life of one single-use token.
	 */
	@Benchmark
	public boolean springJdbcOneTimeTokenConsume() {
		OneTimeToken token = this.springOneTimeTokens.generate(new GenerateOneTimeTokenRequest("user"));
		return this.springOneTimeTokens.consume(new OneTimeTokenAuthenticationToken(token.getTokenValue())) != null;
	}

	@Benchmark
	public boolean redisUseStoreConsume() {
		return this.redisStore.consume(nextId(), 1, this.expiresAt).granted();
	}

	@Benchmark
	public Object redisBareEvalsha() {
		return this.redis.execute(BARE_CONSUME, List.of("tempid-bench:" + this.run + ":bare{" + nextId() + "}"), "1",
				Long.toString(this.expiresAt.toMillis()));
	}

}
