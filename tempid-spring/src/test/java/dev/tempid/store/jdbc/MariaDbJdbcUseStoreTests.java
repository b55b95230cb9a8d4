package dev.tempid.store.jdbc;

import dev.tempid.testsupport.Servers;

/** The store contract against the real MariaDB on 127.0.0.1:3306. */
class MariaDbJdbcUseStoreTests extends JdbcUseStoreTestBase {

	@Override
	protected void requireServer() {
		Servers.MARIADB.require();
	}

	@Override
	protected String jdbcUrl() {
		return "jdbc:mariadb://127.0.0.1:3306/test?user=root";
	}

}
