package dev.tempid.store.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.tempid.StoreUnavailableException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.protocol.ConnectionIntent;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Runs a store script followed by {@code WAIT numreplicas timeout} on the same Lettuce
 * connection, pipelined (both are sent before either answer is read: one round trip).
 * {@code WAIT} cannot run inside a script, and it counts the replicas that acknowledged
 * every write sent on its connection before it, so both go to the master owning the key:
 * on a Redis Cluster, that master's own connection. Only loaded when Lettuce is present.
 */
final class LettuceReplicaAcks {

	private LettuceReplicaAcks() {
	}

	/**
	 * What the script answered and how many replicas acknowledged it.
	 * @param result the script's answer
	 * @param acknowledged the replicas that acknowledged the write within the wait timeout
	 */
	record Acknowledged(Object result, long acknowledged) {
	}

	/**
	 * Whether {@code connection} is a Lettuce connection this class can run on.
	 */
	static boolean supports(RedisConnection connection) {
		return connection.getNativeConnection() instanceof RedisClusterAsyncCommands<?, ?>;
	}

	@SuppressWarnings("unchecked")
	static Acknowledged evalAndWait(RedisConnection connection, RedisScript<?> script, boolean list,
			List<String> keyNames, String[] args, int replicas, Duration waitTimeout, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		ScriptOutputType type = list ? ScriptOutputType.MULTI : ScriptOutputType.INTEGER;
		byte[][] keys = new byte[keyNames.size()][];
		for (int i = 0; i < keys.length; i++) {
			keys[i] = keyNames.get(i).getBytes(StandardCharsets.UTF_8);
		}
		byte[][] argBytes = new byte[args.length][];
		for (int i = 0; i < args.length; i++) {
			argBytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
		}
		// the keys of one script share a slot (hash tags): the first one names the master
		RedisClusterAsyncCommands<byte[], byte[]> commands = commands(
				(RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection(), keys[0]);
		RedisFuture<Object> result = commands.evalsha(script.getSha1(), type, keys, argBytes);
		RedisFuture<Long> wait = commands.waitForReplication(replicas, Math.max(1, waitTimeout.toMillis()));
		Object answer;
		try {
			answer = await(result, deadline);
		}
		catch (RedisNoScriptException ex) {
			// the script cache was empty (a new or restarted master): load it with EVAL, waiting again
			await(wait, deadline);
			result = commands.eval(script.getScriptAsString().getBytes(StandardCharsets.UTF_8), type, keys, argBytes);
			wait = commands.waitForReplication(replicas, Math.max(1, waitTimeout.toMillis()));
			answer = await(result, deadline);
		}
		Long acknowledged = await(wait, deadline);
		return new Acknowledged(answer, (acknowledged != null) ? acknowledged : 0);
	}

	/**
	 * The commands of the connection that writes {@code key}: the connection itself, or on a
	 * Redis Cluster the connection to the master that owns the key's slot.
	 */
	private static RedisClusterAsyncCommands<byte[], byte[]> commands(RedisClusterAsyncCommands<byte[], byte[]> commands,
			byte[] key) {
		if (!(commands instanceof RedisAdvancedClusterAsyncCommands<byte[], byte[]> cluster)) {
			return commands;
		}
		StatefulRedisClusterConnection<byte[], byte[]> stateful = cluster.getStatefulConnection();
		RedisClusterNode master = stateful.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
		if (master == null) {
			throw new StoreUnavailableException("No Redis Cluster master is known for the slot of a tempid key");
		}
		RedisURI uri = master.getUri();
		try {
			StatefulRedisConnection<byte[], byte[]> node = stateful.getConnection(uri.getHost(), uri.getPort(),
					ConnectionIntent.WRITE);
			return node.async();
		}
		catch (RedisException ex) {
			throw new StoreUnavailableException("Redis is unavailable: " + ex.getClass().getSimpleName(), null, ex);
		}
	}

	private static <T> T await(RedisFuture<T> future, long deadline) {
		long left = deadline - System.nanoTime();
		try {
			return future.get(Math.max(0, left), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StoreUnavailableException("Interrupted while waiting for Redis", null, ex);
		}
		catch (TimeoutException ex) {
			future.cancel(false);
			throw new StoreUnavailableException("Redis did not answer within the tempid store timeout", null, ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RedisNoScriptException noScript) {
				throw noScript;
			}
			throw new StoreUnavailableException("Redis is unavailable: " + ex.getCause().getClass().getSimpleName(),
					null, ex.getCause());
		}
	}

}
