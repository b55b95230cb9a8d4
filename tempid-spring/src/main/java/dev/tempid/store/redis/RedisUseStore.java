package dev.tempid.store.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import dev.tempid.StoreUnavailableException;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import dev.tempid.store.UseStore;
import dev.tempid.store.WindowCount;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.ClassUtils;

/**
 * A {@link UseStore} on Redis. Each operation is one Lua script, run atomically by Redis
 * in one round trip ({@code EVALSHA}, falling back to {@code EVAL} once when the script
 * cache is empty). Each token is one hash at {@code <prefix>{<token id>}} (the braces
 * keep it in one Redis Cluster slot) with fields {@code u} (uses taken) and {@code r}
 * (revoked), expiring with its token: the application passes how long is left and the
 * scripts apply it with {@code PEXPIRE}, relative to Redis's own clock, so clock skew
 * between the application and Redis never frees a live count.
 *
 * <p>Counts are as durable as Redis: they survive a Redis restart only with AOF
 * persistence. When Redis cannot be reached or does not answer within the store's
 * timeout ({@link #withBoundedWaits}), every operation throws
 * {@link StoreUnavailableException} and nothing is left queued to run later; the client
 * reconnects by itself once Redis is back.
 *
 * <p>Redis replication is asynchronous: a failover to a replica that had not yet received
 * the last writes forgets them. With {@link #setReplicaAcks(int, Duration)} a consume,
 * retire or revoke is followed on the same connection by {@code WAIT}, and is reported
 * done only once that many replicas acknowledged it; otherwise it fails closed with
 * {@link StoreUnavailableException} (the use stays spent: it may have been applied).
 */
public final class RedisUseStore implements UseStore, DisposableBean {

	/** The default bound on each store call. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

	private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent("io.lettuce.core.ClientOptions",
			RedisUseStore.class.getClassLoader());

	private static final Log logger = LogFactory.getLog(RedisUseStore.class);

	/** The default period of the cluster topology refresh of the store's own connection. */
	public static final Duration DEFAULT_TOPOLOGY_REFRESH_PERIOD = Duration.ofSeconds(2);

	/** The default longest wait for replica acknowledgements. */
	public static final Duration DEFAULT_REPLICA_ACK_TIMEOUT = Duration.ofMillis(500);

	/** Default key prefix. */
	public static final String DEFAULT_KEY_PREFIX = "tempid:";

