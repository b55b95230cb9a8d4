package dev.tempid.benchmarks.http.magic;

import javax.sql.DataSource;

import dev.tempid.benchmarks.http.Bench;
import dev.tempid.benchmarks.http.MeController;
import dev.tempid.benchmarks.http.Outbox;
import dev.tempid.benchmarks.http.StatementCounter;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.ott.JdbcOneTimeTokenService;
import org.springframework.security.authentication.ott.OneTimeTokenService;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.ott.OneTimeTokenGenerationSuccessHandler;
import org.springframework.security.web.authentication.ott.RedirectOneTimeTokenGenerationSuccessHandler;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Pair 3, the anchor: Spring Security's {@code oneTimeTokenLogin()} with the
 * {@link JdbcOneTimeTokenService} on PostgreSQL, the login kept in the (default, in-memory)
 * HTTP session, as the reference documentation shows: {@code POST /ott/generate} sends
 * the link (here: into the {@link Outbox}) and redirects to {@code /ott/sent}; the link
 * opens the default submit page; its {@code POST /login/ott} signs in. Requesting a link
 * is exempt from CSRF checks on both sides (it carries no ambient authority), so both
 * flows take the same five requests.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ MeController.class, Outbox.class, StatementCounter.class })
public class SpringOneTimeTokenApp {

	public static void main(String[] args) {
		Bench.run(SpringOneTimeTokenApp.class, args, Bench.TEMPID, Bench.SESSION, Bench.REDIS);
	}

	@Bean
	SecurityFilterChain application(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/ott/sent", "/bench/**").permitAll()
				.anyRequest().authenticated())
			.oneTimeTokenLogin(Customizer.withDefaults())
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/ott/generate", "/bench/**"))
			.build();
	}

	@Bean
	OneTimeTokenService oneTimeTokenService(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE IF NOT EXISTS one_time_tokens (token_value VARCHAR(36) NOT NULL PRIMARY KEY, "
				+ "username VARCHAR(50) NOT NULL, expires_at TIMESTAMP NOT NULL)");
		return new JdbcOneTimeTokenService(jdbc);
	}

	@Bean
	OneTimeTokenGenerationSuccessHandler sendLink(Outbox outbox) {
		RedirectOneTimeTokenGenerationSuccessHandler redirect = new RedirectOneTimeTokenGenerationSuccessHandler(
				"/ott/sent");
		return (request, response, token) -> {
			String link = ServletUriComponentsBuilder.fromContextPath(request)
				.path("/login/ott")
				.queryParam("token", token.getTokenValue())
				.toUriString();
			outbox.send(token.getUsername(), link);
			redirect.handle(request, response, token);
		};
	}

	@Bean
	UserDetailsService users() {
		return BenchUsers.create();
	}

}
