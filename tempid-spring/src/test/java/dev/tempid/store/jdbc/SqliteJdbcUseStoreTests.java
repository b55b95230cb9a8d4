package dev.tempid.store.jdbc;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract against SQLite, in a file shared by two connection pools (two
 * application instances on one host). SQLite serializes writers, so each pool holds one
 * connection and waits on a busy database.
 */
class SqliteJdbcUseStoreTests extends JdbcUseStoreTestBase {

	@TempDir
	static Path directory;

	@Override
	protected void requireServer() {
	}

	@Override
	protected String jdbcUrl() {
		return "jdbc:sqlite:" + directory.resolve("tempid.db") + "?busy_timeout=30000&journal_mode=WAL";
	}

	@Override
	protected int poolSize() {
		return 1;
	}

}
