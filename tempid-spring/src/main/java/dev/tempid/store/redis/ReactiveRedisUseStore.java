package dev.tempid.store.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import dev.tempid.StoreUnavailableException;
import dev.tempid.store.CodeDecision;
import dev.tempid.store.Generation;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import dev.tempid.store.UseStore;
import dev.tempid.store.WindowCount;
import dev.tempid.store.reactive.ReactiveUseStore;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link ReactiveUseStore} on Redis through Spring Data Redis' reactive template: the
 * very Lua scripts of {@link RedisUseStore} (one atomic script, one round trip per
 * operation; a login code's try takes two, as the blocking store's does) on the same
 * keys, {@code <prefix>{<token id>}} and a subject's entries in its generations' slot,
 * so a reactive and a blocking application instance can count the same tokens, keep the
 * same subject generations and codes, and share issue-limit counters.
 *
 * <p>Every operation fails with {@link StoreUnavailableException} when Redis cannot be
 * reached, answers with an error, or does not answer within {@link #setTimeout the
 * timeout} (2 seconds by default, whatever the client's own settings): the subscription
 * is then cancelled, so a late answer is dropped rather than acted upon.
 *
 * <p>Nothing blocks the subscribing thread with a Lettuce connection factory that does
 * not share its native connection ({@code setShareNativeConnection(false)}): connections
 * are then acquired asynchronously. A factory that shares its native connection (Spring
 * Boot's default) connects it synchronously on first use and after an outage; with such
 * a factory each operation is subscribed on Reactor's bounded-elastic scheduler, so that
 * an event-loop thread never waits for Redis (at the cost of one thread hop).
 */
public final class ReactiveRedisUseStore implements ReactiveUseStore, DisposableBean {

	/** The default bound on each operation. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

	private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent("io.lettuce.core.ClientOptions",
			ReactiveRedisUseStore.class.getClassLoader());

	// the scripts of RedisUseStore, their SHA-1 computed once here: DefaultRedisScript
	// takes a lock on every getSha1() call, which would make subscribers wait for each other
	private static final RedisScript<?> CONSUME = precomputed(RedisUseStore.CONSUME);

	private static final RedisScript<?> RELEASE = precomputed(RedisUseStore.RELEASE);

	private static final RedisScript<?> REVOKE = precomputed(RedisUseStore.REVOKE);

	private static final RedisScript<?> RETIRE = precomputed(RedisUseStore.RETIRE);

	private static final RedisScript<?> CONSUME_GENERATION = precomputed(RedisUseStore.CONSUME_GENERATION);

	private static final RedisScript<?> RETIRE_GENERATION = precomputed(RedisUseStore.RETIRE_GENERATION);

	private static final RedisScript<?> USAGE_GENERATION = precomputed(RedisUseStore.USAGE_GENERATION);

	private static final RedisScript<?> GENERATION = precomputed(RedisUseStore.GENERATION);

	private static final RedisScript<?> ADVANCE = precomputed(RedisUseStore.ADVANCE);

	private static final RedisScript<?> PUT_CODE = precomputed(RedisUseStore.PUT_CODE);

	private static final RedisScript<?> USE_CODE = precomputed(RedisUseStore.USE_CODE);

	private static final RedisScript<?> CODE_TOKEN = precomputed(RedisUseStore.CODE_TOKEN);

	private static final RedisScript<?> COUNT = precomputed(RedisUseStore.COUNT);

	/** The hash fields {@link #usage} reads: uses taken, revoked. */
	private static final List<String> USAGE_FIELDS = List.of("u", "r");

	private final ReactiveStringRedisTemplate redis;

	private final String keyPrefix;

	private final boolean connectsBlocking;

	/** The connection this store made for itself and closes, if any. */
	private final @Nullable DisposableBean owned;

	private Duration timeout = DEFAULT_TIMEOUT;

	public ReactiveRedisUseStore(ReactiveStringRedisTemplate redis) {
		this(redis, RedisUseStore.DEFAULT_KEY_PREFIX);
	}

	public ReactiveRedisUseStore(ReactiveStringRedisTemplate redis, String keyPrefix) {
		this(redis, keyPrefix, null);
	}

	private ReactiveRedisUseStore(ReactiveStringRedisTemplate redis, String keyPrefix, @Nullable DisposableBean owned) {
		this.owned = owned;
		this.redis = Objects.requireNonNull(redis, "redis must not be null");
		this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix must not be null");
		ReactiveRedisConnectionFactory factory = redis.getConnectionFactory();
		this.connectsBlocking = !(factory instanceof LettuceConnectionFactory lettuce) || lettuce.getShareNativeConnection();
	}

	/**
	 * A store whose every operation is bounded by {@code timeout}, as
	 * {@link RedisUseStore#withBoundedWaits} builds the blocking one: on Lettuce, the store
	 * opens its own connection to the same Redis that rejects commands at once while
	 * disconnected (so a command whose caller already failed is never run later) and times
	 * out connecting and each command after {@code timeout}; the store closes it when
	 * destroyed. Another factory is used as it is. Either way each operation also fails
	 * after {@code timeout} ({@link #setTimeout}).
	 * @param connectionFactory the application's reactive Redis connection factory
	 * @param keyPrefix the key prefix
	 * @param timeout the longest an operation waits for Redis
	 */
	public static ReactiveRedisUseStore withBoundedWaits(ReactiveRedisConnectionFactory connectionFactory,
			String keyPrefix, Duration timeout) {
		return withBoundedWaits(connectionFactory, keyPrefix, timeout, RedisUseStore.ClusterRefresh.DEFAULT);
	}

	/**
	 * {@link #withBoundedWaits(ReactiveRedisConnectionFactory, String, Duration)} with the
	 * cluster topology refresh of the store's own connection (used only on a Redis Cluster).
	 * @param connectionFactory the application's reactive Redis connection factory
	 * @param keyPrefix the key prefix
	 * @param timeout the longest an operation waits for Redis
	 * @param refresh how the store's connection follows cluster topology changes
	 */
	public static ReactiveRedisUseStore withBoundedWaits(ReactiveRedisConnectionFactory connectionFactory,
			String keyPrefix, Duration timeout, RedisUseStore.ClusterRefresh refresh) {
		Objects.requireNonNull(connectionFactory, "connectionFactory must not be null");
		Objects.requireNonNull(refresh, "refresh must not be null");
		UseStore.ttlMillis(Objects.requireNonNull(timeout, "timeout must not be null"));
		ReactiveRedisUseStore store;
		if (LETTUCE_PRESENT && connectionFactory instanceof LettuceConnectionFactory lettuce) {
			LettuceConnectionFactory dedicated = LettuceBoundedWaits.dedicated(lettuce, timeout, refresh);
			dedicated.afterPropertiesSet();
			dedicated.start();
			LettuceBoundedWaits.connectNow(dedicated, true, timeout);
			store = new ReactiveRedisUseStore(new ReactiveStringRedisTemplate(dedicated), keyPrefix, dedicated);
		}
		else {
			store = new ReactiveRedisUseStore(new ReactiveStringRedisTemplate(connectionFactory), keyPrefix, null);
		}
		store.setTimeout(timeout);
		return store;
	}

	/** Closes the connection the store opened for itself, if any. */
	@Override
	public void destroy() throws Exception {
		if (this.owned != null) {
			this.owned.destroy();
		}
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

	@Override
	public Mono<UseDecision> consume(String tokenId, int maxUses, Duration ttl) {
		String ttlMillis = Long.toString(UseStore.ttlMillis(ttl));
		return run(CONSUME, tokenId, Integer.toString(maxUses), ttlMillis).map(RedisUseStore::decision);
	}

	@Override
	public Mono<Boolean> release(String tokenId) {
		return run(RELEASE, tokenId).map((result) -> RedisUseStore.number(result, 0) == 1);
	}

	@Override
	public Mono<Void> revoke(String tokenId, Duration ttl) {
		return run(REVOKE, tokenId, Long.toString(UseStore.ttlMillis(ttl))).then();
	}

	@Override
	public Mono<UseDecision> retire(String tokenId, int maxUses, Duration ttl) {
		String ttlMillis = Long.toString(UseStore.ttlMillis(ttl));
		return run(RETIRE, tokenId, Integer.toString(maxUses), ttlMillis).map(RedisUseStore::decision);
	}

	@Override
	public Mono<UseRecord> usage(String tokenId) {
		// one plain HMGET, as the blocking store reads (cookie sessions run it on every request)
		Mono<List<@Nullable String>> values = Mono.defer(() -> this.redis.<String, String>opsForHash()
			.multiGet(key(tokenId), USAGE_FIELDS));
		return guard(values).map((fields) -> {
			if (fields.size() != 2) {
				throw new StoreUnavailableException("Redis returned an unexpected answer to HMGET");
			}
			return new UseRecord(count(fields.get(0)), "1".equals(fields.get(1)));
		});
	}

	@Override
	public Mono<UseDecision> consume(String tokenId, int maxUses, Duration ttl, Generation generation) {
		String ttlMillis = Long.toString(UseStore.ttlMillis(ttl));
		List<String> keys = RedisUseStore.keys(this.keyPrefix, tokenId, generation);
		return run(CONSUME_GENERATION, keys, Integer.toString(maxUses), ttlMillis, generation.purpose(),
				Long.toString(generation.value())).map(RedisUseStore::decision);
	}

	@Override
	public Mono<UseDecision> retire(String tokenId, int maxUses, Duration ttl, Generation generation) {
		String ttlMillis = Long.toString(UseStore.ttlMillis(ttl));
		List<String> keys = RedisUseStore.keys(this.keyPrefix, tokenId, generation);
		return run(RETIRE_GENERATION, keys, Integer.toString(maxUses), ttlMillis, generation.purpose(),
				Long.toString(generation.value())).map(RedisUseStore::decision);
	}

	@Override
	public Mono<UseRecord> usage(String tokenId, Generation generation) {
		List<String> keys = RedisUseStore.keys(this.keyPrefix, tokenId, generation);
		return run(USAGE_GENERATION, keys, "0", "0", generation.purpose(), Long.toString(generation.value()))
			.map((result) -> new UseRecord(RedisUseStore.number(result, 0), RedisUseStore.number(result, 1) == 1));
	}

	@Override
	public Mono<Long> generation(String subject, String purpose, boolean advance, Duration ttl) {
		Generation.checkSubject(subject);
		Generation.checkPurpose(purpose);
		String ttlMillis = Long.toString(UseStore.ttlMillis(ttl));
		return run(GENERATION, List.of(RedisUseStore.generationsKey(this.keyPrefix, subject)), purpose,
				advance ? "1" : "0", ttlMillis)
			.map((result) -> (long) RedisUseStore.number(result, 0));
	}

	@Override
	public Mono<Void> advanceGenerations(String subject, @Nullable String purpose) {
		Generation.checkSubject(subject);
		String field = (purpose != null) ? Generation.checkPurpose(purpose) : "";
		return run(ADVANCE, List.of(RedisUseStore.generationsKey(this.keyPrefix, subject)), field).then();
	}

	@Override
	public Mono<Void> putCode(String codeId, String hash, String tokenId, Generation generation, Duration ttl) {
		RedisUseStore.requireSameSubject(codeId, tokenId);
		String ttlMillis = Long.toString(UseStore.ttlMillis(ttl));
		return run(PUT_CODE, List.of(key(codeId), key(tokenId)), hash, tokenId, generation.purpose(),
				Long.toString(generation.value()), ttlMillis).then();
	}

	/**
	 * As {@link RedisUseStore#useCode}: two round trips, the first reading which token the
	 * code is for (to name its key), the second the atomic script, which checks the code
	 * still names that token (tried again, at most three times, when it was replaced).
	 */
	@Override
	public Mono<CodeDecision> useCode(String codeId, String hash, int maxTries, int maxUses, Duration ttl) {
		String subject = RedisUseStore.requireSubject(codeId);
		String ttlMillis = Long.toString(UseStore.ttlMillis(ttl));
		Mono<Optional<CodeDecision>> attempt = run(CODE_TOKEN, List.of(key(codeId))).flatMap((answer) -> {
			String tokenId = (answer.isEmpty() || answer.get(0) == null) ? "" : answer.get(0).toString();
			if (tokenId.isEmpty()) {
				return Mono.just(Optional.of(new CodeDecision(CodeDecision.Outcome.NONE, 0, 0)));
			}
			RedisUseStore.requireSameSubject(codeId, tokenId);
			return run(USE_CODE,
					List.of(key(codeId), RedisUseStore.generationsKey(this.keyPrefix, subject), key(tokenId)), hash,
					Integer.toString(maxTries), Integer.toString(maxUses), ttlMillis, tokenId)
				.map((result) -> Optional.ofNullable(RedisUseStore.codeDecision(result)));
		});
		return attempt.repeat(2)
			.filter(Optional::isPresent)
			.next()
			.map(Optional::get)
			.switchIfEmpty(Mono.error(RedisUseStore::codeReplaced));
	}

	@Override
	public Mono<WindowCount> count(String key, int limit, Duration window) {
		Objects.requireNonNull(key, "key must not be null");
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1");
		}
		String windowMillis = Long.toString(UseStore.ttlMillis(window));
		return run(COUNT, List.of(RedisUseStore.countKey(this.keyPrefix, key)), Integer.toString(limit), windowMillis)
			.map((result) -> new WindowCount(RedisUseStore.number(result, 0) == 1, RedisUseStore.number(result, 1),
					Duration.ofMillis(RedisUseStore.number(result, 2))));
	}

	@Override
	public Mono<Void> ping() {
		return guard(Mono.defer(() -> this.redis.getConnectionFactory().getReactiveConnection().ping()).then());
	}

	/** The Redis key of a token, as {@link RedisUseStore#key} names it. */
	public String key(String tokenId) {
		return RedisUseStore.key(this.keyPrefix, tokenId);
	}

	/** Runs a script on a token's key; its answer as a list, whether Redis sent a number or an array. */
	private Mono<List<Object>> run(RedisScript<?> script, String tokenId, String... args) {
		return run(script, List.of(key(tokenId)), args);
	}

	/** Runs a script; its answer as a list, whether Redis sent a number, a string or an array. */
	private Mono<List<Object>> run(RedisScript<?> script, List<String> keys, String... args) {
		Mono<List<Object>> answer = Flux.defer(() -> this.redis.execute(script, keys, (Object[]) args))
			.<Object>map((element) -> element)
			.collectList()
			.map(ReactiveRedisUseStore::flatten);
		return guard(answer);
	}

	private <T> Mono<T> guard(Mono<T> operation) {
		Mono<T> subscribed = this.connectsBlocking ? operation.subscribeOn(Schedulers.boundedElastic()) : operation;
		return subscribed.timeout(this.timeout).onErrorMap((ex) -> !(ex instanceof StoreUnavailableException), (ex) -> {
			String why = (ex instanceof TimeoutException) ? "did not answer within " + this.timeout
					: "is unavailable: " + ex.getClass().getSimpleName();
			return new StoreUnavailableException("Redis " + why, null, ex);
		});
	}

	private static <T> RedisScript<T> precomputed(RedisScript<T> script) {
		return new Precomputed<>(script.getSha1(), script.getResultType(), script.getScriptAsString());
	}

	private static List<Object> flatten(List<Object> elements) {
		if (elements.size() == 1 && elements.get(0) instanceof List<?> nested) {
			return List.copyOf(nested);
		}
		return elements;
	}

	/** A use count as stored in the hash: absent is zero. */
	private static int count(@Nullable String value) {
		if (value == null) {
			return 0;
		}
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new StoreUnavailableException("Redis holds an unexpected use count", null, ex);
		}
	}

	@Override
	public String toString() {
		return "ReactiveRedisUseStore[keyPrefix=" + this.keyPrefix + "]";
	}

	private record Precomputed<T>(String getSha1, @Nullable Class<T> getResultType,
			String getScriptAsString) implements RedisScript<T> {

	}

}
