package dev.tempid.store.jdbc;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tempid.StoreUnavailableException;
import dev.tempid.store.UseStore;
import dev.tempid.store.UseStoreContractTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The store contract on one database: a matrix of subclasses that differ only in their
 * data source. Each test class gets its own table, created by the bundled schema script
 * under a custom name and dropped afterwards.
 */
abstract class JdbcUseStoreTestBase extends UseStoreContractTests {

	protected final String table = "tempid_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private final List<HikariDataSource> dataSources = new ArrayList<>();

	private DataSource dataSource;

	/** Checks the server is there (or aborts / fails as {@code Servers} says). */
	protected abstract void requireServer();

	protected abstract String jdbcUrl();

	protected String username() {
		return null;
	}

	protected int poolSize() {
		return 16;
	}

	protected DataSource newDataSource() {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(jdbcUrl());
		if (username() != null) {
			dataSource.setUsername(username());
		}
		dataSource.setMaximumPoolSize(poolSize());
		dataSource.setConnectionTimeout(30_000);
		this.dataSources.add(dataSource);
		return dataSource;
	}

	@BeforeEach
	void createTable() {
		requireServer();
		this.dataSource = newDataSource();
		String platform = jdbcUrl().split(":")[1];
		new ResourceDatabasePopulator(JdbcUseStoreSchema.create(platform, this.table)).execute(this.dataSource);
	}

	@AfterEach
	void dropTable() {
		if (this.dataSource != null) {
			new JdbcTemplate(this.dataSource).execute("DROP TABLE IF EXISTS " + this.table);
		}
		this.dataSources.forEach(HikariDataSource::close);
	}

	@Override
	protected UseStore createStore() {
		return store(this.dataSource);
	}

	@Override
	protected UseStore createSecondStore() {
		return store(newDataSource());
	}

	private JdbcUseStore store(DataSource dataSource) {
		JdbcUseStore store = new JdbcUseStore(dataSource, this.table);
		store.setCleanupCron(JdbcUseStore.CLEANUP_DISABLED);
		store.afterPropertiesSet();
		return store;
	}

	@Test
	void consumeWhenCallersTransactionRollsBackThenTheUseIsGivenBack() {
		JdbcUseStore store = store(this.dataSource);
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		String id = newId();
		transaction.executeWithoutResult((status) -> {
			assertThat(store.consume(id, 1, inMinutes(5)).granted()).isTrue();
			status.setRollbackOnly();
		});
		assertThat(store.usage(id).used()).isZero();
		transaction.executeWithoutResult((status) -> assertThat(store.consume(id, 1, inMinutes(5)).granted()).isTrue());
		assertThat(store.consume(id, 1, inMinutes(5)).granted()).isFalse();
	}

	@Test
	void consumeWhenEveryPooledConnectionIsBusyThenStoreUnavailableWithinTheStoreTimeoutAndNothingSpentLater()
			throws Exception {
		// one connection, and the pool's own wait left at 30 s: the store's timeout must bound the wait
		HikariDataSource pool = (HikariDataSource) newDataSource();
		pool.setMaximumPoolSize(1);
		JdbcUseStore store = store(pool);
		store.setTimeout(Duration.ofMillis(500));
		String id = newId();
		assertThat(store.consume(id, 2, inMinutes(5)).granted()).isTrue();
		try (Connection busy = pool.getConnection()) {
			long started = System.nanoTime();
			assertThatExceptionOfType(StoreUnavailableException.class)
				.isThrownBy(() -> store.consume(id, 2, inMinutes(5)));
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
			assertThat(busy.isValid(1)).isTrue();
		}
		// the refused call did not wait in line to spend a use once the connection came back
		Thread.sleep(100);
		assertThat(store.usage(id).used()).isEqualTo(1);
		assertThat(store.consume(id, 2, inMinutes(5)).used()).isEqualTo(2);
	}

	@Test
	void consumeInsideTransactionWhenThePoolIsExhaustedThenUsesTheTransactionsConnection() {
		HikariDataSource pool = (HikariDataSource) newDataSource();
		pool.setMaximumPoolSize(1);
		JdbcUseStore store = store(pool);
		store.setTimeout(Duration.ofMillis(500));
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(pool));
		String id = newId();
		// the transaction holds the pool's only connection: the store must join it, not wait for another
		transaction.executeWithoutResult((status) -> {
			assertThat(store.consume(id, 2, inMinutes(5)).granted()).isTrue();
			assertThat(store.usage(id).used()).isEqualTo(1);
		});
		assertThat(store.usage(id).used()).isEqualTo(1);
	}

	@Override
	protected void cleanUp(UseStore store) {
		((JdbcUseStore) store).cleanUpExpired();
	}

	@Test
	void cleanUpExpiredWhenRowsExpiredOnTheDatabasesClockThenDeletesOnlyThose() throws Exception {
		JdbcUseStore store = store(this.dataSource);
		store.consume("old", 1, Duration.ofMillis(1));
		store.consume("live", 1, inMinutes(5));
		Thread.sleep(20);
		assertThat(store.cleanUpExpired()).isEqualTo(1);
		assertThat(new JdbcTemplate(this.dataSource).queryForObject("SELECT COUNT(*) FROM " + this.table, Integer.class))
			.isEqualTo(1);
	}

}
