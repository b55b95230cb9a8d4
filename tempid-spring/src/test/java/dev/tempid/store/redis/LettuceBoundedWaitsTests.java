package dev.tempid.store.redis;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions.RefreshTrigger;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's own Lettuce connection on a Redis Cluster: bounded waits and topology refresh. */
class LettuceBoundedWaitsTests {

	@Test
	void dedicatedWhenTheApplicationUsesAClusterWithoutRefreshThenTheStoreRefreshesPeriodicallyAndAdaptively() {
		// the application's factory as Spring Boot builds it without spring.data.redis.lettuce.cluster.refresh.*
		LettuceConnectionFactory shared = new LettuceConnectionFactory(
				new RedisClusterConfiguration(List.of("127.0.0.1:7000", "127.0.0.1:7001")),
				LettuceClientConfiguration.builder().clientOptions(ClusterClientOptions.builder().build()).build());
		LettuceConnectionFactory dedicated = LettuceBoundedWaits.dedicated(shared, Duration.ofSeconds(2),
				RedisUseStore.ClusterRefresh.DEFAULT);
		ClusterClientOptions options = (ClusterClientOptions) dedicated.getClientConfiguration()
			.getClientOptions()
			.orElseThrow();
		assertThat(options.getDisconnectedBehavior()).isEqualTo(DisconnectedBehavior.REJECT_COMMANDS);
		ClusterTopologyRefreshOptions refresh = options.getTopologyRefreshOptions();
		assertThat(refresh.isPeriodicRefreshEnabled()).isTrue();
		assertThat(refresh.getRefreshPeriod()).isEqualTo(RedisUseStore.DEFAULT_TOPOLOGY_REFRESH_PERIOD);
		assertThat(refresh.getAdaptiveRefreshTriggers()).contains(RefreshTrigger.MOVED_REDIRECT,
				RefreshTrigger.PERSISTENT_RECONNECTS, RefreshTrigger.UNCOVERED_SLOT);
		assertThat(refresh.getAdaptiveRefreshTimeout()).isEqualTo(RedisUseStore.DEFAULT_TOPOLOGY_REFRESH_PERIOD);
		assertThat(dedicated.getClientConfiguration().getCommandTimeout()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void dedicatedWhenRefreshIsTurnedOffThenNeitherPeriodicNorAdaptive() {
		LettuceConnectionFactory shared = new LettuceConnectionFactory(
				new RedisClusterConfiguration(List.of("127.0.0.1:7000")));
		LettuceConnectionFactory dedicated = LettuceBoundedWaits.dedicated(shared, Duration.ofSeconds(2),
				new RedisUseStore.ClusterRefresh(Duration.ZERO, false));
		ClusterTopologyRefreshOptions refresh = ((ClusterClientOptions) dedicated.getClientConfiguration()
			.getClientOptions()
			.orElseThrow()).getTopologyRefreshOptions();
		assertThat(refresh.isPeriodicRefreshEnabled()).isFalse();
		assertThat(refresh.getAdaptiveRefreshTriggers()).isEmpty();
	}

}
