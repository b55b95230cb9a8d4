package dev.tempid.benchmarks.http.bearer;

import java.time.Duration;
import java.util.List;

import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.benchmarks.http.Bench;
import dev.tempid.benchmarks.http.MeController;
import dev.tempid.security.TempIdConfigurer;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Pair 1, tempid: bearer {@code v4.local} tokens through tempid's Spring Security
 * configurer, as docs/web-and-security.md shows (purpose {@code api}, an audience; the
 * issuer comes from {@code tempid.issuer}). Writes one token (one hour) to
 * {@code bench.token-file}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(MeController.class)
public class TempIdBearerApp {

	public static void main(String[] args) {
		Bench.run(TempIdBearerApp.class, args, Bench.SESSION, Bench.JDBC, Bench.REDIS);
	}

	@Bean
	SecurityFilterChain api(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.with(TempIdConfigurer.tempId(), (tempId) -> tempId.purpose("api").audience("bench.api"))
			.build();
	}

	@Bean
	ApplicationRunner writeToken(TokenService tokens, Environment environment) {
		return (args) -> Bench.writeToken(environment,
				tokens.issue(TokenRequest.forPurpose("api")
					.subject("alice")
					.audience("bench.api")
					.permissions(List.of("api"))
					.ttl(Duration.ofHours(1))
					.build()).value());
	}

}
