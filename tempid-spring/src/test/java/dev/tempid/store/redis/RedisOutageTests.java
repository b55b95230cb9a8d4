package dev.tempid.store.redis;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.tempid.StoreUnavailableException;
import dev.tempid.store.Consumption;
import dev.tempid.store.UseState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;

/**
 * A Redis that goes away and comes back, for real: the test runs its own
 * {@code redis-server} on a free port (the shared one on 6379 is never stopped), stops it
 * under a live store and starts it again on the same port. The store must fail closed
 * while Redis is gone, and work again once it is back, without being rebuilt. A Redis of
 * its own also lets a test count the commands the store sends exactly.
 */
class RedisOutageTests {

	private static final String REDIS_SERVER = "/usr/bin/redis-server";

	@TempDir
	Path directory;

	private int port;

	private Process server;

	private LettuceConnectionFactory factory;

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
		this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", this.port),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		this.factory.afterPropertiesSet();
		this.factory.start();
	}

	@AfterEach
	void stopOwnRedis() throws Exception {
		if (this.factory != null) {
			this.factory.destroy();
		}
		stopServer();
	}

	@Test
	void consumeWhenRedisGoesAwayThenFailsClosedAndWhenItComesBackThenWorksAgain() throws Exception {
		RedisUseStore store = new RedisUseStore(new StringRedisTemplate(this.factory), "outage:");
		Instant expiresAt = Instant.now().plusSeconds(300);
		assertThat(store.consume("before", 1, expiresAt).outcome()).isEqualTo(Consumption.Outcome.GRANTED);
		assertThat(store.consume("before", 1, expiresAt).outcome()).isEqualTo(Consumption.Outcome.USED_UP);

		stopServer();
		long started = System.nanoTime();
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> store.consume("during", 1, expiresAt))
			.withMessageNotContaining("during");
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> store.usage("before"));
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(store::ping);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));

		this.server = startServer();
		// the same store object, the same connection factory: Lettuce reconnects by itself,
		// and the script, gone with the old server's cache, is loaded again
		Consumption after = awaitConsume(store, "after", expiresAt);
		assertThat(after.outcome()).isEqualTo(Consumption.Outcome.GRANTED);
		assertThat(store.consume("after", 1, expiresAt).outcome()).isEqualTo(Consumption.Outcome.USED_UP);
		store.ping();
		// this Redis keeps nothing on disk: the count taken before the outage is gone, as
		// docs/stores.md warns for a Redis without persistence
		assertThat(store.consume("before", 1, expiresAt).outcome()).isEqualTo(Consumption.Outcome.GRANTED);
	}

	@Test
	void usageWhenReadThenOneHmgetAndNoScript() {
		StringRedisTemplate redis = new StringRedisTemplate(this.factory);
		RedisUseStore store = new RedisUseStore(redis, "count:");
		Instant expiresAt = Instant.now().plusSeconds(300);
		store.consume("used", 5, expiresAt);
		store.consume("used", 5, expiresAt);
		store.revoke("revoked", expiresAt);
		redis.execute((RedisCallback<Void>) (connection) -> {
			connection.serverCommands().resetConfigStats();
			return null;
		});
		assertThat(store.usage("used")).isEqualTo(new UseState(2, false));
		assertThat(store.usage("revoked")).isEqualTo(new UseState(0, true));
		assertThat(store.usage("never-seen")).isEqualTo(new UseState(0, false));
		Properties stats = redis.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands()
			.info("commandstats"));
		assertThat(stats).isNotNull();
		// cookie sessions read the usage on every request: one plain HMGET each, no Lua script
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

	private static Consumption awaitConsume(RedisUseStore store, String id, Instant expiresAt)
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
