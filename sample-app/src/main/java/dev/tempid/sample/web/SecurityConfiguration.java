package dev.tempid.sample.web;

import dev.tempid.autoconfigure.TokenServiceBuilderCustomizer;
import dev.tempid.sample.users.UserService;
import dev.tempid.security.TempIdConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;

/**
 * Two filter chains: the approval endpoint, authorized by its own single-purpose token
 * through {@code @ConsumesToken}; and everything else, where people sign in by magic
 * link into a stateless tempid cookie session and scripts may use {@code api} bearer
 * tokens.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	/** Endpoints anyone may call: each is either harmless or authorized by the token it carries. */
	private static final String[] PUBLIC = { "/", "/login", "/login/request-link", CodeLogin.PAGE, "/forgot-password",
			"/signup", "/reset-password", "/verify-email", "/api/password-reset", "/api/password-reset/confirm",
			"/api/magic-link", "/api/login/code", "/api/signup", "/api/csrf", "/api/dev/outbox", "/dev/outbox",
			"/actuator/health", "/actuator/health/**", "/actuator/info", "/error", "/favicon.ico" };

	/**
	 * JSON endpoints that carry no ambient authority, so need no CSRF token: each acts on
	 * the credential in its body (an address, a token, a login code), never on a cookie.
	 * They read only {@code application/json}, which no cross-site form can send (anything
	 * else is 415), so another site cannot sign a visitor in with its own code either.
	 */
	private static final String[] NO_CSRF = { "/api/password-reset", "/api/password-reset/confirm", "/api/magic-link",
			"/api/login/code", "/api/signup" };

	@Bean
	@Order(1)
	SecurityFilterChain approvalUse(HttpSecurity http) throws Exception {
		return http.securityMatcher("/api/approvals/use")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain application(HttpSecurity http, UserService users, CsrfTokenRepository csrfTokens)
			throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers(PUBLIC).permitAll().anyRequest().authenticated())
			.with(TempIdConfigurer.tempId(), (tempId) -> tempId.purpose("api")
				.userDetailsService(users)
				.magicLink(Customizer.withDefaults())
				.session(Customizer.withDefaults()))
			// no HttpSession: the login lives in the tempid cookie (and no request is saved for later)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.csrfTokenRepository(csrfTokens)
				.csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
				.ignoringRequestMatchers(NO_CSRF))
			.logout((logout) -> logout.logoutSuccessUrl("/"))
			.build();
	}

	/**
	 * The CSRF tokens of the pages and scripts, in a cookie scripts can read; shared with
	 * {@link CodeLogin}, which replaces the token at sign-in as Spring Security's login
	 * filters do.
	 */
	@Bean
	CsrfTokenRepository csrfTokenRepository() {
		return CookieCsrfTokenRepository.withHttpOnlyFalse();
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
