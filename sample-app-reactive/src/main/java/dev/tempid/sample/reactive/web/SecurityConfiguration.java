package dev.tempid.sample.reactive.web;

import dev.tempid.autoconfigure.TokenServiceBuilderCustomizer;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.sample.reactive.users.UserService;
import dev.tempid.security.server.TempIdServerSecurity;
import dev.tempid.security.server.TempIdServerSecurityContextRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import reactor.core.publisher.Mono;

/**
 * Two filter chains, as in the servlet sample: the approval endpoint, authorized by its
 * own single-purpose token through {@code @ConsumesToken}; and everything else, where
 * people sign in by magic link into a tempid cookie session and scripts may use
 * {@code api} bearer tokens. CSRF is Spring Security's reactive protection, its token in
 * a cookie readable by scripts ({@code GET /api/csrf} tells the header).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	/** Endpoints anyone may call: each is either harmless or authorized by the token it carries. */
	private static final String[] PUBLIC = { "/", "/login", "/login/magic", "/login/code", "/reset-password",
			"/verify-email", "/api/password-reset", "/api/password-reset/confirm", "/api/magic-link", "/api/login/code",
			"/api/signup", "/api/csrf",
			"/api/dev/outbox", "/actuator/health", "/actuator/health/**", "/actuator/info", "/favicon.ico" };

	/** JSON endpoints that carry no ambient authority, so need no CSRF token. */
	private static final String[] NO_CSRF = { "/api/password-reset", "/api/password-reset/confirm", "/api/magic-link",
			"/api/login/code", "/api/signup" };

	@Bean
	@Order(1)
	SecurityWebFilterChain approvalUse(ServerHttpSecurity http) {
		return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/api/approvals/use"))
			.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll())
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.build();
	}

	@Bean
	@Order(2)
	SecurityWebFilterChain application(ServerHttpSecurity http, ReactiveTokenService tokens,
			TempIdServerSecurityContextRepository sessions, ReactiveUserDetailsService users) {
		http.authorizeExchange((exchanges) -> exchanges.pathMatchers(PUBLIC).permitAll().anyExchange().authenticated())
			.csrf((csrf) -> csrf.csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse())
				.csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler())
				.requireCsrfProtectionMatcher(new NoCsrfFor(NO_CSRF)));
		TempIdServerSecurity.tempId(tokens)
			.bearer(Purposes.API)
			.sessions(sessions)
			.magicLink((magic) -> magic.purpose(Purposes.MAGIC_LINK).loginPage("/login").userDetailsService(users))
			.customize(http);
		return http.build();
	}

	/** The sample's users for Spring Security (and no generated default user). */
	@Bean
	ReactiveUserDetailsService reactiveUserDetailsService(UserService users) {
		return (username) -> Mono.fromCallable(() -> users.loadUserByUsername(username))
			.onErrorResume(UsernameNotFoundException.class, (ex) -> Mono.empty());
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	/** Reset links are bound to the current password: a changed password kills every older link. */
	@Bean
	TokenServiceBuilderCustomizer passwordResetBinding(UserService users) {
		return (builder) -> builder.stateResolver(Purposes.PASSWORD_RESET,
				(token) -> users.passwordFingerprint(token.subject()));
	}

}
