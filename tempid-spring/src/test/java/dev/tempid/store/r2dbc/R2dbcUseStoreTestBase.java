package dev.tempid.store.r2dbc;

import java.time.Duration;
import java.util.UUID;

import dev.tempid.store.jdbc.JdbcUseStoreSchema;
import dev.tempid.store.reactive.ReactiveUseStore;
import dev.tempid.store.reactive.ReactiveUseStoreContractTests;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.connection.init.ResourceDatabasePopulator;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reactive store contract on one database through R2DBC: subclasses differ only in
 * their connection factory. Each test class gets its own table, created by the bundled
 * schema script (the JDBC store's) under a custom name and dropped afterwards.
 */
abstract class R2dbcUseStoreTestBase extends ReactiveUseStoreContractTests {

	protected final String table = "tempid_rx_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private ConnectionFactory connectionFactory;

	/** Checks the server is there (or aborts / fails as {@code Servers} says). */
	protected abstract void requireServer();

	/** A new pooled connection factory on the server at {@code port}, with a connect timeout of {@code connectTimeout}. */
	protected abstract ConnectionFactory connectionFactory(int port, Duration connectTimeout);

	/** The platform of the schema scripts. */
	protected abstract String platform();

	protected abstract int port();

	@BeforeEach
	void createTable() {
		requireServer();
		this.connectionFactory = connectionFactory(port(), Duration.ofSeconds(10));
		new ResourceDatabasePopulator(JdbcUseStoreSchema.create(platform(), this.table))
			.populate(this.connectionFactory)
			.block(WAIT);
	}

	@AfterEach
	void dropTable() {
		if (this.connectionFactory != null) {
			DatabaseClient.create(this.connectionFactory)
				.sql("DROP TABLE IF EXISTS " + this.table)
				.then()
				.block(WAIT);
		}
	}

	@Override
	protected ReactiveUseStore createStore() {
		return store(this.connectionFactory);
	}

	@Override
	protected ReactiveUseStore createSecondStore() {
		return store(connectionFactory(port(), Duration.ofSeconds(10)));
	}

	@Override
	protected ReactiveUseStore createStoreOn(int port, Duration timeout) {
		// the driver's connect timeout is far longer: the store's bound is what fails closed
		R2dbcUseStore store = new R2dbcUseStore(connectionFactory(port, Duration.ofMinutes(1)), this.table);
		store.setTimeout(timeout);
		return store;
	}

	private R2dbcUseStore store(ConnectionFactory connectionFactory) {
		R2dbcUseStore store = new R2dbcUseStore(connectionFactory, this.table);
		store.setCleanupCron("-");
		// generous on a shared, busy machine: the bound itself is tested with a silent server
		store.setTimeout(Duration.ofSeconds(10));
		store.afterPropertiesSet();
		closeAfterTest(store::destroy);
		return store;
	}

	@Test
	void consumeWhenCallersTransactionRollsBackThenTheUseIsGivenBack() {
		R2dbcUseStore store = store(this.connectionFactory);
		TransactionalOperator transaction = TransactionalOperator
			.create(new R2dbcTransactionManager(this.connectionFactory));
		String id = newId();
		Mono<Object> rolledBack = transaction.execute((status) -> store.consume(id, 1, inMinutes(5))
			.doOnNext((consumption) -> assertThat(consumption.granted()).isTrue())
			.then(Mono.error(new IllegalStateException("the work failed"))))
			.next();
		assertThat(rolledBack.onErrorResume(IllegalStateException.class, (ex) -> Mono.empty()).block(WAIT)).isNull();
		assertThat(await(store.usage(id)).used()).isZero();
		assertThat(await(transaction.transactional(store.consume(id, 1, inMinutes(5)))).granted()).isTrue();
		assertThat(await(store.consume(id, 1, inMinutes(5))).granted()).isFalse();
	}

	@Test
	void cleanUpExpiredWhenRowsExpiredThenDeletesOnlyThose() throws Exception {
		R2dbcUseStore store = store(this.connectionFactory);
		await(store.consume("old", 1, Duration.ofMillis(1)));
		await(store.consume("live", 1, inMinutes(5)));
		// expiry is by the database's clock: let it pass the old row's
		Thread.sleep(1100);
		assertThat(await(store.cleanUpExpired())).isEqualTo(1L);
		Long rows = DatabaseClient.create(this.connectionFactory)
			.sql("SELECT COUNT(*) FROM " + this.table)
			.map((row) -> ((Number) row.get(0)).longValue())
			.one()
			.block(WAIT);
		assertThat(rows).isEqualTo(1L);
	}

}
