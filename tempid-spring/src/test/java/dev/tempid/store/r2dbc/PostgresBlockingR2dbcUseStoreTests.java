package dev.tempid.store.r2dbc;

import java.time.Duration;

import dev.tempid.testsupport.Servers;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;

/** The blocking store contract on the R2DBC store of the real PostgreSQL on 127.0.0.1:5432. */
class PostgresBlockingR2dbcUseStoreTests extends BlockingR2dbcUseStoreTestBase {

	@Override
	protected void requireServer() {
		Servers.POSTGRESQL.require();
	}

	@Override
	protected String platform() {
		return "postgresql";
	}

	@Override
	protected ConnectionFactory connectionFactory() {
		PostgresqlConnectionFactory factory = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
			.host("127.0.0.1")
			.port(5432)
			.username("postgres")
			.database("test")
			.connectTimeout(Duration.ofSeconds(10))
			.build());
		ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory).maxSize(16).build());
		closeAfterTest(pool::dispose);
		return pool;
	}

}
