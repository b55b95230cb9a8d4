package dev.tempid.store.jdbc;

/** The store contract against an embedded H2 database. */
class H2JdbcUseStoreTests extends JdbcUseStoreTestBase {

	@Override
	protected void requireServer() {
	}

	@Override
	protected String jdbcUrl() {
		return "jdbc:h2:mem:" + this.table + ";DB_CLOSE_DELAY=-1";
	}

}
