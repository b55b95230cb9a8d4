package dev.tempid.store.redis;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.tempid.StoreUnavailableException;
import dev.tempid.store.Consumption;
import dev.tempid.store.UseState;
import dev.tempid.store.UseStore;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A {@link UseStore} on Redis. Each operation is one Lua script, run atomically by Redis
 * in one round trip ({@code EVALSHA}, falling back to {@code EVAL} once when the script
 * cache is empty). Each token is one hash at {@code <prefix>{<token id>}} (the braces
 * keep it in one Redis Cluster slot) with fields {@code u} (uses taken) and {@code r}
 * (revoked), expiring with its token ({@code PEXPIREAT}).
 *
 * <p>Counts are as durable as Redis: they survive a Redis restart only with AOF
 * persistence. When Redis cannot be reached or does not answer within the client's
 * timeout, every operation throws {@link StoreUnavailableException}; the client
 * reconnects by itself once Redis is back.
 */
public final class RedisUseStore implements UseStore {

	/** Default key prefix. */
	public static final String DEFAULT_KEY_PREFIX = "tempid:";

	/** The Lua source of {@link #consume}: KEYS[1] the token key, ARGV max uses and expiry (epoch ms). */
	public static final String CONSUME_SCRIPT = """
			local v = redis.call('HMGET', KEYS[1], 'u', 'r')
			local used = tonumber(v[1]) or 0
			if v[2] == '1' then return {2, used} end
			local max = tonumber(ARGV[1])
			if max > 0 and used >= max then return {1, used} end
			used = redis.call('HINCRBY', KEYS[1], 'u', 1)
			redis.call('PEXPIREAT', KEYS[1], ARGV[2])
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
			redis.call('PEXPIREAT', KEYS[1], ARGV[1])
			return 1
			""", Long.class);

	@SuppressWarnings("rawtypes")
	static final RedisScript<List> USAGE = RedisScript.of("""
			local v = redis.call('HMGET', KEYS[1], 'u', 'r')
			return {tonumber(v[1]) or 0, (v[2] == '1') and 1 or 0}
			""", List.class);

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	public RedisUseStore(StringRedisTemplate redis) {
		this(redis, DEFAULT_KEY_PREFIX);
	}

	public RedisUseStore(StringRedisTemplate redis, String keyPrefix) {
		this.redis = Objects.requireNonNull(redis, "redis must not be null");
		this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix must not be null");
	}

	@Override
	public Consumption consume(String tokenId, int maxUses, Instant expiresAt) {
		List<?> result = run(() -> this.redis.execute(CONSUME, keys(tokenId), Integer.toString(maxUses),
				Long.toString(expiresAt.toEpochMilli())));
		int status = number(result, 0);
		int used = number(result, 1);
		return switch (status) {
			case 0 -> Consumption.granted(used);
			case 1 -> Consumption.usedUp(used);
			default -> Consumption.revoked();
		};
	}

	@Override
	public boolean release(String tokenId, Instant expiresAt) {
		Long released = run(() -> this.redis.execute(RELEASE, keys(tokenId)));
		return released != null && released == 1L;
	}

	@Override
	public void revoke(String tokenId, Instant expiresAt) {
		run(() -> this.redis.execute(REVOKE, keys(tokenId), Long.toString(expiresAt.toEpochMilli())));
	}

	@Override
	public UseState usage(String tokenId) {
		List<?> result = run(() -> this.redis.execute(USAGE, keys(tokenId)));
		return new UseState(number(result, 0), number(result, 1) == 1);
	}

	@Override
	public void ping() {
		run(() -> this.redis.execute((org.springframework.data.redis.core.RedisCallback<String>) (c) -> c.ping()));
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

	@FunctionalInterface
	private interface RedisCall<T> {

		T call();

	}

}