	/**
	 * The Lua source of {@link #consume}: KEYS[1] the token key, ARGV max uses and the
	 * entry's time to live in milliseconds, applied with {@code PEXPIRE} (relative, on
	 * Redis's clock) and never shortening the key's current life.
	 */
	public static final String CONSUME_SCRIPT = """
			local v = redis.call('HMGET', KEYS[1], 'u', 'r')
			local used = tonumber(v[1]) or 0
			if v[2] == '1' then return {2, used} end
			local max = tonumber(ARGV[1])
			if max > 0 and used >= max then return {1, used} end
			used = redis.call('HINCRBY', KEYS[1], 'u', 1)
			local ttl = tonumber(ARGV[2])
			if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
			return {0, used}
			""";

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> CONSUME = RedisScript.of(CONSUME_SCRIPT, List.class);

	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			local used = tonumber(redis.call('HGET', KEYS[1], 'u')) or 0
			if used <= 0 then return 0 end
			redis.call('HINCRBY', KEYS[1], 'u', -1)
			return 1
			""", Long.class);

	private static final RedisScript<Long> REVOKE = RedisScript.of("""
			redis.call('HSET', KEYS[1], 'r', '1')
			local ttl = tonumber(ARGV[1])
			if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
			return 1
			""", Long.class);

	/** {@link #retire}: the check and the revocation in one script, so one of two refreshes wins. */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> RETIRE = RedisScript.of("""
			local v = redis.call('HMGET', KEYS[1], 'u', 'r')
			local used = tonumber(v[1]) or 0
			if v[2] == '1' then return {2, used} end
			local max = tonumber(ARGV[1])
			if max > 0 and used >= max then return {1, used} end
			redis.call('HSET', KEYS[1], 'u', used, 'r', '1')
			local ttl = tonumber(ARGV[2])
			if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
			return {0, used}
			""", List.class);

	/**
	 * {@link #count}: a fixed window in one string key that expires with the window.
	 * Answers {allowed, count, milliseconds left in the window}.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> COUNT = RedisScript.of("""
			local limit = tonumber(ARGV[1])
			local used = tonumber(redis.call('GET', KEYS[1]) or '0')
			local left = redis.call('PTTL', KEYS[1])
			if used > 0 and left < 0 then
				redis.call('PEXPIRE', KEYS[1], ARGV[2])
				left = tonumber(ARGV[2])
			end
			if used >= limit then return {0, used, left} end
			used = redis.call('INCR', KEYS[1])
			if used == 1 then
				redis.call('PEXPIRE', KEYS[1], ARGV[2])
				left = tonumber(ARGV[2])
			end
			return {1, used, left}
			""", List.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> USAGE = RedisScript.of("""
			local v = redis.call('HMGET', KEYS[1], 'u', 'r')
			return {tonumber(v[1]) or 0, (v[2] == '1') and 1 or 0}
			""", List.class);

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	/** The connection this store made for itself and closes, if any. */
	private final @Nullable DisposableBean owned;

	/** The bound on each call, for the calls that wait for replicas. */
	private final Duration timeout;

	private volatile int replicaAcks;

	private volatile Duration replicaAckTimeout = DEFAULT_REPLICA_ACK_TIMEOUT;

	/**
	 * A store on a template whose client settings bound its waits: with Lettuce, set
	 * {@code ClientOptions.disconnectedBehavior(REJECT_COMMANDS)} and a short command
	 * timeout, or use {@link #withBoundedWaits}. A warning is logged when the template's
	 * Lettuce settings queue commands while Redis is away.
	 */
	public RedisUseStore(StringRedisTemplate redis) {
		this(redis, DEFAULT_KEY_PREFIX);
	}

	/** {@link #RedisUseStore(StringRedisTemplate)} with a key prefix. */
	public RedisUseStore(StringRedisTemplate redis, String keyPrefix) {
		this(redis, keyPrefix, null, DEFAULT_TIMEOUT);
		warnUnlessBounded(redis.getConnectionFactory(), DEFAULT_TIMEOUT);
	}

	private RedisUseStore(StringRedisTemplate redis, String keyPrefix, @Nullable DisposableBean owned,
			Duration timeout) {
		this.redis = Objects.requireNonNull(redis, "redis must not be null");
		this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix must not be null");
		this.owned = owned;
		this.timeout = timeout;
	}

	/**
	 * A store whose every call is bounded by {@code timeout}, whatever the application's
	 * Redis client settings: on Lettuce, the store opens its own connection to the same
	 * Redis as {@code connectionFactory} (same servers, SSL, credentials and cluster
	 * options) that rejects commands at once while disconnected, so nothing is queued to
	 * run after its caller was answered, and times out connecting and each command after
	 * {@code timeout}. The store closes that connection when destroyed. On another client
	 * (Jedis, which never queues) the factory is used as it is and its own timeouts apply.
	 * @param connectionFactory the application's Redis connection factory
	 * @param keyPrefix the key prefix
	 * @param timeout the longest a store call waits for Redis
	 */
	public static RedisUseStore withBoundedWaits(RedisConnectionFactory connectionFactory, String keyPrefix,
			Duration timeout) {
		return withBoundedWaits(connectionFactory, keyPrefix, timeout, ClusterRefresh.DEFAULT);
	}

	/**
	 * {@link #withBoundedWaits(RedisConnectionFactory, String, Duration)} with the cluster
	 * topology refresh of the store's own connection (used only on a Redis Cluster).
	 * @param connectionFactory the application's Redis connection factory
	 * @param keyPrefix the key prefix
	 * @param timeout the longest a store call waits for Redis
	 * @param refresh how the store's connection follows cluster topology changes
	 */
	public static RedisUseStore withBoundedWaits(RedisConnectionFactory connectionFactory, String keyPrefix,
			Duration timeout, ClusterRefresh refresh) {
		Objects.requireNonNull(connectionFactory, "connectionFactory must not be null");
		Objects.requireNonNull(refresh, "refresh must not be null");
		UseStore.ttlMillis(Objects.requireNonNull(timeout, "timeout must not be null"));
		if (LETTUCE_PRESENT && connectionFactory instanceof LettuceConnectionFactory lettuce) {
			LettuceConnectionFactory dedicated = LettuceBoundedWaits.dedicated(lettuce, timeout, refresh);
			dedicated.afterPropertiesSet();
			dedicated.start();
			return new RedisUseStore(new StringRedisTemplate(dedicated), keyPrefix, dedicated, timeout);
		}
		return new RedisUseStore(new StringRedisTemplate(connectionFactory), keyPrefix, null, timeout);
	}

	/**
	 * Makes consume, retire and revoke durable across a failover: each is followed on the
	 * same connection by {@code WAIT replicas timeout}, and is reported done only when at
	 * least {@code replicas} replicas acknowledged it. When fewer do, the call throws
	 * {@link StoreUnavailableException}: a consume is then not granted, and the use it
	 * may have taken stays taken (it may survive a failover). Needs Lettuce. Denials are
	 * answered without waiting for replicas.
	 * @param replicas how many replicas must acknowledge; {@code 0} turns acknowledgements off
	 * @param timeout the longest wait for them, shorter than the store's timeout
	 */
	public void setReplicaAcks(int replicas, Duration timeout) {
		if (replicas < 0) {
			throw new IllegalArgumentException("replicas must not be negative");
		}
		UseStore.ttlMillis(Objects.requireNonNull(timeout, "timeout must not be null"));
		if (replicas > 0 && timeout.compareTo(this.timeout) >= 0) {
			throw new IllegalArgumentException("The replica acknowledgement timeout (" + timeout
					+ ") must be shorter than the store timeout (" + this.timeout + ")");
		}
		if (replicas > 0 && !LETTUCE_PRESENT) {
			throw new IllegalStateException("Replica acknowledgements need the Lettuce Redis client");
		}
		this.replicaAckTimeout = timeout;
		this.replicaAcks = replicas;
	}

	/** How many replicas must acknowledge a write, {@code 0} when none. */
	public int getReplicaAcks() {
		return this.replicaAcks;
	}

	private static void warnUnlessBounded(@Nullable RedisConnectionFactory factory, Duration timeout) {
		if (LETTUCE_PRESENT && factory instanceof LettuceConnectionFactory lettuce) {
			String problem = LettuceBoundedWaits.problem(lettuce, timeout);
			if (problem != null) {
				logger.warn("The tempid Redis store's calls are not bounded: " + problem + ". Build the store with "
						+ "RedisUseStore.withBoundedWaits(...) (Spring Boot does), or configure the client so.");
			}
		}
	}

	/** Closes the connection the store opened for itself, if any. */
	@Override
	public void destroy() throws Exception {
		if (this.owned != null) {
			this.owned.destroy();
		}
	}

	@Override
	public UseDecision consume(String tokenId, int maxUses, Duration ttl) {
		String ttlMillis = Long.toString(UseStore.ttlMillis(ttl));
		if (this.replicaAcks > 0) {
			return acknowledgedDecision(CONSUME, tokenId, "use", Integer.toString(maxUses), ttlMillis);
		}
		return decision(run(() -> this.redis.execute(CONSUME, keys(tokenId), Integer.toString(maxUses), ttlMillis)));
	}

	@Override
	public boolean release(String tokenId) {
		Long released = run(() -> this.redis.execute(RELEASE, keys(tokenId)));
		return released == 1L;
	}

	@Override
	public void revoke(String tokenId, Duration ttl) {
		String ttlMillis = Long.toString(UseStore.ttlMillis(ttl));
		if (this.replicaAcks > 0) {
			LettuceReplicaAcks.Acknowledged answer = acknowledged(REVOKE, false, tokenId, ttlMillis);
			requireAcknowledged(answer, "revocation");
			return;
		}
		run(() -> this.redis.execute(REVOKE, keys(tokenId), ttlMillis));
	}

	@Override
	public UseDecision retire(String tokenId, int maxUses, Duration ttl) {
		String ttlMillis = Long.toString(UseStore.ttlMillis(ttl));
		if (this.replicaAcks > 0) {
			return acknowledgedDecision(RETIRE, tokenId, "refresh", Integer.toString(maxUses), ttlMillis);
		}
		return decision(run(() -> this.redis.execute(RETIRE, keys(tokenId), Integer.toString(maxUses), ttlMillis)));
	}

	@Override
	public UseRecord usage(String tokenId) {
		List<?> result = run(() -> this.redis.execute(USAGE, keys(tokenId)));
		return new UseRecord(number(result, 0), number(result, 1) == 1);
	}

	private UseDecision acknowledgedDecision(RedisScript<?> script, String tokenId, String what, String... args) {
		LettuceReplicaAcks.Acknowledged answer = acknowledged(script, true, tokenId, args);
		if (!(answer.result() instanceof List<?> result)) {
			throw new StoreUnavailableException("Redis returned an unexpected answer to a tempid script");
		}
		UseDecision decision = decision(result);
		if (decision.granted()) {
			// a denial changed nothing and needs no acknowledgement
			requireAcknowledged(answer, what);
		}
		return decision;
	}

	private LettuceReplicaAcks.Acknowledged acknowledged(RedisScript<?> script, boolean list, String tokenId,
			String... args) {
		int replicas = this.replicaAcks;
		Duration waitTimeout = this.replicaAckTimeout;
		return run(() -> this.redis.execute((RedisCallback<LettuceReplicaAcks.Acknowledged>) (connection) -> {
			if (!LettuceReplicaAcks.supports(connection)) {
				throw new StoreUnavailableException("Replica acknowledgements need a Lettuce connection");
			}
			return LettuceReplicaAcks.evalAndWait(connection, script, list, key(tokenId), args, replicas, waitTimeout,
					this.timeout);
		}));
	}

	private void requireAcknowledged(LettuceReplicaAcks.Acknowledged answer, String what) {
		if (answer.acknowledged() < this.replicaAcks) {
			throw new StoreUnavailableException("Only " + answer.acknowledged() + " of the " + this.replicaAcks
					+ " Redis replicas required acknowledged the " + what + " within " + this.replicaAckTimeout
					+ "; it is not reported done, and stays applied on the master");
		}
	}

	@Override
	public WindowCount count(String key, int limit, Duration window) {
		Objects.requireNonNull(key, "key must not be null");
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1");
		}
		String windowMillis = Long.toString(UseStore.ttlMillis(window));
		List<?> result = run(() -> this.redis.execute(COUNT, List.of(this.keyPrefix + "{" + key + "}"),
				Integer.toString(limit), windowMillis));
		return new WindowCount(number(result, 0) == 1, number(result, 1), Duration.ofMillis(number(result, 2)));
	}

	private static UseDecision decision(List<?> result) {
		int status = number(result, 0);
		int used = number(result, 1);
		return switch (status) {
			case 0 -> UseDecision.granted(used);
			case 1 -> UseDecision.usedUp(used);
			default -> UseDecision.revoked();
		};
	}

	@Override
	public void ping() {
		run(() -> this.redis.execute((RedisCallback<String>) (connection) -> connection.ping()));
	}

	/** The Redis key of a token. */
	public String key(String tokenId) {
		return this.keyPrefix + "{" + tokenId + "}";
	}

	private List<String> keys(String tokenId) {
		return List.of(key(tokenId));
	}

	private <T> T run(RedisCall<T> call) {
		try {
			T result = call.call();
			if (result == null) {
				throw new StoreUnavailableException("Redis returned no result for a tempid script");
			}
			return result;
		}
		catch (StoreUnavailableException ex) {
			throw ex;
		}
		catch (DataAccessException | IllegalStateException ex) {
			throw new StoreUnavailableException("Redis is unavailable: " + ex.getClass().getSimpleName(), null, ex);
		}
	}

	private static int number(List<?> result, int index) {
		if (result.size() <= index || !(result.get(index) instanceof Number number)) {
			throw new StoreUnavailableException("Redis returned an unexpected answer to a tempid script");
		}
		return number.intValue();
	}

	@Override
	public String toString() {
		return "RedisUseStore[keyPrefix=" + this.keyPrefix + "]";
	}

	/**
	 * How the store's own connection follows a Redis Cluster's topology: a periodic
	 * refresh, and with {@code adaptive} a refresh at once (at most once per period) on a
	 * redirect, a persistent reconnect or an uncovered slot. A failover is then followed
	 * within about the node timeout plus one period.
	 * @param period the period of the refresh; {@link Duration#ZERO} turns it off
	 * @param adaptive whether redirects and reconnects trigger a refresh
	 */
	public record ClusterRefresh(Duration period, boolean adaptive) {

		/** Every {@link RedisUseStore#DEFAULT_TOPOLOGY_REFRESH_PERIOD}, and adaptive. */
		public static final ClusterRefresh DEFAULT = new ClusterRefresh(DEFAULT_TOPOLOGY_REFRESH_PERIOD, true);

		public ClusterRefresh {
			Objects.requireNonNull(period, "period must not be null");
			if (period.isNegative()) {
				throw new IllegalArgumentException("period must not be negative");
			}
		}

	}

	@FunctionalInterface
	private interface RedisCall<T> {

		T call();

	}

}
