package dev.tempid.store.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

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
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.ClassUtils;

/**
 * A {@link UseStore} on Redis. Each write is one Lua script, run atomically by Redis
 * in one round trip ({@code EVALSHA}, falling back to {@code EVAL} once when the script
 * cache is empty); {@link #usage} is one plain {@code HMGET} (a read needs no script, and
 * cookie sessions run it on every request). Each token is one hash at {@code <prefix>{<token id>}} (the braces
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
 * the last writes forgets them. With {@link #setReplicaAcks(int, Duration)} every write
 * (a consume, retire or revoke; a subject generation at issue, a revoke-all; a login code
 * and each try of one; an issue count) is followed on the same connection by
 * {@code WAIT}, and is reported done only once that many replicas acknowledged it;
 * otherwise it fails closed with {@link StoreUnavailableException} (the write stays: it
 * may have been applied). A denial, which writes nothing, answers without waiting. Only a
 * refund ({@link #release}) is not waited for: forgetting one loses a use, never grants one.
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
	static final RedisScript<List> CONSUME = RedisScript.of(CONSUME_SCRIPT, List.class);

	static final RedisScript<Long> RELEASE = RedisScript.of("""
			local used = tonumber(redis.call('HGET', KEYS[1], 'u')) or 0
			if used <= 0 then return 0 end
			redis.call('HINCRBY', KEYS[1], 'u', -1)
			return 1
			""", Long.class);

	static final RedisScript<Long> REVOKE = RedisScript.of("""
			redis.call('HSET', KEYS[1], 'r', '1')
			local ttl = tonumber(ARGV[1])
			if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
			return 1
			""", Long.class);

	/** {@link #retire}: the check and the revocation in one script, so one of two refreshes wins. */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> RETIRE = RedisScript.of("""
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
	static final RedisScript<List> COUNT = RedisScript.of("""
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

	/** The hash fields {@link #usage} reads: uses taken, revoked. */
	private static final List<Object> USAGE_FIELDS = List.of("u", "r");

	/** Lua that sets {@code gen_ok} (KEYS[2] the subject's generations, ARGV[3] purpose tag, ARGV[4] generation). */
	private static final String GENERATION_CHECK = """
			local held = tonumber(redis.call('HGET', KEYS[2], ARGV[3]))
			local gen_ok = held ~= nil and held <= tonumber(ARGV[4])
			""";

	/** {@link #consume(String, int, Duration, Generation)}: the generation check and the consume in one script. */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> CONSUME_GENERATION = RedisScript.of(GENERATION_CHECK
			+ "if not gen_ok then return {2, 0} end\n" + CONSUME_SCRIPT, List.class);

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> RETIRE_GENERATION = RedisScript.of(GENERATION_CHECK + """
			if not gen_ok then return {2, 0} end
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

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> USAGE_GENERATION = RedisScript.of(GENERATION_CHECK + """
			local v = redis.call('HMGET', KEYS[1], 'u', 'r')
			return {tonumber(v[1]) or 0, ((v[2] == '1') or not gen_ok) and 1 or 0}
			""", List.class);

	/** At issue: KEYS[1] the subject's generations, ARGV purpose tag, advance (0/1), ttl. */
	static final RedisScript<Long> GENERATION = RedisScript.of("""
			local g
			if ARGV[2] == '1' then
				g = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
			else
				g = tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
				if not g then g = 1; redis.call('HSET', KEYS[1], ARGV[1], 1) end
			end
			local ttl = tonumber(ARGV[3])
			if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
			return g
			""", Long.class);

	/** revokeAll: KEYS[1] the subject's generations, ARGV[1] a purpose tag or '' for all. */
	static final RedisScript<Long> ADVANCE = RedisScript.of("""
			if ARGV[1] ~= '' then
				if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then redis.call('HINCRBY', KEYS[1], ARGV[1], 1) end
				return 1
			end
			for _, field in ipairs(redis.call('HKEYS', KEYS[1])) do redis.call('HINCRBY', KEYS[1], field, 1) end
			return 1
			""", Long.class);

	/** putCode: KEYS[1] code, KEYS[2] token; ARGV hash, token id, purpose tag, generation, ttl. */
	static final RedisScript<Long> PUT_CODE = RedisScript.of("""
			local ttl = tonumber(ARGV[5])
			redis.call('DEL', KEYS[1])
			redis.call('HSET', KEYS[1], 'h', ARGV[1], 't', ARGV[2], 'p', ARGV[3], 'g', ARGV[4], 'n', 0)
			redis.call('PEXPIRE', KEYS[1], ttl)
			redis.call('HINCRBY', KEYS[2], 'u', 0)
			if redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
			return 1
			""", Long.class);

	/**
	 * useCode: KEYS[1] code, KEYS[2] the subject's generations, KEYS[3] the code's token
	 * (named by the caller from the code; checked against the code's own); ARGV hash, max
	 * tries, max uses, ttl, token id. The hashes are compared in constant time (every byte
	 * XORed, whatever matched before). Answers {status, tries left, used}: 0 granted,
	 * 1 wrong, 2 none, 3 exhausted, 4 used up, 5 revoked, 6 the code names another token.
	 */
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> USE_CODE = RedisScript.of("""
			local c = redis.call('HMGET', KEYS[1], 'h', 't', 'p', 'g', 'n')
			if not c[1] then return {2, 0, 0} end
			if c[2] ~= ARGV[5] then return {6, 0, 0} end
			local max_tries = tonumber(ARGV[2])
			local tries = tonumber(c[5]) or 0
			if tries >= max_tries then return {3, 0, 0} end
			local a, b = c[1], ARGV[1]
			local diff = (#a == #b) and 0 or 1
			for i = 1, math.min(#a, #b) do diff = bit.bor(diff, bit.bxor(string.byte(a, i), string.byte(b, i))) end
			local ttl = tonumber(ARGV[4])
			if diff ~= 0 then
				tries = redis.call('HINCRBY', KEYS[1], 'n', 1)
				if tries >= max_tries then
					redis.call('HSET', KEYS[3], 'r', '1')
					if redis.call('PTTL', KEYS[3]) < ttl then redis.call('PEXPIRE', KEYS[3], ttl) end
				end
				return {1, max_tries - tries, 0}
			end
			local held = tonumber(redis.call('HGET', KEYS[2], c[3]))
			if held == nil or held > tonumber(c[4]) then return {5, max_tries - tries, 0} end
			local v = redis.call('HMGET', KEYS[3], 'u', 'r')
			local used = tonumber(v[1]) or 0
			if v[2] == '1' then return {5, max_tries - tries, used} end
			local max = tonumber(ARGV[3])
			if max > 0 and used >= max then return {4, max_tries - tries, used} end
			used = redis.call('HINCRBY', KEYS[3], 'u', 1)
			if redis.call('PTTL', KEYS[3]) < ttl then redis.call('PEXPIRE', KEYS[3], ttl) end
			return {0, max_tries - tries, used}
			""", List.class);

	/** The token id a code is held for, to name its key (in the code's slot). */
	static final RedisScript<String> CODE_TOKEN = RedisScript.of("""
			return redis.call('HGET', KEYS[1], 't') or ''
			""", String.class);

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
			LettuceBoundedWaits.connectNow(dedicated, false, timeout);
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
		return decision(write(CONSUME, keys(tokenId), "use", RedisUseStore::granted, Integer.toString(maxUses),
				ttlMillis));
	}

	@Override
	public boolean release(String tokenId) {
		Long released = run(() -> this.redis.execute(RELEASE, keys(tokenId)));
		return released == 1L;
	}

	@Override
	public void revoke(String tokenId, Duration ttl) {
		String ttlMillis = Long.toString(UseStore.ttlMillis(ttl));
		write(REVOKE, keys(tokenId), "revocation", ttlMillis);
	}

	@Override
	public UseDecision retire(String tokenId, int maxUses, Duration ttl) {
		String ttlMillis = Long.toString(UseStore.ttlMillis(ttl));
		return decision(write(RETIRE, keys(tokenId), "refresh", RedisUseStore::granted, Integer.toString(maxUses),
				ttlMillis));
	}

	@Override
	public UseRecord usage(String tokenId) {
		List<Object> values = run(() -> this.redis.opsForHash().multiGet(key(tokenId), USAGE_FIELDS));
		if (values.size() != 2) {
			throw new StoreUnavailableException("Redis returned an unexpected answer to HMGET");
		}
		return new UseRecord(count(values.get(0)), "1".equals(values.get(1)));
	}

	@Override
	public UseDecision consume(String tokenId, int maxUses, Duration ttl, Generation generation) {
		String ttlMillis = Long.toString(UseStore.ttlMillis(ttl));
		return decision(write(CONSUME_GENERATION, keys(tokenId, generation), "use", RedisUseStore::granted,
				Integer.toString(maxUses), ttlMillis, generation.purpose(), Long.toString(generation.value())));
	}

	@Override
	public UseDecision retire(String tokenId, int maxUses, Duration ttl, Generation generation) {
		String ttlMillis = Long.toString(UseStore.ttlMillis(ttl));
		return decision(write(RETIRE_GENERATION, keys(tokenId, generation), "refresh", RedisUseStore::granted,
				Integer.toString(maxUses), ttlMillis, generation.purpose(), Long.toString(generation.value())));
	}

	@Override
	public UseRecord usage(String tokenId, Generation generation) {
		List<?> result = run(() -> this.redis.execute(USAGE_GENERATION, keys(tokenId, generation), "0", "0",
				generation.purpose(), Long.toString(generation.value())));
		return new UseRecord(number(result, 0), number(result, 1) == 1);
	}

	@Override
	public long generation(String subject, String purpose, boolean advance, Duration ttl) {
		Generation.checkSubject(subject);
		Generation.checkPurpose(purpose);
		String ttlMillis = Long.toString(UseStore.ttlMillis(ttl));
		return write(GENERATION, List.of(generationsKey(subject)), "subject generation", purpose, advance ? "1" : "0",
				ttlMillis);
	}

	@Override
	public void advanceGenerations(String subject, @Nullable String purpose) {
		Generation.checkSubject(subject);
		String field = (purpose != null) ? Generation.checkPurpose(purpose) : "";
		write(ADVANCE, List.of(generationsKey(subject)), "revocation of the subject's tokens", field);
	}

	@Override
	public void putCode(String codeId, String hash, String tokenId, Generation generation, Duration ttl) {
		requireSameSubject(codeId, tokenId);
		String ttlMillis = Long.toString(UseStore.ttlMillis(ttl));
		write(PUT_CODE, List.of(key(codeId), key(tokenId)), "login code", hash, tokenId, generation.purpose(),
				Long.toString(generation.value()), ttlMillis);
	}

	@Override
	public CodeDecision useCode(String codeId, String hash, int maxTries, int maxUses, Duration ttl) {
		String subject = requireSubject(codeId);
		String ttlMillis = Long.toString(UseStore.ttlMillis(ttl));
		// two round trips: read which token the code is for (to name its key), then the atomic script,
		// which checks the code still names that token
		for (int attempt = 0; attempt < 3; attempt++) {
			String tokenId = run(() -> this.redis.execute(CODE_TOKEN, List.of(key(codeId))));
			if (tokenId.isEmpty()) {
				return new CodeDecision(CodeDecision.Outcome.NONE, 0, 0);
			}
			requireSameSubject(codeId, tokenId);
			// a granted code and a counted wrong try are writes a failover must not forget
			List<?> result = write(USE_CODE, List.of(key(codeId), generationsKey(subject), key(tokenId)),
					"login code try", (answer) -> number(answer, 0) <= 1, hash, Integer.toString(maxTries),
					Integer.toString(maxUses), ttlMillis, tokenId);
			CodeDecision decision = codeDecision(result);
			if (decision != null) {
				return decision;
			}
		}
		throw codeReplaced();
	}

	/** The answer of {@link #USE_CODE}; {@code null} when the code named another token (try again). */
	static @Nullable CodeDecision codeDecision(List<?> result) {
		int status = number(result, 0);
		if (status == 6) {
			return null;
		}
		CodeDecision.Outcome outcome = switch (status) {
			case 0 -> CodeDecision.Outcome.GRANTED;
			case 1 -> CodeDecision.Outcome.WRONG;
			case 2 -> CodeDecision.Outcome.NONE;
			case 3 -> CodeDecision.Outcome.EXHAUSTED;
			case 4 -> CodeDecision.Outcome.USED_UP;
			default -> CodeDecision.Outcome.REVOKED;
		};
		return new CodeDecision(outcome, Math.max(0, number(result, 1)), number(result, 2));
	}

	static StoreUnavailableException codeReplaced() {
		return new StoreUnavailableException("the login code kept being replaced while it was tried");
	}

	static String requireSubject(String id) {
		String subject = Generation.subjectOf(id);
		if (subject == null) {
			throw new IllegalArgumentException("the id does not start with a subject tag");
		}
		return subject;
	}

	static void requireSameSubject(String codeId, String tokenId) {
		if (!requireSubject(codeId).equals(Generation.subjectOf(tokenId))) {
			throw new IllegalArgumentException("a login code and its token must belong to one subject");
		}
	}

	private List<String> keys(String tokenId, Generation generation) {
		return keys(this.keyPrefix, tokenId, generation);
	}

	/** The keys of a token with a generation: its own and its subject's generations (one slot). */
	static List<String> keys(String keyPrefix, String tokenId, Generation generation) {
		if (!generation.subject().equals(Generation.subjectOf(tokenId))) {
			throw new IllegalArgumentException("the id of a token with a generation starts with its subject tag");
		}
		return List.of(key(keyPrefix, tokenId), generationsKey(keyPrefix, generation.subject()));
	}

	/** The hash of a subject's generations, by purpose tag: {@code <prefix>{<subject tag>}g}. */
	public String generationsKey(String subject) {
		return generationsKey(this.keyPrefix, subject);
	}

	static String generationsKey(String keyPrefix, String subject) {
		return keyPrefix + "{" + subject + "}g";
	}

	/** The key of an event counter: {@code <prefix>{<key>}}. */
	static String countKey(String keyPrefix, String key) {
		return keyPrefix + "{" + key + "}";
	}

	/**
	 * Runs a script that writes and answers a list; with replica acknowledgements on, the
	 * answer counts only once enough replicas acknowledged it, unless {@code changed} says
	 * it changed nothing (a denial needs no acknowledgement).
	 */
	@SuppressWarnings("rawtypes")
	private List<?> write(RedisScript<List> script, List<String> keys, String what, Predicate<List<?>> changed,
			String... args) {
		if (this.replicaAcks == 0) {
			return run(() -> this.redis.execute(script, keys, (Object[]) args));
		}
		LettuceReplicaAcks.Acknowledged answer = acknowledged(script, true, keys, args);
		if (!(answer.result() instanceof List<?> result)) {
			throw new StoreUnavailableException("Redis returned an unexpected answer to a tempid script");
		}
		if (changed.test(result)) {
			requireAcknowledged(answer, what);
		}
		return result;
	}

	/** Runs a script that writes and answers a number; with replica acknowledgements on, only once acknowledged. */
	private long write(RedisScript<Long> script, List<String> keys, String what, String... args) {
		if (this.replicaAcks == 0) {
			return run(() -> this.redis.execute(script, keys, (Object[]) args));
		}
		LettuceReplicaAcks.Acknowledged answer = acknowledged(script, false, keys, args);
		if (!(answer.result() instanceof Number result)) {
			throw new StoreUnavailableException("Redis returned an unexpected answer to a tempid script");
		}
		requireAcknowledged(answer, what);
		return result.longValue();
	}

	private static boolean granted(List<?> answer) {
		// status 0: granted (anything else is a denial, which wrote nothing)
		return number(answer, 0) == 0;
	}

	private LettuceReplicaAcks.Acknowledged acknowledged(RedisScript<?> script, boolean list, List<String> keys,
			String... args) {
		int replicas = this.replicaAcks;
		Duration waitTimeout = this.replicaAckTimeout;
		return run(() -> this.redis.execute((RedisCallback<LettuceReplicaAcks.Acknowledged>) (connection) -> {
			if (!LettuceReplicaAcks.supports(connection)) {
				throw new StoreUnavailableException("Replica acknowledgements need a Lettuce connection");
			}
			return LettuceReplicaAcks.evalAndWait(connection, script, list, keys, args, replicas, waitTimeout,
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
		List<?> result = write(COUNT, List.of(countKey(this.keyPrefix, key)), "count",
				(answer) -> number(answer, 0) == 1, Integer.toString(limit), windowMillis);
		return new WindowCount(number(result, 0) == 1, number(result, 1), Duration.ofMillis(number(result, 2)));
	}

	static UseDecision decision(List<?> result) {
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

	/**
	 * The Redis key of a token: {@code <prefix>{<token id>}}, or, for an id that starts
	 * with a subject tag, {@code <prefix>{<subject tag>}<rest of the id>}: in the slot of
	 * the subject's generations.
	 */
	public String key(String tokenId) {
		return key(this.keyPrefix, tokenId);
	}

	/** {@link #key(String)} under a prefix: shared with {@link ReactiveRedisUseStore}. */
	static String key(String keyPrefix, String tokenId) {
		String subject = Generation.subjectOf(tokenId);
		if (subject != null) {
			return keyPrefix + "{" + subject + "}" + tokenId.substring(subject.length());
		}
		return keyPrefix + "{" + tokenId + "}";
	}

	private List<String> keys(String tokenId) {
		return List.of(key(tokenId));
	}

	private <T> T run(RedisCall<T> call) {
		try {
			T result = call.call();
			if (result == null) {
				throw new StoreUnavailableException("Redis returned no result for a tempid command");
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

	/** A use count as stored in the hash: absent is zero. */
	private static int count(@Nullable Object value) {
		if (value == null) {
			return 0;
		}
		try {
			return Integer.parseInt(value.toString());
		}
		catch (NumberFormatException ex) {
			throw new StoreUnavailableException("Redis holds an unexpected use count", null, ex);
		}
	}

	static int number(List<?> result, int index) {
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
