package dev.tempid.store.redis;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.ReactiveRedisConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration.LettuceClientConfigurationBuilder;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration.LettuceSslClientConfigurationBuilder;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Lettuce settings that bound every call of the Redis store: commands are rejected at
 * once while the connection is down (Lettuce's default queues them and runs them once
 * Redis is back, on behalf of callers that have already given up), and connecting and
 * each command time out after the store's timeout. On a Redis Cluster, the topology is
 * refreshed periodically and on adaptive triggers (redirects, reconnects, uncovered slots),
 * so the connection follows a failover within seconds rather than keeping sending to a
 * master that was replaced. Only loaded when Lettuce is present.
 */
final class LettuceBoundedWaits {

	private static final Log logger = LogFactory.getLog(LettuceBoundedWaits.class);

	private LettuceBoundedWaits() {
	}

	/**
	 * A new connection factory to the same Redis as {@code shared} (standalone, sentinel
	 * or cluster, with its SSL, credentials, client resources and cluster options), with
	 * bounded waits. Not yet started.
	 */
	static LettuceConnectionFactory dedicated(LettuceConnectionFactory shared, Duration timeout,
			RedisUseStore.ClusterRefresh refresh) {
		LettuceClientConfiguration base = shared.getClientConfiguration();
		LettuceClientConfigurationBuilder builder = LettuceClientConfiguration.builder();
		if (base.isUseSsl()) {
			LettuceSslClientConfigurationBuilder ssl = builder.useSsl();
			ssl.verifyPeer(base.getVerifyMode());
			if (base.isStartTls()) {
				ssl.startTls();
			}
			builder = ssl.and();
		}
		base.getClientResources().ifPresent(builder::clientResources);
		base.getClientName().ifPresent(builder::clientName);
		base.getReadFrom().ifPresent(builder::readFrom);
		base.getRedisCredentialsProviderFactory().ifPresent(builder::redisCredentialsProviderFactory);
		builder.clientOptions(bounded(base.getClientOptions().orElse(null), shared.isClusterAware(), timeout, refresh))
			.commandTimeout(timeout)
			.shutdownTimeout(base.getShutdownTimeout())
			.shutdownQuietPeriod(base.getShutdownQuietPeriod());
		RedisConfiguration configuration = shared.isClusterAware() ? shared.getClusterConfiguration()
				: shared.isRedisSentinelAware() ? shared.getSentinelConfiguration() : shared.getStandaloneConfiguration();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration, builder.build());
		factory.setShareNativeConnection(true);
		factory.setValidateConnection(false);
		return factory;
	}

	/**
	 * Opens the store's own connection now, at start-up, instead of inside the first call:
	 * the first connect of a JVM (the handshake, and the classes it loads) can take longer
	 * than the store timeout on a busy machine, and would fail the first login after a
	 * deploy. Bounded by the connection's own timeouts; when Redis does not answer, the
	 * application starts all the same (logged), and the store connects at its first call,
	 * failing closed until Redis answers.
	 * @param factory the store's own connection factory, started
	 * @param reactive whether the store uses the factory's reactive connection
	 * @param timeout the longest wait for the answer of the reactive connection
	 */
	static void connectNow(LettuceConnectionFactory factory, boolean reactive, Duration timeout) {
		try {
			if (reactive) {
				ReactiveRedisConnection connection = factory.getReactiveConnection();
				try {
					connection.ping().block(timeout);
				}
				finally {
					connection.close();
				}
			}
			else {
				try (RedisConnection connection = factory.getConnection()) {
					connection.ping();
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Redis did not answer the tempid use store at start-up (" + ex.getClass().getSimpleName()
					+ "); the store connects at its first call and fails closed until Redis answers");
		}
	}

	static ClientOptions bounded(@Nullable ClientOptions options, boolean cluster, Duration timeout,
			RedisUseStore.ClusterRefresh refresh) {
		ClientOptions base = (options != null) ? options
				: cluster ? ClusterClientOptions.builder().build() : ClientOptions.builder().build();
		SocketOptions socket = base.getSocketOptions();
		Duration connectTimeout = (socket.getConnectTimeout().compareTo(timeout) > 0) ? timeout
				: socket.getConnectTimeout();
		SocketOptions boundedSocket = socket.mutate().connectTimeout(connectTimeout).build();
		if (base instanceof ClusterClientOptions clusterOptions) {
			return clusterOptions.mutate()
				.disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
				.socketOptions(boundedSocket)
				.topologyRefreshOptions(topologyRefresh(refresh))
				.build();
		}
		return base.mutate().disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS).socketOptions(boundedSocket).build();
	}

	/**
	 * Tempid's topology refresh (whatever the application's own connection uses): periodic
	 * refresh and adaptive triggers: a refresh at most {@code refresh.period()} after any change, and
	 * at once (at most once per period) on a redirect, a persistent reconnect or an
	 * uncovered slot.
	 */
	static ClusterTopologyRefreshOptions topologyRefresh(RedisUseStore.ClusterRefresh refresh) {
		ClusterTopologyRefreshOptions.Builder builder = ClusterTopologyRefreshOptions.builder();
		if (refresh.period().isZero()) {
			builder.enablePeriodicRefresh(false);
		}
		else {
			builder.enablePeriodicRefresh(refresh.period());
		}
		if (refresh.adaptive()) {
			builder.enableAllAdaptiveRefreshTriggers()
				.adaptiveRefreshTriggersTimeout(refresh.period().isZero() ? Duration.ofSeconds(1) : refresh.period())
				.refreshTriggersReconnectAttempts(2);
		}
		else {
			builder.disableAllAdaptiveRefreshTriggers();
		}
		return builder.dynamicRefreshSources(true).closeStaleConnections(true).build();
	}

	/**
	 * What in a factory's settings lets a store call wait longer than {@code timeout} or
	 * run after its caller gave up, or {@code null} when nothing does.
	 */
	static @Nullable String problem(LettuceConnectionFactory factory, Duration timeout) {
		LettuceClientConfiguration configuration = factory.getClientConfiguration();
		ClientOptions options = configuration.getClientOptions().orElse(null);
		if (options == null || options.getDisconnectedBehavior() != DisconnectedBehavior.REJECT_COMMANDS) {
			return "Lettuce queues commands while Redis is unreachable and runs them when it is back, after their "
					+ "callers were answered (disconnected behavior is not REJECT_COMMANDS)";
		}
		if (configuration.getCommandTimeout().compareTo(timeout) > 0) {
			return "the command timeout (" + configuration.getCommandTimeout() + ") is longer than the store timeout ("
					+ timeout + ")";
		}
		return null;
	}

}
