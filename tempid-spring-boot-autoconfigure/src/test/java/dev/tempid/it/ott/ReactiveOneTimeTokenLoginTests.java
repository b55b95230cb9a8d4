package dev.tempid.it.ott;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tempid.Secrets;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.security.server.TempIdReactiveOneTimeTokenService;
import dev.tempid.store.r2dbc.R2dbcUseStore;
import dev.tempid.store.redis.ReactiveRedisUseStore;
import dev.tempid.store.reactive.InMemoryReactiveUseStore;
import dev.tempid.store.reactive.ReactiveUseStore;
import dev.tempid.testsupport.Servers;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.authentication.ott.GenerateOneTimeTokenRequest;
import org.springframework.security.authentication.ott.OneTimeToken;
import org.springframework.security.authentication.ott.OneTimeTokenAuthenticationToken;
import org.springframework.security.authentication.ott.reactive.ReactiveOneTimeTokenService;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.ott.ServerOneTimeTokenGenerationSuccessHandler;
import org.springframework.security.web.server.authentication.ott.ServerRedirectOneTimeTokenGenerationSuccessHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebFlux twin of {@link OneTimeTokenLoginTests}: Spring Security's own
 * {@code ServerHttpSecurity.oneTimeTokenLogin()}, default pages and web filters, backed by
 * the auto-configured {@link TempIdReactiveOneTimeTokenService}, on Netty over real HTTP:
 * on the embedded default, and with two instances sharing the real Redis, the real
 * PostgreSQL and the real MariaDB (the reactive stores: R2DBC counts the uses).
 */
class ReactiveOneTimeTokenLoginTests {

	private static final String SECRET = "tempid.secret=" + Secrets.generate();

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Test
	void whenTheApplicationUsesOneTimeTokenLoginThenTempIdBacksItAndATokenSignsInOnce() throws Exception {
		try (ConfigurableApplicationContext app = start()) {
			assertThat(app).isInstanceOf(ReactiveWebServerApplicationContext.class);
			assertThat(app.getBean(ReactiveOneTimeTokenService.class))
				.isInstanceOf(TempIdReactiveOneTimeTokenService.class);
			assertThat(app.getBean(ReactiveUseStore.class)).isInstanceOf(InMemoryReactiveUseStore.class);
			Browser browser = new Browser(app);
			String token = browser.requestToken("alice");
			assertThat(token).startsWith("v4.local.");
			assertThat(browser.submit(token)).isEqualTo("/");
			assertThat(browser.get("/me").body()).isEqualTo("alice");
			// the same token again, from another browser: Spring Security's page answers with its error
			Browser other = new Browser(app);
			assertThat(other.submit(token)).isEqualTo("/login?error");
			assertThat(other.signedOut()).isTrue();
		}
	}

	@Test
	void whenATokenIsForgedOrOfAnotherPurposeThenSpringSecurityRefusesIt() throws Exception {
		try (ConfigurableApplicationContext app = start()) {
			Browser browser = new Browser(app);
			assertThat(browser.submit("v4.local.forged")).isEqualTo("/login?error");
			String other = app.getBean(TokenService.class)
				.issue(TokenRequest.forPurpose("password-reset").subject("alice").build()).value();
			assertThat(browser.submit(other)).isEqualTo("/login?error");
			assertThat(browser.signedOut()).isTrue();
		}
	}

	@Test
	void whenTwoInstancesShareRedisThenATokenIsAcceptedOnce() throws Exception {
		Servers.REDIS.require();
		String prefix = "tempid-rott-test:" + UUID.randomUUID() + ":";
		twoInstancesAcceptEachTokenOnce(ReactiveRedisUseStore.class, "tempid.store.type=redis",
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=6379",
				"tempid.store.redis.key-prefix=" + prefix);
	}

	@Test
	void whenTwoInstancesSharePostgresqlThroughR2dbcThenATokenIsAcceptedOnce() throws Exception {
		Servers.POSTGRESQL.require();
		twoInstancesShareTheDatabase("postgresql://127.0.0.1:5432/test", "postgres");
	}

