package dev.tempid.security.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import dev.tempid.Reason;
import dev.tempid.TempIdException;
import dev.tempid.VerifiedToken;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.security.SessionCookies;
import dev.tempid.security.TempIdAuthenticationToken;
import dev.tempid.store.StoreFeatures;
import dev.tempid.store.reactive.ReactiveUseStore;
import dev.tempid.web.TempIdProblemDetails;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.authentication.logout.ServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.ServerLogoutSuccessHandler;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Keeps the login in a tempid cookie instead of a {@code WebSession}: the WebFlux
 * counterpart of {@link dev.tempid.security.TempIdSecurityContextRepository}, with the
 * same cookie and the same token (purpose {@code session}, subject, authorities as
 * {@code perms}, a random session id as the token's {@code sid}, its subject's
 * generation, the login time), and the same rules ({@link SessionCookies}), so a servlet
 * and a reactive application sharing keys and store accept each other's sessions. It
 * uses only {@link ReactiveTokenService}'s public operations, so every login, renewal,
 * check and logout reaches the service's listeners (events, metrics, audit).
 * <ul>
 * <li>{@code HttpOnly}, {@code Secure} (switch off only for local http),
 * {@code SameSite=Lax} by default, {@code Path=/}; a cookie over 4096 bytes is refused at
 * login.</li>
 * <li>Each request with a cookie is checked by one {@link ReactiveTokenService#verify}: one
 * store read, without blocking, that sees both a logout of the session and a
 * {@link ReactiveTokenService#revokeAll sign-out everywhere} of its user (the token carries
 * its subject's generation). When the store is down the session is refused (fail closed)
 * and the cookie kept. A cookie without a generation (from a version before it) is
 * refused and cleared: the user signs in again.</li>
 * <li>Sliding renewal: once less than half the lifetime is left, the response to the
 * request that loads it carries a fresh cookie with the same session id; an absolute
 * timeout caps the session.</li>
 * <li>Revocation: as a {@link ServerLogoutHandler}, logout revokes the session
 * ({@link ReactiveTokenService#revoke(VerifiedToken)}: every token of the session), so
 * every copy of the cookie dies at once. When the store cannot record it, the logout is
 * answered 503 (problem detail, {@code Retry-After}) and the cookie kept: the user is
 * still signed in and can try again. {@link #logoutSuccessHandler} then skips the
 * success handler it wraps; {@link TempIdServerSecurity} installs it.</li>
 * <li>With a {@link ReactiveUserDetailsService}, a session of a user who no longer exists,
 * or is disabled, locked or expired, ends at its next request.</li>
 * </ul>
 */
public final class TempIdServerSecurityContextRepository implements ServerSecurityContextRepository, ServerLogoutHandler {

	/** The default cookie name, the servlet repository's. */
	public static final String DEFAULT_COOKIE_NAME = SessionCookies.DEFAULT_COOKIE_NAME;

	/** The default purpose of session tokens. */
	public static final String DEFAULT_PURPOSE = SessionCookies.DEFAULT_PURPOSE;

	/** The largest cookie (name, value and attributes) browsers are guaranteed to keep. */
	public static final int MAX_COOKIE_SIZE = SessionCookies.MAX_COOKIE_SIZE;

	private static final String LOADED_ATTRIBUTE = TempIdServerSecurityContextRepository.class.getName() + ".LOADED";

	private static final String LOGOUT_REFUSED_ATTRIBUTE = TempIdServerSecurityContextRepository.class.getName()
			+ ".LOGOUT_REFUSED";

	private static final Log logger = LogFactory.getLog(TempIdServerSecurityContextRepository.class);

	private final ReactiveTokenService tokens;

	private final SessionCookies cookies = new SessionCookies();

	private @Nullable ReactiveUserDetailsService userDetailsService;

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	public TempIdServerSecurityContextRepository(ReactiveTokenService tokens) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
	}

	/**
	 * Fails when the reactive store keeps no subject generations, which every session needs
	 * (its check, sign out everywhere): called where the sessions are put to use, at
	 * start-up, instead of failing at a user's first login.
	 */
	void requireSubjectGenerations() {
		if (!StoreFeatures.keepsSubjectGenerations(this.tokens.store(), ReactiveUseStore.class)) {
			throw new IllegalStateException("tempid cookie sessions need a store that keeps subject generations, but "
					+ this.tokens.store().getClass().getName() + " does not: use the in-memory, Redis or R2DBC store "
					+ "of tempid, or implement ReactiveUseStore.generation, advanceGenerations and the Generation "
					+ "overloads of consume, retire and usage");
		}
	}

	// ------------------------------------------------------------- settings

	public void setPurpose(String purpose) {
		this.cookies.setPurpose(purpose);
	}

	public void setAudience(@Nullable String audience) {
		this.cookies.setAudience(audience);
	}

	public void setCookieName(String cookieName) {
		this.cookies.setCookieName(cookieName);
	}

	/** The lifetime of one session cookie; renewed when less than half of it is left. */
	public void setTtl(Duration ttl) {
		this.cookies.setTtl(ttl);
	}

	/** How long a session lives at most, however often it is renewed. */
	public void setAbsoluteTimeout(Duration absoluteTimeout) {
		this.cookies.setAbsoluteTimeout(absoluteTimeout);
	}

	/** Whether the cookie is marked {@code Secure}; switch off only for local http. */
	public void setSecure(boolean secure) {
		this.cookies.setSecure(secure);
	}

	/** {@code Lax} (default), {@code Strict} or {@code None} (which needs {@code Secure}). */
	public void setSameSite(String sameSite) {
		this.cookies.setSameSite(sameSite);
	}

	public void setPath(String path) {
		this.cookies.setPath(path);
	}

	public void setDomain(@Nullable String domain) {
		this.cookies.setDomain(domain);
	}

	public String getCookieName() {
		return this.cookies.getCookieName();
	}

	/** Whether the cookie is marked {@code Secure}. */
	public boolean isSecure() {
		return this.cookies.isSecure();
	}

	/**
	 * Loads and checks the cookie's user on each request: a user who no longer exists or is
	 * disabled, locked or expired is signed out, and the principal is the
	 * {@code UserDetails}; a session without {@code perms} gets the user's authorities.
	 * Costs one {@code findByUsername} per request carrying the cookie.
	 */
	public void setUserDetailsService(@Nullable ReactiveUserDetailsService userDetailsService) {
		this.userDetailsService = userDetailsService;
	}

	public @Nullable ReactiveUserDetailsService getUserDetailsService() {
		return this.userDetailsService;
	}

	// ------------------------------------------------------------- ServerSecurityContextRepository

	@Override
	public Mono<SecurityContext> load(ServerWebExchange exchange) {
		return loaded(exchange).flatMap((loaded) -> renewIfDue(loaded, exchange)
			.then(Mono.<SecurityContext>fromSupplier(
					() -> loaded.ended ? null : new SecurityContextImpl(loaded.authentication))));
	}

	/** A new login: a new session id. Signing out clears the cookie. */
	@Override
	public Mono<Void> save(ServerWebExchange exchange, @Nullable SecurityContext context) {
		Authentication authentication = (context != null) ? context.getAuthentication() : null;
		if (authentication == null || this.trustResolver.isAnonymous(authentication)
				|| !authentication.isAuthenticated()) {
			return Mono.fromRunnable(() -> {
				if (cookieValue(exchange) != null) {
					clearCookie(exchange);
				}
			});
		}
		return Mono.defer(() -> writeSession(authentication, SessionCookies.newSessionId(),
				this.tokens.tokens().clock().instant(), 0, exchange)).then();
	}

	/**
	 * Ends every session of {@code username}, on every device and instance sharing the
	 * store ({@link ReactiveTokenService#revokeAll(String, String)} for the session
	 * purpose): each ends at its next request. The caller's own cookie, when it is one of
	 * them, is cleared by that request's check.
	 * @return completes once recorded; fails with
	 * {@link dev.tempid.StoreUnavailableException} when the store cannot record it (then no
	 * session ended)
	 */
	public Mono<Void> signOutEverywhere(String username) {
		Objects.requireNonNull(username, "username must not be null");
		return this.tokens.revokeAll(username, this.cookies.getPurpose());
	}

	// ------------------------------------------------------------- ServerLogoutHandler

	/**
	 * Revokes the session of the request's cookie, so that every copy dies, and clears the
	 * cookie. When the store cannot record the revocation, the copies of the cookie would
	 * stay alive: the response is then answered 503 with a problem detail and
	 * {@code Retry-After}, the cookie is kept so the user can try again, and the
	 * {@link #logoutSuccessHandler} skips the handler it wraps.
	 */
	@Override
	public Mono<Void> logout(WebFilterExchange webFilterExchange, @Nullable Authentication authentication) {
		ServerWebExchange exchange = webFilterExchange.getExchange();
		String value = cookieValue(exchange);
		if (value == null) {
			return Mono.empty();
		}
		Mono<Boolean> revoked = this.tokens.verify(value, this.cookies.expectation())
			// a cookie without a generation (an older version's) is refused at every check: nothing to revoke
			.flatMap((token) -> (token.generation() == 0) ? Mono.just(true) : this.tokens.revoke(token).thenReturn(true))
			.onErrorResume((ex) -> {
				if (ex instanceof TempIdException refused && refused.reason() != Reason.STORE_UNAVAILABLE) {
					// an invalid cookie needs no revocation
					logger.debug("Session cookie not revoked at logout: " + refused.reason());
					return Mono.just(true);
				}
				if (!(ex instanceof TempIdException)) {
					logger.warn("Could not revoke the session at logout (" + ex.getClass().getName() + ")");
				}
				return Mono.just(false);
			});
		return revoked.flatMap((done) -> {
			if (!done) {
				return refuseLogout(exchange);
			}
			exchange.getAttributes().remove(LOADED_ATTRIBUTE);
			clearCookie(exchange);
			return Mono.empty();
		});
	}

	/**
	 * The success handler of a logout through this repository: {@code delegate}, unless
	 * the logout was refused (answered 503, the session still alive).
	 */
	public ServerLogoutSuccessHandler logoutSuccessHandler(ServerLogoutSuccessHandler delegate) {
		Objects.requireNonNull(delegate, "delegate must not be null");
		// deferred: the logout filter assembles the success handler's Mono before the logout runs
		return (exchange, authentication) -> Mono.defer(() -> Boolean.TRUE
			.equals(exchange.getExchange().getAttribute(LOGOUT_REFUSED_ATTRIBUTE)) ? Mono.empty()
					: delegate.onLogoutSuccess(exchange, authentication));
	}

	/** {@link #logoutSuccessHandler(ServerLogoutSuccessHandler)} of Spring Security's default redirect to {@code /login?logout}. */
	public ServerLogoutSuccessHandler logoutSuccessHandler() {
		return logoutSuccessHandler(new RedirectServerLogoutSuccessHandler());
	}

	private Mono<Void> refuseLogout(ServerWebExchange exchange) {
		logger.warn("Session not ended at logout: the token store is unavailable; answering 503");
		exchange.getAttributes().put(LOGOUT_REFUSED_ATTRIBUTE, Boolean.TRUE);
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		response.getHeaders().set(HttpHeaders.RETRY_AFTER, SessionCookies.LOGOUT_RETRY_AFTER);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		byte[] body = TempIdProblemDetails.json(SessionCookies.logoutRefused()).getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	// ------------------------------------------------------------- internals

	/** The request's session, checked once per request (cached); empty when there is none or it is refused. */
	private Mono<Loaded> loaded(ServerWebExchange exchange) {
		Mono<Loaded> cached = exchange.getAttribute(LOADED_ATTRIBUTE);
		if (cached != null) {
			return cached;
		}
		String value = cookieValue(exchange);
		if (value == null) {
			return Mono.empty();
		}
		Mono<Loaded> loaded = check(value, exchange).cache();
		exchange.getAttributes().put(LOADED_ATTRIBUTE, loaded);
		return loaded;
	}

	/** One verify (one store read), then the claims of a session and its user. */
	private Mono<Loaded> check(String value, ServerWebExchange exchange) {
		return this.tokens.verify(value, this.cookies.expectation()).flatMap((token) -> {
			SessionCookies.Session session = this.cookies.session(token, this.tokens.tokens().clock().instant());
			if (session == null) {
				// no session of this version, or past its absolute timeout (logged by SessionCookies)
				return Mono.<Loaded>fromRunnable(() -> clearCookie(exchange));
			}
			return authentication(token, session.subject(), exchange)
				.map((authentication) -> new Loaded(session, authentication));
		}).onErrorResume((ex) -> {
			if (ex instanceof TempIdException refused && refused.reason() != Reason.STORE_UNAVAILABLE) {
				return refused(exchange, refused.reason().name());
			}
			// the store is down (or failed otherwise): fail closed, keep the cookie
			logger.warn("Session cookie could not be checked: the token store is unavailable ("
					+ ex.getClass().getSimpleName() + ")");
			return Mono.empty();
		});
	}

	private <T> Mono<T> refused(ServerWebExchange exchange, String why) {
		logger.debug("Session cookie refused: " + why);
		return Mono.fromRunnable(() -> clearCookie(exchange));
	}

	/** The session's authentication: its subject and {@code perms}, or its user's, checked, with a user details service. */
	private Mono<TempIdAuthenticationToken> authentication(VerifiedToken token, String subject,
			ServerWebExchange exchange) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		for (String permission : token.permissions()) {
			authorities.add(new SimpleGrantedAuthority(permission));
		}
		ReactiveUserDetailsService users = this.userDetailsService;
		if (users == null) {
			return Mono.just(TempIdAuthenticationToken.authenticated(subject, token, authorities));
		}
		return users.findByUsername(subject).flatMap((user) -> {
			// the checks of AccountStatusUserDetailsChecker, without its message lookup (which reads a bundle)
			if (!user.isEnabled() || !user.isAccountNonLocked() || !user.isAccountNonExpired()
					|| !user.isCredentialsNonExpired()) {
				return refused(exchange, "its user cannot sign in");
			}
			Collection<? extends GrantedAuthority> granted = authorities.isEmpty() ? user.getAuthorities() : authorities;
			return Mono.just(TempIdAuthenticationToken.authenticated((UserDetails) user, token, granted));
		}).switchIfEmpty(Mono.defer(() -> refused(exchange, "its user is gone")));
	}

	/**
	 * Renews the cookie when less than half its lifetime is left, once per request. A
	 * renewal the store cannot record keeps the current cookie, which stays valid until it
	 * expires.
	 */
	private Mono<Void> renewIfDue(Loaded loaded, ServerWebExchange exchange) {
		SessionCookies.Session session = loaded.session;
		if (loaded.renewed || !this.cookies.isRenewalDue(session)) {
			return Mono.empty();
		}
		loaded.renewed = true;
		return writeSession(loaded.authentication, session.id(), session.loginTime(), session.token().generation(),
				exchange)
			.doOnNext((held) -> loaded.ended = !held)
			.then()
			.onErrorResume(TempIdException.class, (ex) -> {
				logger.warn("Session cookie not renewed: " + ex.reason() + "; the current one stays valid");
				return Mono.empty();
			});
	}

	/**
	 * Issues a session cookie: the session's id, its subject's generation, the login time.
	 * @param renewing the generation of the session being renewed, or 0 for a new login
	 * @return whether the session holds: {@code false} when the user was signed out
	 * everywhere between this request's check and its renewal (the cookie is then cleared)
	 */
	private Mono<Boolean> writeSession(Authentication authentication, String sid, Instant loginTime, long renewing,
			ServerWebExchange exchange) {
		Duration ttl = this.cookies.cookieTtl(loginTime, this.tokens.tokens().clock().instant());
		if (ttl == null) {
			return Mono.fromCallable(() -> {
				clearCookie(exchange);
				return true;
			});
		}
		// a renewal is not a new login: it never ends the user's other sessions
		return this.tokens.issue(this.cookies.tokenRequest(authentication, sid, loginTime, ttl, renewing > 0))
			.map((issued) -> {
				// The renewal carries the generation the store holds now. Had the user been signed
				// out everywhere since this request's check, that is a newer one than the session's,
				// and the renewal would outlive the sign-out: drop it (reading our own new token
				// costs no store round trip).
				if (renewing > 0 && this.tokens.tokens().inspect(issued.value()).generation() != renewing) {
					logger.debug("Session cookie not renewed: its user was signed out everywhere");
					clearCookie(exchange);
					return false;
				}
				exchange.getResponse().getCookies().set(this.cookies.getCookieName(),
						this.cookies.sessionCookie(issued.value(), ttl));
				return true;
			});
	}

	private void clearCookie(ServerWebExchange exchange) {
		exchange.getResponse().getCookies().set(this.cookies.getCookieName(), this.cookies.clearingCookie());
	}

	private @Nullable String cookieValue(ServerWebExchange exchange) {
		HttpCookie cookie = exchange.getRequest().getCookies().getFirst(this.cookies.getCookieName());
		return (cookie != null && !cookie.getValue().isEmpty()) ? cookie.getValue() : null;
	}

	/** A checked session and its authentication. */
	private static final class Loaded {

		final SessionCookies.Session session;

		final TempIdAuthenticationToken authentication;

		volatile boolean renewed;

		/** Whether the user was signed out everywhere while this request renewed the session. */
		volatile boolean ended;

		Loaded(SessionCookies.Session session, TempIdAuthenticationToken authentication) {
			this.session = session;
			this.authentication = authentication;
		}

	}

}
