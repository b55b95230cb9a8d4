package dev.tempid.store.r2dbc;

import java.time.Duration;

import dev.tempid.testsupport.Servers;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactory;
import org.mariadb.r2dbc.MariadbConnectionConfiguration;
import org.mariadb.r2dbc.MariadbConnectionFactory;

/** The blocking store contract on the R2DBC store of the real MariaDB on 127.0.0.1:3306. */
class MariaDbBlockingR2dbcUseStoreTests extends BlockingR2dbcUseStoreTestBase {

	@Override
	protected void requireServer() {
		Servers.MARIADB.require();
	}

	@Override
	protected String platform() {
		return "mysql";
	}

	@Override
	protected ConnectionFactory connectionFactory() {
		MariadbConnectionFactory factory = new MariadbConnectionFactory(MariadbConnectionConfiguration.builder()
			.host("127.0.0.1")
			.port(3306)
			.username("root")
			.database("test")
			.connectTimeout(Duration.ofSeconds(10))
			.build());
		ConnectionPool pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory).maxSize(16).build());
		closeAfterTest(pool::dispose);
		return pool;
	}

}
