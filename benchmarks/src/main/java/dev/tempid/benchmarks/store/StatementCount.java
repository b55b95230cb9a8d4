package dev.tempid.benchmarks.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tempid.store.jdbc.JdbcUseStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Counts the SQL statements that {@link JdbcUseStore#consume} sends to PostgreSQL, through
 * a DataSource that counts every prepared statement: run with
 * {@code java -cp benchmarks/target/benchmarks.jar dev.tempid.benchmarks.store.StatementCount}.
 */
public final class StatementCount {

	private static final Log logger = LogFactory.getLog(StatementCount.class);

	private StatementCount() {
	}

	public static void main(String[] args) {
		int tokens = 1000;
		try (HikariDataSource dataSource = new HikariDataSource()) {
			dataSource.setJdbcUrl(System.getProperty("bench.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/test"));
			dataSource.setUsername(System.getProperty("bench.jdbc.user", "postgres"));
			JdbcTemplate jdbc = new JdbcTemplate(dataSource);
			jdbc.execute("DROP TABLE IF EXISTS tempid_count_uses");
			jdbc.execute("CREATE TABLE tempid_count_uses (id VARCHAR(64) NOT NULL PRIMARY KEY, used INT NOT NULL, "
					+ "revoked SMALLINT NOT NULL, expires_at BIGINT NOT NULL)");
			AtomicInteger statements = new AtomicInteger();
			JdbcUseStore store = new JdbcUseStore(counting(dataSource, statements), "tempid_count_uses",
					JdbcUseStore.Dialect.POSTGRESQL);
			Duration expiresAt = Duration.ofSeconds(600);
			for (int i = 0; i < tokens; i++) {
				store.consume("count-" + i, 1, expiresAt);
			}
			int granted = statements.getAndSet(0);
			for (int i = 0; i < tokens; i++) {
				store.consume("count-" + i, 1, expiresAt);
			}
			int denied = statements.get();
			jdbc.execute("DROP TABLE tempid_count_uses");
			logger.info(String.format("JdbcUseStore.consume on PostgreSQL: %.2f statements per granted consume, "
					+ "%.2f per denied consume (%d tokens)", granted / (double) tokens, denied / (double) tokens, tokens));
		}
	}

	private static DataSource counting(DataSource dataSource, AtomicInteger statements) {
		return new DelegatingDataSource(dataSource) {

			@Override
			public Connection getConnection() throws SQLException {
				Connection connection = super.getConnection();
				return (Connection) Proxy.newProxyInstance(StatementCount.class.getClassLoader(),
						new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
							if (method.getName().startsWith("prepare") || method.getName().equals("createStatement")) {
								statements.incrementAndGet();
							}
							try {
								return method.invoke(connection, arguments);
							}
							catch (InvocationTargetException ex) {
								throw ex.getCause();
							}
						});
			}

		};
	}

}
