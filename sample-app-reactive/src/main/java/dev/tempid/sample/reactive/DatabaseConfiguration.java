package dev.tempid.sample.reactive;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * The PostgreSQL profile: R2DBC counts the uses (Boot's R2DBC auto-configuration), and a
 * JDBC {@link DataSource}, which Boot does not create beside an R2DBC connection factory,
 * lets tempid create the table at start-up with its schema script (and backs the
 * blocking {@code TokenService}'s store on the same table).
 */
@Configuration(proxyBeanMethods = false)
@Profile("postgres")
class DatabaseConfiguration {

	@Bean
	DataSource dataSource(@Value("${spring.datasource.url}") String url,
			@Value("${spring.datasource.username}") String username,
			@Value("${spring.datasource.password:}") String password) {
		return DataSourceBuilder.create().url(url).username(username).password(password).build();
	}

}
