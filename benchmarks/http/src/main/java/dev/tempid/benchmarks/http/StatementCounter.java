package dev.tempid.benchmarks.http;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Counts the SQL statements an application sends: the application's {@link DataSource} is
 * wrapped so that every statement prepared or created on its connections is counted
 * ({@code JdbcTemplate} prepares one per statement it runs). {@code GET /bench/statements}
 * answers the count so far.
 */
@RestController
public class StatementCounter implements BeanPostProcessor {

	private static final AtomicLong statements = new AtomicLong();

	@GetMapping("/bench/statements")
	Map<String, Long> statements() {
		return Map.of("statements", statements.get());
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource && !(bean instanceof Counting)) {
			return new Counting(dataSource);
		}
		return bean;
	}

	private static final class Counting extends DelegatingDataSource {

		Counting(DataSource dataSource) {
			super(dataSource);
		}

		@Override
		public Connection getConnection() throws SQLException {
			Connection connection = super.getConnection();
			return (Connection) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
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

	}

}
