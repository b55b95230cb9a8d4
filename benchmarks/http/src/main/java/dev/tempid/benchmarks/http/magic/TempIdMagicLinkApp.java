package dev.tempid.benchmarks.http.magic;

import dev.tempid.benchmarks.http.Bench;
import dev.tempid.benchmarks.http.MeController;
import dev.tempid.benchmarks.http.Outbox;
import dev.tempid.benchmarks.http.StatementCounter;
import dev.tempid.security.MagicLinkGenerator;
import dev.tempid.security.TempIdConfigurer;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Pair 3, tempid: magic-link login and stateless cookie sessions, configured as
 * docs/web-and-security.md shows, on the JDBC use store ({@code tempid.store.type=jdbc},
 * PostgreSQL). {@code POST /bench/magic-link} sends the link (into the {@link Outbox})
 * as the sample's {@code POST /api/magic-link} does; {@code GET /login/magic?token=…}
 * shows the confirmation page; its {@code POST} signs in.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ MeController.class, Outbox.class, StatementCounter.class, TempIdMagicLinkApp.LinkController.class })
public class TempIdMagicLinkApp {

	public static void main(String[] args) {
		Bench.run(TempIdMagicLinkApp.class, args, Bench.SESSION, Bench.REDIS);
	}

	@Bean
	SecurityFilterChain application(HttpSecurity http, UserDetailsService users) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/bench/**").permitAll()
				.anyRequest().authenticated())
			.with(TempIdConfigurer.tempId(), (tempId) -> tempId.bearer(false)
				.userDetailsService(users)
				.magicLink(Customizer.withDefaults())
				.session(Customizer.withDefaults()))
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.spa().ignoringRequestMatchers("/bench/**"))
			.build();
	}

	@Bean
	UserDetailsService users() {
		return BenchUsers.create();
	}

	@RestController
	static class LinkController {

		private final MagicLinkGenerator links;

		private final UserDetailsService users;

		private final Outbox outbox;

		LinkController(MagicLinkGenerator links, UserDetailsService users, Outbox outbox) {
			this.links = links;
			this.users = users;
			this.outbox = outbox;
		}

		@PostMapping("/bench/magic-link")
		@ResponseStatus(HttpStatus.ACCEPTED)
		void send(@RequestParam String username, HttpServletRequest request) {
			try {
				String name = this.users.loadUserByUsername(username).getUsername();
				this.outbox.send(name, this.links.generate(name, request).uri().toString());
			}
			catch (UsernameNotFoundException ex) {
				// 202 all the same: no account enumeration
			}
		}

	}

}
