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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tempid.Secrets;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.security.TempIdOneTimeTokenService;
import dev.tempid.testsupport.Servers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.authentication.ott.GenerateOneTimeTokenRequest;
import org.springframework.security.authentication.ott.OneTimeToken;
import org.springframework.security.authentication.ott.OneTimeTokenAuthenticationToken;
import org.springframework.security.authentication.ott.OneTimeTokenService;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.ott.OneTimeTokenGenerationSuccessHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security's own {@code oneTimeTokenLogin()} DSL, default pages and filters, backed
 * by the auto-configured {@link TempIdOneTimeTokenService}, over real HTTP: on the embedded
 * default, and with two instances sharing the real Redis and the real PostgreSQL.
 */
class OneTimeTokenLoginTests {

	private static final String SECRET = "tempid.secret=" + Secrets.generate();

	@Test
	void whenTheApplicationUsesOneTimeTokenLoginThenTempIdBacksItAndATokenSignsInOnce() throws Exception {
		try (ConfigurableApplicationContext app = start()) {
			assertThat(app.getBean(OneTimeTokenService.class)).isInstanceOf(TempIdOneTimeTokenService.class);
			Browser browser = new Browser(app);
			String token = browser.requestToken("alice");
			assertThat(token).startsWith("v4.local.");
			assertThat(browser.submit(token)).isEqualTo("/");
			assertThat(browser.get("/me").body()).isEqualTo("alice");
			// the same token again, from another browser: Spring Security's page answers with its error
			assertThat(new Browser(app).submit(token)).isEqualTo("/login?error");
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
			assertThat(browser.get("/me").statusCode()).isEqualTo(302);
		}
	}

	@Test
	void whenTwoInstancesShareRedisThenATokenIsAcceptedOnce() throws Exception {
		Servers.REDIS.require();
		String prefix = "tempid-ott-test:" + UUID.randomUUID() + ":";
		twoInstancesAcceptEachTokenOnce("tempid.store.type=redis", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=6379", "tempid.store.redis.key-prefix=" + prefix);
	}

	@Test
	void whenTwoInstancesSharePostgresqlThenATokenIsAcceptedOnce() throws Exception {
		Servers.POSTGRESQL.require();
		String table = "tempid_ott_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try {
			twoInstancesAcceptEachTokenOnce("tempid.store.type=jdbc",
					"spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/test", "spring.datasource.username=postgres",
					"tempid.store.jdbc.table-name=" + table, "tempid.store.jdbc.initialize-schema=always");
		}
		finally {
			new JdbcTemplate(new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:5432/test", "postgres", ""))
				.execute("DROP TABLE IF EXISTS " + table);
		}
	}

	private void twoInstancesAcceptEachTokenOnce(String... store) throws Exception {
		try (ConfigurableApplicationContext first = start(store); ConfigurableApplicationContext second = start(store)) {
			// signed in on the other instance, refused on the first afterwards
			String token = new Browser(first).requestToken("alice");
			Browser other = new Browser(second);
			assertThat(other.submit(token)).isEqualTo("/");
			assertThat(other.get("/me").body()).isEqualTo("alice");
			assertThat(new Browser(first).submit(token)).isEqualTo("/login?error");

			// 32 threads on the two instances race for each of 20 tokens: exactly one wins each
			List<OneTimeTokenService> services = List.of(first.getBean(OneTimeTokenService.class),
					second.getBean(OneTimeTokenService.class));
			ExecutorService pool = Executors.newFixedThreadPool(32);
			try {
				for (int round = 0; round < 20; round++) {
					String value = services.get(round % 2)
						.generate(new GenerateOneTimeTokenRequest("user" + round))
						.getTokenValue();
					CountDownLatch start = new CountDownLatch(1);
					List<Future<OneTimeToken>> results = new ArrayList<>();
					for (int i = 0; i < 32; i++) {
						OneTimeTokenService service = services.get(i % 2);
						results.add(pool.submit(() -> {
							start.await();
							return service.consume(new OneTimeTokenAuthenticationToken(value));
						}));
					}
					start.countDown();
					int winners = 0;
					for (Future<OneTimeToken> result : results) {
						OneTimeToken won = result.get();
						if (won != null) {
							winners++;
							assertThat(won.getUsername()).isEqualTo("user" + round);
						}
					}
					assertThat(winners).as("winners of round %d", round).isEqualTo(1);
				}
			}
			finally {
				pool.shutdownNow();
			}
		}
	}

	private static ConfigurableApplicationContext start(String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", SECRET, "spring.main.banner-mode=off"));
		all.addAll(List.of(properties));
		return new SpringApplicationBuilder(OttApplication.class).properties(all.toArray(String[]::new)).run();
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
			String csrf = csrf(get("/login").body());
			HttpResponse<String> sent = post("/ott/generate", "username=" + enc(username) + "&_csrf=" + enc(csrf));
			assertThat(sent.statusCode()).isEqualTo(302);
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

		HttpResponse<String> get(String path) throws Exception {
			return this.client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
		}

		private HttpResponse<String> post(String path, String form) throws Exception {
			return this.client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
		}

		private URI uri(String path) {
			int port = ((WebServerApplicationContext) this.app).getWebServer().getPort();
			return URI.create("http://localhost:" + port + path);
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

	/** An application written the way Spring Security's reference shows one-time-token login. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class OttApplication {

		@Bean
		Outbox outbox() {
			return new Outbox();
		}

		@Bean
		SecurityFilterChain security(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.requestMatchers("/ott/sent").permitAll()
				.anyRequest().authenticated())
				.formLogin(Customizer.withDefaults())
				.oneTimeTokenLogin(Customizer.withDefaults())
				.build();
		}

		@Bean
		OneTimeTokenGenerationSuccessHandler mailer(Outbox outbox) {
			return (request, response, token) -> {
				outbox.tokens.put(token.getUsername(), token.getTokenValue());
				response.sendRedirect("/ott/sent");
			};
		}

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}unused").build(),
					User.withUsername("bob").password("{noop}unused").build());
		}

		@RestController
		static class Me {

			@GetMapping("/me")
			String me(Principal principal) {
				return principal.getName();
			}

		}

	}

}
