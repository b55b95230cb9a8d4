package dev.tempid.benchmarks.http.session;

import dev.tempid.benchmarks.http.Bench;
import dev.tempid.benchmarks.http.BenchLoginController;
import dev.tempid.benchmarks.http.MeController;
import dev.tempid.security.TempIdConfigurer;
import dev.tempid.security.TempIdSecurityContextRepository;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Pair 2, tempid: stateless cookie sessions, configured as docs/web-and-security.md shows,
 * on the Redis use store ({@code tempid.store.type=redis}): each request with the cookie
 * checks the session id for revocation in Redis.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ MeController.class, BenchLoginController.class })
public class TempIdSessionApp {

	public static void main(String[] args) {
		Bench.run(TempIdSessionApp.class, args, Bench.SESSION, Bench.JDBC);
	}

	@Bean
	SecurityFilterChain application(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/bench/login").permitAll()
				.anyRequest().authenticated())
			.with(TempIdConfigurer.tempId(), (tempId) -> tempId.bearer(false).session(Customizer.withDefaults()))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.spa().ignoringRequestMatchers("/bench/login"))
			.build();
	}

	@Bean
	SecurityContextRepository benchLoginRepository(TempIdSecurityContextRepository sessions) {
		return sessions;
	}

}
