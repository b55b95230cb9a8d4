package dev.tempid.store.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

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
			JdbcUseStore store = new JdbcUseStore(down, "tempid_uses", Clock.systemUTC());
			long started = System.nanoTime();
			assertThatExceptionOfType(StoreUnavailableException.class)
				.isThrownBy(() -> store.consume("x", 1, Instant.now().plusSeconds(60)));
			assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(store::ping);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		}
	}

}
