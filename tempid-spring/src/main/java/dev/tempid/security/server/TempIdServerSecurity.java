package dev.tempid.security.server;

import java.util.Objects;

import dev.tempid.Expectation;
import dev.tempid.reactive.ReactiveTokenService;
import org.jspecify.annotations.Nullable;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.authentication.logout.DelegatingServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.authentication.logout.SecurityContextServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.ServerLogoutSuccessHandler;

/**
 * Adds tempid to a WebFlux {@link ServerHttpSecurity}, the reactive counterpart of
 * {@link dev.tempid.security.TempIdConfigurer}:
 *
 * <pre>{@code
 * @Bean
 * SecurityWebFilterChain security(ServerHttpSecurity http, ReactiveTokenService tokens,
 *         TempIdServerSecurityContextRepository sessions) {
 *     http.authorizeExchange((exchanges) -> exchanges.anyExchange().authenticated());
 *     TempIdServerSecurity.tempId(tokens)
 *         .bearer("api")                       // Authorization: Bearer <token of purpose "api">
 *         .sessions(sessions)                  // the login in a tempid cookie, revoked at logout
 *         .magicLink((magic) -> magic.loginPage("/login"))  // GET confirms, POST signs in
 *         .customize(http);
 *     return http.build();
 * }
 * }</pre>
 * CSRF stays Spring Security's reactive protection (on by default): cookie-session
 * requests that change state send the CSRF token; bearer requests carry no cookie an
 * attacker could ride on.
 */
public final class TempIdServerSecurity implements Customizer<ServerHttpSecurity> {

	private final ReactiveTokenService tokens;

	private @Nullable Expectation bearer;

	private boolean consumeBearer;

	private @Nullable TempIdServerSecurityContextRepository sessions;

	private @Nullable MagicLinkServerAuthentication magicLink;

	private ServerLogoutSuccessHandler logoutSuccessHandler = new RedirectServerLogoutSuccessHandler();

	private ServerTempIdAuthenticationEntryPoint entryPoint = new ServerTempIdAuthenticationEntryPoint();

	private TempIdServerSecurity(ReactiveTokenService tokens) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
	}

	/** Starts the tempid setup of a {@code ServerHttpSecurity}. */
	public static TempIdServerSecurity tempId(ReactiveTokenService tokens) {
		return new TempIdServerSecurity(tokens);
	}

	/** Authenticates requests carrying a bearer token of this purpose. */
	public TempIdServerSecurity bearer(String purpose) {
		return bearer(Expectation.purpose(purpose));
	}

	/** Authenticates requests carrying a bearer token that meets this expectation. */
	public TempIdServerSecurity bearer(Expectation expectation) {
		this.bearer = Objects.requireNonNull(expectation, "expectation must not be null");
		return this;
	}

	/** Whether each bearer request takes one use of its token. Off by default. */
	public TempIdServerSecurity consumeBearerTokens(boolean consume) {
		this.consumeBearer = consume;
		return this;
	}

	/** Keeps logins in the tempid cookie of this repository, revoked at logout. */
	public TempIdServerSecurity sessions(TempIdServerSecurityContextRepository repository) {
		this.sessions = Objects.requireNonNull(repository, "repository must not be null");
		return this;
	}

	/**
	 * What a successful logout answers (Spring Security's redirect to
	 * {@code /login?logout} by default); a logout the store could not record answers 503
	 * instead (see {@link TempIdServerSecurityContextRepository#logout}).
	 */
	public TempIdServerSecurity logoutSuccessHandler(ServerLogoutSuccessHandler handler) {
		this.logoutSuccessHandler = Objects.requireNonNull(handler, "handler must not be null");
		return this;
	}

	/** Adds magic-link login (needs {@link #sessions} to keep the login). */
	public TempIdServerSecurity magicLink(Customizer<MagicLinkServerAuthentication> customizer) {
		if (this.magicLink == null) {
			this.magicLink = new MagicLinkServerAuthentication(this.tokens);
		}
		customizer.customize(this.magicLink);
		return this;
	}

	/** Answers refused bearer tokens (and requests without one that need it). */
	public TempIdServerSecurity entryPoint(ServerTempIdAuthenticationEntryPoint entryPoint) {
		this.entryPoint = Objects.requireNonNull(entryPoint, "entryPoint must not be null");
		return this;
	}

	@Override
	public void customize(ServerHttpSecurity http) {
		if (this.bearer != null) {
			TempIdAuthenticationWebFilter filter = new TempIdAuthenticationWebFilter(this.tokens, this.bearer);
			filter.setConsume(this.consumeBearer);
			filter.setEntryPoint(this.entryPoint);
			http.addFilterAt(filter, SecurityWebFiltersOrder.AUTHENTICATION);
		}
		http.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(this.entryPoint));
		if (this.sessions != null) {
			TempIdServerSecurityContextRepository repository = this.sessions;
			repository.requireSubjectGenerations();
			http.securityContextRepository(repository);
			http.logout((logout) -> logout
				.logoutHandler(new DelegatingServerLogoutHandler(new SecurityContextServerLogoutHandler(), repository))
				.logoutSuccessHandler(repository.logoutSuccessHandler(this.logoutSuccessHandler)));
		}
		if (this.magicLink != null) {
			if (this.sessions == null) {
				throw new IllegalStateException("magic-link login needs sessions(...) to keep the login: "
						+ "add a TempIdServerSecurityContextRepository");
			}
			http.addFilterAt(this.magicLink.confirmationPageFilter(), SecurityWebFiltersOrder.LOGIN_PAGE_GENERATING);
			http.addFilterAt(this.magicLink.authenticationFilter(this.sessions), SecurityWebFiltersOrder.AUTHENTICATION);
		}
	}

}
