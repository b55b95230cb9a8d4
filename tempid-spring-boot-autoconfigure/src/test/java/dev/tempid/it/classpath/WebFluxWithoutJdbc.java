package dev.tempid.it.classpath;

import java.util.Map;

import dev.tempid.Secrets;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.reactive.ReactiveTokenService;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A WebFlux application run by {@link LeanClassPathTests} in a JVM of its own whose class
 * path has no Spring JDBC (and, for the in-memory run, no SQL module at all): it starts,
 * spends a token through the blocking service and reports what the reactive service then
 * says of it, on its standard output (read by the test).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class WebFluxWithoutJdbc {

	public static void main(String[] args) {
		Map<String, Object> defaults = Map.of("server.port", "0", "spring.main.banner-mode", "off", "tempid.secret",
				Secrets.generate());
		SpringApplication application = new SpringApplication(WebFluxWithoutJdbc.class);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		application.setDefaultProperties(defaults);
		try (ConfigurableApplicationContext context = application.run(args)) {
			report("jdbc-on-class-path", present("org.springframework.jdbc.core.JdbcTemplate"));
			report("boot-jdbc-on-class-path", present("org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer"));
			TokenService tokens = context.getBean(TokenService.class);
			report("blocking-store", tokens.store().getClass().getSimpleName());
			ReactiveTokenService reactive = context.getBean(ReactiveTokenService.class);
			report("reactive-store", reactive.store().getClass().getSimpleName());
			String token = tokens.issue(TokenRequest.forPurpose("once").subject("alice").maxUses(1).build()).value();
			report("blocking-consume", tokens.consume(token, "once").subject());
			report("reactive-consume-after", reactive.consume(token, "once")
				.map((spent) -> "GRANTED")
				.onErrorResume((ex) -> Mono.just(ex.getClass().getSimpleName()))
				.block());
		}
	}

	static boolean present(String className) {
		try {
			Class.forName(className, false, WebFluxWithoutJdbc.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	@SuppressWarnings("java:S106") // the test reads this process's standard output
	static void report(String name, Object value) {
		System.out.println("REPORT " + name + "=" + value);
	}

	/** The R2DBC connection factory, when asked for (Boot's R2DBC auto-configuration is not on this class path). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty("database.r2dbc-url")
	static class Database {

		@Bean(destroyMethod = "dispose")
		ConnectionPool connectionFactory(@Value("${database.r2dbc-url}") String url,
				@Value("${database.username}") String username) {
			return (ConnectionPool) ConnectionFactories
				.get(ConnectionFactoryOptions.parse(url).mutate().option(ConnectionFactoryOptions.USER, username).build());
		}

	}

}
