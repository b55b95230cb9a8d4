package dev.tempid.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.pool.HikariPool;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Takes a connection from the application's pool waiting at most the store timeout,
 * whatever the pool's own wait (HikariCP's {@code connectionTimeout} is 30 seconds by
 * default): with every connection busy, a store call fails closed in time instead of
 * queueing. Only for a {@link HikariDataSource} used as it is (a proxy around it keeps
 * its own behaviour, and so does the pool's wait); other pools wait as they are set.
 */
final class PooledConnectionWait {

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			PooledConnectionWait.class.getClassLoader());

	private final HikariDataSource dataSource;

	private PooledConnectionWait(HikariDataSource dataSource) {
		this.dataSource = dataSource;
	}

	/** The bounded wait for a data source, or {@code null} when its pool is not one it can bound. */
	static @Nullable PooledConnectionWait of(DataSource dataSource) {
		return (HIKARI_PRESENT) ? Hikari.of(dataSource) : null;
	}

	/**
	 * A connection within {@code millis}, or {@code null} while the pool has not started
	 * (the caller then takes one the usual way, which starts it).
	 * @throws SQLException when none is free within {@code millis}, or the pool is closed
	 */
	@Nullable Connection connection(long millis) throws SQLException {
		HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
		if (pool instanceof HikariPool hikari && !this.dataSource.isClosed()) {
			return hikari.getConnection(Math.max(1, millis));
		}
		return null;
	}

	/** Keeps HikariCP's classes out of reach when HikariCP is not on the classpath. */
	private static final class Hikari {

		static @Nullable PooledConnectionWait of(DataSource dataSource) {
			return (dataSource instanceof HikariDataSource hikari) ? new PooledConnectionWait(hikari) : null;
		}

	}

}
