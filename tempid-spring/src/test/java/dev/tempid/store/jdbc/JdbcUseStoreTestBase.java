package dev.tempid.store.jdbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
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
