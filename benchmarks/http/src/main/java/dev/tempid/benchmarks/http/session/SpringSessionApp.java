package dev.tempid.benchmarks.http.session;

import dev.tempid.benchmarks.http.Bench;
import dev.tempid.benchmarks.http.BenchLoginController;
import dev.tempid.benchmarks.http.MeController;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.session.data.redis.config.annotation.web.http.EnableRedisHttpSession;

/**
 * Pair 2, the anchor: Spring Session Data Redis with {@code @EnableRedisHttpSession}'s
 * defaults (Spring Security keeps the login in the HTTP session, the session lives in
 * Redis).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableRedisHttpSession
@Import({ MeController.class, BenchLoginController.class })
public class SpringSessionApp {

	public static void main(String[] args) {
		Bench.run(SpringSessionApp.class, args, Bench.TEMPID, Bench.JDBC);
	}

	@Bean
	SecurityFilterChain application(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/bench/login").permitAll()
				.anyRequest().authenticated())
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/bench/login"))
			.build();
	}

	@Bean
	SecurityContextRepository benchLoginRepository() {
		return new HttpSessionSecurityContextRepository();
	}

}
