package dev.tempid.store.r2dbc;

import java.time.Duration;

import dev.tempid.testsupport.Servers;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.ConnectionFactory;

/** The reactive store contract against the real PostgreSQL on 127.0.0.1:5432, through r2dbc-postgresql. */
class PostgresR2dbcUseStoreTests extends R2dbcUseStoreTestBase {

	@Override
	protected void requireServer() {
		Servers.POSTGRESQL.require();
	}

	@Override
	protected String platform() {
		return "postgresql";
	}

	@Override
	protected int port() {
		return 5432;
	}

	@Override
	protected ConnectionFactory connectionFactory(int port, Duration connectTimeout) {
		PostgresqlConnectionFactory factory = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
			.host("127.0.0.1")
			.port(port)
			.username("postgres")
			.database("test")
			.connectTimeout(connectTimeout)
			.build());
		ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory).maxSize(16).build());
		closeAfterTest(pool::dispose);
		return pool;
	}

}
