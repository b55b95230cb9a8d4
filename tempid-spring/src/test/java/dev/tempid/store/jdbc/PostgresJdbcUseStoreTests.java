package dev.tempid.store.jdbc;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import dev.tempid.StoreUnavailableException;
import dev.tempid.testsupport.Servers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The store contract against the real PostgreSQL on 127.0.0.1:5432. */
class PostgresJdbcUseStoreTests extends JdbcUseStoreTestBase {

	@Override
	protected void requireServer() {
		Servers.POSTGRESQL.require();
	}

	@Override
	protected String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:5432/test";
	}

	@Override
	protected String username() {
		return "postgres";
	}

	@Test
	void consumeWhenDatabaseIsDownThenStoreUnavailableWithinTheTimeout() {
		try (HikariDataSource down = new HikariDataSource()) {
			down.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/test");
			down.setUsername("postgres");
			down.setConnectionTimeout(1000);
			down.setInitializationFailTimeout(-1);
			JdbcUseStore store = new JdbcUseStore(down, "tempid_uses");
			long started = System.nanoTime();
			assertThatExceptionOfType(StoreUnavailableException.class)
				.isThrownBy(() -> store.consume("x", 1, Duration.ofSeconds(60)));
			assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(store::ping);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		}
	}

	@Test
	void consumeWhenDatabaseStallsMidConnectionThenStoreUnavailableWithinTheStoreTimeout() throws Exception {
		// the proxy closes first, so that the pool's shutdown does not wait on stalled connections
		try (HikariDataSource stalling = new HikariDataSource(); StallingProxy proxy = new StallingProxy(5432)) {
			// a pool without socket or statement timeouts of its own: the store's must bound the call
			stalling.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test");
			stalling.setUsername("postgres");
			stalling.setMaximumPoolSize(1);
			JdbcUseStore store = new JdbcUseStore(stalling, this.table);
			store.setTimeout(Duration.ofSeconds(2));
			String id = newId();
			assertThat(store.consume(id, 1, Duration.ofMinutes(5)).granted()).isTrue();
			proxy.stall();
			long started = System.nanoTime();
			assertThatExceptionOfType(StoreUnavailableException.class)
				.isThrownBy(() -> store.consume(id, 1, Duration.ofMinutes(5)));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(3500));
			assertThat(createStore().usage(id).used()).isEqualTo(1);
		}
	}

}
