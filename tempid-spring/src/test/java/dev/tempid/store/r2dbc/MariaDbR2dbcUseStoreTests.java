package dev.tempid.store.r2dbc;

import java.time.Duration;

import dev.tempid.testsupport.Servers;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactory;
import org.mariadb.r2dbc.MariadbConnectionConfiguration;
import org.mariadb.r2dbc.MariadbConnectionFactory;

/** The reactive store contract against the real MariaDB on 127.0.0.1:3306, through r2dbc-mariadb. */
class MariaDbR2dbcUseStoreTests extends R2dbcUseStoreTestBase {

	@Override
	protected void requireServer() {
		Servers.MARIADB.require();
	}

	@Override
	protected String platform() {
		return "mysql";
	}

	@Override
	protected int port() {
		return 3306;
	}

	@Override
	protected ConnectionFactory connectionFactory(int port, Duration connectTimeout) {
		MariadbConnectionFactory factory = new MariadbConnectionFactory(MariadbConnectionConfiguration.builder()
			.host("127.0.0.1")
			.port(port)
			.username("root")
			.database("test")
			.connectTimeout(connectTimeout)
			.build());
		ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory).maxSize(16).build());
		closeAfterTest(pool::dispose);
		return pool;
	}

}
