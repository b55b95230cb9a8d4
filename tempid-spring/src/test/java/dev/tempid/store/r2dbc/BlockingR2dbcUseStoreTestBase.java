package dev.tempid.store.r2dbc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.tempid.store.UseStore;
import dev.tempid.store.UseStoreContractTests;
import dev.tempid.store.jdbc.JdbcUseStoreSchema;
import dev.tempid.store.reactive.BlockingUseStoreAdapter;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.r2dbc.connection.init.ResourceDatabasePopulator;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The blocking store contract on a {@link BlockingUseStoreAdapter} over the
 * {@link R2dbcUseStore} of one database: what the blocking {@code TokenService} of a
 * WebFlux application on R2DBC only counts with. Subclasses differ only in their
 * connection factory. Each test class gets its own table, created by the bundled schema
 * script under a custom name and dropped afterwards.
 */
abstract class BlockingR2dbcUseStoreTestBase extends UseStoreContractTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	protected final String table = "tempid_rxb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

	private final List<AutoCloseable> resources = new ArrayList<>();

	private ConnectionFactory connectionFactory;

	/** Checks the server is there (or aborts / fails as {@code Servers} says). */
	protected abstract void requireServer();

	/** A new pooled connection factory on the server; disposing it is {@link #closeAfterTest}'s. */
	protected abstract ConnectionFactory connectionFactory();

	/** The platform of the schema scripts. */
	protected abstract String platform();

	protected void closeAfterTest(AutoCloseable resource) {
		this.resources.add(resource);
	}

	@BeforeEach
	void createTable() {
		requireServer();
		this.connectionFactory = connectionFactory();
		new ResourceDatabasePopulator(JdbcUseStoreSchema.create(platform(), this.table))
			.populate(this.connectionFactory)
			.block(WAIT);
	}

	@AfterEach
	void dropTable() throws Exception {
		try {
			if (this.connectionFactory != null) {
				DatabaseClient.create(this.connectionFactory).sql("DROP TABLE IF EXISTS " + this.table).then().block(WAIT);
			}
		}
		finally {
			for (AutoCloseable resource : this.resources) {
				resource.close();
			}
		}
	}

	@Override
	protected UseStore createStore() {
		return store(this.connectionFactory);
	}

	/** Another application instance: its own pool on the same table. */
	@Override
	protected UseStore createSecondStore() {
		return store(connectionFactory());
	}

	@Override
	protected void cleanUp(UseStore store) {
		((R2dbcUseStore) ((BlockingUseStoreAdapter) store).reactiveStore()).cleanUpExpired().block(WAIT);
	}

	private UseStore store(ConnectionFactory connectionFactory) {
		R2dbcUseStore store = new R2dbcUseStore(connectionFactory, this.table);
		store.setCleanupCron("-");
		// generous on a shared, busy machine: the bounds themselves are tested on the reactive store
		store.setTimeout(Duration.ofSeconds(10));
		return new BlockingUseStoreAdapter(store, Duration.ofSeconds(20));
	}

}
