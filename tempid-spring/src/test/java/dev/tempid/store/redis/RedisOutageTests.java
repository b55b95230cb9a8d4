package dev.tempid.store.redis;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.tempid.StoreUnavailableException;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * A Redis that goes away and comes back, for real: the test runs its own
 * {@code redis-server} on a free port (the shared one on 6379 is never stopped), stops it
 * under a live store and starts it again on the same port. The application's connection
 * factory has Lettuce's defaults (no timeout configured): the store must still refuse
 * every call within its own timeout while Redis is gone, leave nothing queued to run when
 * it returns, and work again once it is back, without being rebuilt. A Redis of
 * its own also lets a test count the commands the store sends exactly.
 */
class RedisOutageTests {

	private static final String REDIS_SERVER = "/usr/bin/redis-server";

	@TempDir
	Path directory;

	private int port;

	private Process server;

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private LettuceConnectionFactory factory;

	private RedisUseStore store;

	@BeforeEach
	void startOwnRedis() throws Exception {
		if (!new File(REDIS_SERVER).canExecute()) {
			String message = REDIS_SERVER + " is not installed; the outage test starts its own Redis with it "
					+ "(Debian package redis-server)";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				fail(message);
			}
			Assumptions.abort(message);
		}
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
		this.server = startServer();
		// the application's factory as Spring Boot builds it without spring.data.redis.timeout:
		// Lettuce's defaults, a 60 s command timeout and commands queued while disconnected
		this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", this.port));
		this.factory.afterPropertiesSet();
		this.factory.start();
	}

	@AfterEach
	void stopOwnRedis() throws Exception {
		if (this.store != null) {
			this.store.destroy();
		}
		if (this.factory != null) {
			this.factory.destroy();
		}
		stopServer();
	}

	@Test
	void consumeWhenRedisGoesAwayThenFailsClosedWithinTheTimeoutAndWhenItComesBackThenWorksAgain() throws Exception {
		this.store = RedisUseStore.withBoundedWaits(this.factory, "outage:", TIMEOUT);
		RedisUseStore store = this.store;
		Duration ttl = Duration.ofSeconds(300);
		assertThat(store.consume("before", 1, ttl).outcome()).isEqualTo(UseDecision.Outcome.GRANTED);
		assertThat(store.consume("before", 1, ttl).outcome()).isEqualTo(UseDecision.Outcome.USED_UP);

		stopServer();
		for (int i = 0; i < 5; i++) {
			String id = "during-" + i;
			long started = System.nanoTime();
			assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> store.consume(id, 1, ttl))
				.withMessageNotContaining(id);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as("refusal %d", i)
				.isLessThan(TIMEOUT.plusMillis(750));
		}
		long started = System.nanoTime();
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> store.usage("before"));
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> store.revoke("during-r", ttl));
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(store::ping);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.multipliedBy(3).plusMillis(750));

		this.server = startServer();
		// the same store object: Lettuce reconnects by itself, and the script, gone with the
		// old server's cache, is loaded again
		UseDecision after = awaitConsume(store, "after", ttl);
		assertThat(after.outcome()).isEqualTo(UseDecision.Outcome.GRANTED);
		assertThat(store.consume("after", 1, ttl).outcome()).isEqualTo(UseDecision.Outcome.USED_UP);
		store.ping();
		// nothing refused during the outage was queued and run once Redis came back
		Thread.sleep(500);
		StringRedisTemplate direct = new StringRedisTemplate(this.factory);
		for (int i = 0; i < 5; i++) {
			assertThat(store.usage("during-" + i)).isEqualTo(UseRecord.UNSEEN);
		}
		assertThat(direct.hasKey(store.key("during-r"))).isFalse();
		// this Redis keeps nothing on disk: the count taken before the outage is gone, as
		// docs/stores.md warns for a Redis without persistence
		assertThat(store.consume("before", 1, ttl).outcome()).isEqualTo(UseDecision.Outcome.GRANTED);
	}

	@Test
	void withBoundedWaitsWhenDestroyedThenClosesOnlyItsOwnConnection() throws Exception {
		RedisUseStore store = RedisUseStore.withBoundedWaits(this.factory, "own:", TIMEOUT);
		assertThat(store.consume("x", 1, Duration.ofSeconds(30)).granted()).isTrue();
		store.destroy();
		assertThat(new StringRedisTemplate(this.factory).hasKey(store.key("x"))).isTrue();
	}

	@Test
	void usageWhenReadThenOneHmgetAndNoScript() {
		StringRedisTemplate redis = new StringRedisTemplate(this.factory);
		RedisUseStore store = new RedisUseStore(redis, "count:");
		Duration ttl = Duration.ofSeconds(300);
		store.consume("used", 5, ttl);
		store.consume("used", 5, ttl);
		store.revoke("revoked", ttl);
		redis.execute((RedisCallback<Void>) (connection) -> {
			connection.serverCommands().resetConfigStats();
			return null;
		});
		assertThat(store.usage("used")).isEqualTo(new UseRecord(2, false));
		assertThat(store.usage("revoked")).isEqualTo(new UseRecord(0, true));
		assertThat(store.usage("never-seen")).isEqualTo(new UseRecord(0, false));
		Properties stats = redis.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands()
			.info("commandstats"));
		assertThat(stats).isNotNull();
		// a verify with revocation checks on reads the usage: one plain HMGET each, no Lua script
		assertThat(stats.stringPropertyNames())
			.filteredOn((name) -> !name.startsWith("cmdstat_config") && !name.startsWith("cmdstat_info"))
			.containsExactly("cmdstat_hmget");
		assertThat(stats.getProperty("cmdstat_hmget")).startsWith("calls=3,");
	}

	@Test
	void usageWhenTheCountIsNotANumberThenStoreUnavailable() {
		StringRedisTemplate redis = new StringRedisTemplate(this.factory);
		RedisUseStore store = new RedisUseStore(redis, "count:");
		redis.opsForHash().put(store.key("garbled"), "u", "many");
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> store.usage("garbled"));
	}

	private static UseDecision awaitConsume(RedisUseStore store, String id, Duration expiresAt)
			throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
		while (true) {
			try {
				return store.consume(id, 1, expiresAt);
			}
			catch (StoreUnavailableException ex) {
				if (System.nanoTime() > deadline) {
					throw new AssertionError("the store did not recover within 45 s of Redis coming back (Lettuce backs off up to 30 s)", ex);
				}
				Thread.sleep(200);
			}
		}
	}

	private Process startServer() throws IOException, InterruptedException {
		Path log = this.directory.resolve("redis.log");
		Process process = new ProcessBuilder(List.of(REDIS_SERVER, "--port", Integer.toString(this.port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.directory.toString()))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!answers()) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				process.destroyForcibly();
				fail("redis-server did not start on port " + this.port + ": " + Files.readString(log));
			}
			Thread.sleep(50);
		}
		return process;
	}

	private void stopServer() throws InterruptedException {
		if (this.server != null && this.server.isAlive()) {
			this.server.destroy();
			if (!this.server.waitFor(10, TimeUnit.SECONDS)) {
				this.server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	private boolean answers() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