	@Test
	void whenTwoInstancesShareMariadbThroughR2dbcThenATokenIsAcceptedOnce() throws Exception {
		Servers.MARIADB.require();
		twoInstancesShareTheDatabase("mariadb://127.0.0.1:3306/test", "root");
	}

	/**
	 * Two instances counting uses through R2DBC in one table, which they create at start-up
	 * through R2DBC ({@code initialize-schema}, docs/stores.md), dropped afterwards.
	 */
	private void twoInstancesShareTheDatabase(String database, String username) throws Exception {
		String table = "tempid_rott_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try {
			twoInstancesAcceptEachTokenOnce(R2dbcUseStore.class, "tempid.store.type=jdbc",
					"database.r2dbc-url=r2dbc:pool:" + database, "database.username=" + username, "tempid.store.jdbc.table-name=" + table,
					"tempid.store.jdbc.initialize-schema=always");
		}
		finally {
			new JdbcTemplate(new DriverManagerDataSource("jdbc:" + database, username, ""))
				.execute("DROP TABLE IF EXISTS " + table);
		}
	}

	private void twoInstancesAcceptEachTokenOnce(Class<? extends ReactiveUseStore> storeType, String... store)
			throws Exception {
		try (ConfigurableApplicationContext first = start(store); ConfigurableApplicationContext second = start(store)) {
			assertThat(first.getBean(ReactiveUseStore.class)).isInstanceOf(storeType);
			// signed in on the other instance, refused on the first afterwards
			String token = new Browser(first).requestToken("alice");
			Browser other = new Browser(second);
			assertThat(other.submit(token)).isEqualTo("/");
			assertThat(other.get("/me").body()).isEqualTo("alice");
			Browser again = new Browser(first);
			assertThat(again.submit(token)).isEqualTo("/login?error");
			assertThat(again.signedOut()).isTrue();

			// 32 subscribers on the two instances race for each of 20 tokens: exactly one wins each
			List<ReactiveOneTimeTokenService> services = List.of(first.getBean(ReactiveOneTimeTokenService.class),
					second.getBean(ReactiveOneTimeTokenService.class));
			for (int round = 0; round < 20; round++) {
				String username = "user" + round;
				String value = services.get(round % 2)
					.generate(new GenerateOneTimeTokenRequest(username))
					.block(WAIT)
					.getTokenValue();
				// every consumer is subscribed first, then released at once onto Reactor's parallel threads
				Sinks.Empty<Void> start = Sinks.empty();
				List<Mono<OneTimeToken>> consumers = new ArrayList<>();
				for (int i = 0; i < 32; i++) {
					ReactiveOneTimeTokenService service = services.get(i % 2);
					consumers.add(start.asMono()
						.publishOn(Schedulers.parallel())
						.then(Mono.defer(() -> service.consume(new OneTimeTokenAuthenticationToken(value)))));
				}
				CompletableFuture<List<OneTimeToken>> winners = Flux.merge(consumers).collectList().toFuture();
				assertThat(start.tryEmitEmpty().isSuccess()).isTrue();
				List<OneTimeToken> won = winners.get(WAIT.toSeconds(), TimeUnit.SECONDS);
				assertThat(won).as("winners of round %d", round).hasSize(1);
				assertThat(won.get(0).getUsername()).isEqualTo(username);
			}
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", SECRET, "spring.main.banner-mode=off"));
		all.addAll(List.of(properties));
		// Spring MVC is on this module's test class path too: Boot would start a servlet application
		return new SpringApplicationBuilder(ReactiveOttApplication.class).web(WebApplicationType.REACTIVE)
			.properties(all.toArray(String[]::new))
			.run();
	}

	/** A browser: a cookie jar, Spring Security's default pages, and the CSRF token they carry. */
	static final class Browser {

		private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

		private final HttpClient client = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		private final ConfigurableApplicationContext app;

		Browser(ConfigurableApplicationContext app) {
			this.app = app;
		}

		/** Asks for a token on Spring Security's default login page; returns what the app would mail. */
		String requestToken(String username) throws Exception {
			HttpResponse<String> login = get("/login");
			assertThat(login.body()).contains("action=\"/ott/generate\"");
			HttpResponse<String> sent = post("/ott/generate",
					"username=" + enc(username) + "&_csrf=" + enc(csrf(login.body())));
			assertThat(sent.statusCode()).isEqualTo(302);
			assertThat(sent.headers().firstValue("Location")).hasValue("/ott/sent");
			String token = this.app.getBean(Outbox.class).tokens.remove(username);
			assertThat(token).as("token mailed to %s", username).isNotNull();
			return token;
		}

		/** Opens the link (Spring Security's submit page) and submits it; returns where it redirects. */
		String submit(String token) throws Exception {
			HttpResponse<String> page = get("/login/ott?token=" + enc(token));
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.body()).contains("action=\"/login/ott\"");
			HttpResponse<String> result = post("/login/ott", "token=" + enc(token) + "&_csrf=" + enc(csrf(page.body())));
			assertThat(result.statusCode()).isEqualTo(302);
			URI location = URI.create(result.headers().firstValue("Location").orElseThrow());
			return location.getPath() + ((location.getQuery() != null) ? "?" + location.getQuery() : "");
		}

		/** Whether {@code /me} sends this browser to the login page: nobody is signed in. */
		boolean signedOut() throws Exception {
			HttpResponse<String> me = get("/me");
			return me.statusCode() == 302 && me.headers().firstValue("Location").orElse("").endsWith("/login");
		}

		HttpResponse<String> get(String path) throws Exception {
			return this.client.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
		}

		private HttpResponse<String> post(String path, String form) throws Exception {
			return this.client.send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
		}

		/** As a browser asks: for HTML first (Spring Security's entry point redirects those to the login page). */
		private HttpRequest.Builder request(String path) {
			int port = ((WebServerApplicationContext) this.app).getWebServer().getPort();
			return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
				.timeout(WAIT)
				.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
		}

		private static String csrf(String html) {
			Matcher matcher = CSRF.matcher(html);
			assertThat(matcher.find()).as("a CSRF field in %s", html).isTrue();
			return matcher.group(1);
		}

		private static String enc(String value) {
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

	/** Where the application "mails" its links. */
	static final class Outbox {

		final Map<String, String> tokens = new ConcurrentHashMap<>();

	}

	/** An application written the way Spring Security's reference shows reactive one-time-token login. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ReactiveOttApplication {

		@Bean
		Outbox outbox() {
			return new Outbox();
		}

		@Bean
		SecurityWebFilterChain security(ServerHttpSecurity http) {
			return http.authorizeExchange((exchanges) -> exchanges.pathMatchers("/ott/sent").permitAll()
				.anyExchange().authenticated())
				.formLogin(Customizer.withDefaults())
				.oneTimeTokenLogin(Customizer.withDefaults())
				.build();
		}

		@Bean
		ServerOneTimeTokenGenerationSuccessHandler mailer(Outbox outbox) {
			ServerRedirectOneTimeTokenGenerationSuccessHandler sent = new ServerRedirectOneTimeTokenGenerationSuccessHandler(
					"/ott/sent");
			return (exchange, token) -> {
				outbox.tokens.put(token.getUsername(), token.getTokenValue());
				return sent.handle(exchange, token);
			};
		}

		@Bean
		ReactiveUserDetailsService users() {
			return new MapReactiveUserDetailsService(User.withUsername("alice").password("{noop}unused").build(),
					User.withUsername("bob").password("{noop}unused").build());
		}

		/**
		 * The database, through R2DBC only: R2DBC counts the uses for both the reactive and
		 * the blocking {@code TokenService} and creates the table at start-up; there is no
		 * JDBC {@code DataSource} (Boot does not create one beside an R2DBC
		 * {@link ConnectionFactory}). The connection factory is declared here: Boot's R2DBC
		 * auto-configuration is not on this module's test class path (see its pom).
		 */
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

		@RestController
		static class Me {

			@GetMapping("/me")
			Mono<String> me(Mono<Principal> principal) {
				return principal.map(Principal::getName);
			}

		}

	}

}
