package dev.tempid.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

import dev.tempid.IssuedToken;
import dev.tempid.Reason;
import dev.tempid.TempIdException;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;
import dev.tempid.store.StoreFeatures;
import dev.tempid.store.UseStore;
import dev.tempid.web.TempIdProblemDetails;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Keeps the login in a tempid cookie instead of an HTTP session: stateless servers, no
 * sticky sessions, and still revocable. Uses only {@link TokenService}'s public API, so
 * every login, check, renewal and logout reaches its listeners (events, metrics). The
 * cookie, its token and their rules are {@link SessionCookies}', shared with the WebFlux
 * repository.
 *
 * <ul>
 * <li>The cookie holds a {@code v4.local} token (encrypted: the client cannot read or
 * change it) of purpose {@code session} whose subject is the user name and whose
 * {@code perms} are the authorities, plus a random session id ({@code sid}: the tokens
 * of one session share one store entry), the login time, and the subject's generation
 * ({@code gen}, {@link TokenRequest.Builder#revocableBySubject}).</li>
 * <li>{@code HttpOnly}, {@code Secure} (switch off only for local http), {@code SameSite=Lax}
 * by default, {@code Path=/}; a cookie that would exceed 4096 bytes is refused at login.</li>
 * <li>Sliding renewal: once less than half the lifetime is left, the next request gets a
 * fresh cookie with the same session id and login time; an absolute timeout caps the
 * session.</li>
 * <li>Logout ({@link LogoutHandler}) revokes the session ({@link TokenService#revoke(VerifiedToken)}),
 * so every copy of the cookie (including renewed and stolen ones) dies at once.
 * {@link #signOutEverywhere(String)} ends every session of a user, on every device and
 * every instance sharing the store ({@link TokenService#revokeAll(String, String)}).</li>
 * <li>Cost: each request with a cookie reads the store once (one Redis script or one
 * indexed SQL lookup), which checks the session's revocation and the user's generation
 * together; a login or a renewal writes the generation once. When the store is down, the
 * session is refused (fail closed) and the cookie kept.</li>
 * <li>A cookie without a generation (issued before sessions carried one) is refused and
 * cleared: its user signs in again once.</li>
 * </ul>
 * The store must keep subject generations (the in-memory, Redis and JDBC stores of
 * tempid do). Authorities are taken from the cookie as they were at login: sign the user
 * out everywhere when their rights shrink. With a {@link UserDetailsService}, a user who
 * was deleted or disabled is signed out at the next request.
 */
public final class TempIdSecurityContextRepository implements SecurityContextRepository, LogoutHandler {

	/** The default cookie name. */
	public static final String DEFAULT_COOKIE_NAME = SessionCookies.DEFAULT_COOKIE_NAME;

	/** The default purpose of session tokens. */
	public static final String DEFAULT_PURPOSE = SessionCookies.DEFAULT_PURPOSE;

	/** The largest cookie (name, value and attributes) browsers are guaranteed to keep. */
	public static final int MAX_COOKIE_SIZE = SessionCookies.MAX_COOKIE_SIZE;

	/** The claim (in the encrypted payload) that holds the login time, in epoch seconds. */
	static final String LOGIN_CLAIM = SessionCookies.LOGIN_CLAIM;

	private static final String LOADED_ATTRIBUTE = TempIdSecurityContextRepository.class.getName() + ".LOADED";

	private static final Log logger = LogFactory.getLog(TempIdSecurityContextRepository.class);

	private final TokenService tokens;

	private final SessionCookies cookies = new SessionCookies();

	private SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private @Nullable UserDetailsService userDetailsService;

	private TempIdAuthenticationConverter converter = new TempIdAuthenticationConverter("", null);

	public TempIdSecurityContextRepository(TokenService tokens) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
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

	/** Whether the cookie is marked {@code Secure}. */
	public boolean isSecure() {
		return this.cookies.isSecure();
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

	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
		this.strategy = Objects.requireNonNull(strategy, "strategy must not be null");
	}

	public String getCookieName() {
		return this.cookies.getCookieName();
	}

	/**
	 * Loads and checks the cookie's user on each request: a user who no longer exists or is
	 * disabled, locked or expired is signed out, and the principal is the {@code UserDetails}.
	 * Costs one {@code loadUserByUsername} per request carrying the cookie.
	 */
	public void setUserDetailsService(@Nullable UserDetailsService userDetailsService) {
		this.userDetailsService = userDetailsService;
		this.converter = new TempIdAuthenticationConverter("", userDetailsService);
	}

	public @Nullable UserDetailsService getUserDetailsService() {
		return this.userDetailsService;
	}

	/**
	 * Fails when the service's store keeps no subject generations, which every session
	 * needs (its check, sign out everywhere): called where the sessions are put to use, at
	 * start-up, instead of failing at a user's first login.
	 */
	void requireSubjectGenerations() {
		if (!StoreFeatures.keepsSubjectGenerations(this.tokens.store(), UseStore.class)) {
			throw new IllegalStateException("tempid cookie sessions need a store that keeps subject generations, but "
					+ this.tokens.store().getClass().getName() + " does not: use the in-memory, Redis or JDBC store "
					+ "of tempid, or implement UseStore.generation, advanceGenerations and the Generation overloads "
					+ "of consume, retire and usage");
		}
	}

	// ------------------------------------------------------------- SecurityContextRepository

	@Override
	public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
		Supplier<SecurityContext> supplier = () -> {
			Loaded loaded = load(request);
			SecurityContext context = this.strategy.createEmptyContext();
			if (loaded != null) {
				context.setAuthentication(loaded.authentication);
			}
			return context;
		};
		return new DeferredSecurityContext() {

			private @Nullable SecurityContext context;

			@Override
			public SecurityContext get() {
				if (this.context == null) {
					this.context = supplier.get();
				}
				return this.context;
			}

			@Override
			public boolean isGenerated() {
				return get().getAuthentication() == null;
			}

		};
	}

	@Override
	@Deprecated
	public SecurityContext loadContext(
			org.springframework.security.web.context.HttpRequestResponseHolder requestResponseHolder) {
		return loadDeferredContext(requestResponseHolder.getRequest()).get();
	}

	@Override
	public boolean containsContext(HttpServletRequest request) {
		return cookieValue(request) != null;
	}

	@Override
	public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
		Authentication authentication = context.getAuthentication();
		if (authentication == null || this.trustResolver.isAnonymous(authentication)
				|| !authentication.isAuthenticated()) {
			if (cookieValue(request) != null) {
				clearCookie(response);
			}
			return;
		}
		Loaded loaded = load(request);
		if (loaded != null && loaded.authentication == authentication) {
			renewIfDue(loaded, request, response);
			return;
		}
		// a new login: a new session id
		writeSession(authentication, SessionCookies.newSessionId(), this.tokens.clock().instant(), 0, response);
	}

	/**
	 * Renews the request's session cookie when less than half its lifetime is left. Called
	 * for every request by the filter that {@link TempIdConfigurer} installs.
	 */
	public void renewIfDue(HttpServletRequest request, HttpServletResponse response) {
		if (cookieValue(request) == null) {
			return;
		}
		Loaded loaded = load(request);
		if (loaded != null) {
			renewIfDue(loaded, request, response);
		}
		else if (request.getAttribute(LOADED_ATTRIBUTE) != Refused.STORE_UNAVAILABLE) {
			// invalid, expired or revoked: clear it (but keep it through a store outage)
			clearCookie(response);
		}
	}

	private void renewIfDue(Loaded loaded, HttpServletRequest request, HttpServletResponse response) {
		SessionCookies.Session session = loaded.session;
		if (loaded.renewed || !this.cookies.isRenewalDue(session)) {
			return;
		}
		loaded.renewed = true;
		try {
			if (!writeSession(loaded.authentication, session.id(), session.loginTime(), session.token().generation(),
					response)) {
				// signed out everywhere between this request's check and its renewal
				request.setAttribute(LOADED_ATTRIBUTE, Refused.INVALID);
			}
		}
		catch (TempIdException ex) {
			if (ex.reason() != Reason.STORE_UNAVAILABLE) {
				throw ex;
			}
			// the cookie still has half its life: keep it, a later request renews it
			logger.warn("Session cookie not renewed: the token store is unavailable");
		}
	}

	// ------------------------------------------------------------- signing out

	/**
	 * Revokes the session of the request's cookie ({@link TokenService#revoke(VerifiedToken)}),
	 * so that every copy dies, and clears the cookie. When the store cannot record the
	 * revocation, the copies of the cookie would stay alive: the response is then committed
	 * as a 503 problem detail (with {@code Retry-After}), the cookie is kept so the user can
	 * try again, and the logout success handler that follows finds the response committed
	 * and does nothing.
	 */
	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response,
			@Nullable Authentication authentication) {
		String value = cookieValue(request);
		if (value == null) {
			return;
		}
		try {
			VerifiedToken token = sessionToken(request, value);
			if (token != null) {
				this.tokens.revoke(token);
			}
		}
		catch (TempIdException ex) {
			if (ex.reason() == Reason.STORE_UNAVAILABLE) {
				refuseLogout(response);
				return;
			}
			// an invalid, expired or revoked cookie needs no revocation
			logger.debug("Session cookie not revoked at logout: " + ex.reason());
		}
		catch (RuntimeException ex) {
			logger.warn("Could not revoke the session at logout (" + ex.getClass().getName() + ")");
			refuseLogout(response);
			return;
		}
		request.setAttribute(LOADED_ATTRIBUTE, Refused.INVALID);
		clearCookie(response);
	}

	/**
	 * The request's session token to revoke: the one this request already checked, or
	 * (when its check did not load a session, for example because its user is disabled)
	 * the cookie verified now. {@code null} for a cookie without a session generation,
	 * which is refused anyway.
	 * @throws TempIdException when the cookie is invalid, or the store is down
	 */
	private @Nullable VerifiedToken sessionToken(HttpServletRequest request, String value) {
		if (request.getAttribute(LOADED_ATTRIBUTE) instanceof Loaded loaded) {
			return loaded.session.token();
		}
		VerifiedToken token = this.tokens.verify(value, this.cookies.expectation());
		return (token.generation() > 0 && token.sessionId() != null) ? token : null;
	}

	/**
	 * Signs a user out everywhere: every cookie session of {@code username}, on every
	 * device and every instance sharing the store, ends at its next request (renewed and
	 * copied cookies too). One store write ({@link TokenService#revokeAll(String, String)}
	 * for the session purpose); the user's other tokens (links, bearer tokens) are not
	 * touched. For a user who asks for it, after a password change, or for an administrator
	 * ending another user's sessions.
	 * @param username the user name, as {@link Authentication#getName()} gives it at login
	 * @throws dev.tempid.StoreUnavailableException when the store cannot be reached (then
	 * no session ended: try again)
	 */
	public void signOutEverywhere(String username) {
		this.tokens.revokeAll(Objects.requireNonNull(username, "username must not be null"),
				this.cookies.getPurpose());
	}

	/**
	 * {@link #signOutEverywhere(String)}, called while serving a request: when the request's
	 * own session cookie belongs to {@code username}, it is cleared in the response too and
	 * the rest of the request no longer finds a session in it.
	 * @throws dev.tempid.StoreUnavailableException when the store cannot be reached (then
	 * no session ended, and the cookie is kept)
	 */
	public void signOutEverywhere(String username, HttpServletRequest request, HttpServletResponse response) {
		Loaded own = (cookieValue(request) != null) ? load(request) : null;
		signOutEverywhere(username);
		if (own != null && username.equals(own.session.subject())) {
			request.setAttribute(LOADED_ATTRIBUTE, Refused.INVALID);
			clearCookie(response);
		}
	}

	private static void refuseLogout(HttpServletResponse response) {
		logger.warn("Session not ended at logout: the token store is unavailable; answering 503");
		try {
			response.setHeader(HttpHeaders.RETRY_AFTER, SessionCookies.LOGOUT_RETRY_AFTER);
			TempIdProblemDetails.write(SessionCookies.logoutRefused(), response);
			response.flushBuffer();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	// ------------------------------------------------------------- internals

	private @Nullable Loaded load(HttpServletRequest request) {
		Object cached = request.getAttribute(LOADED_ATTRIBUTE);
		if (cached instanceof Check check) {
			return (check instanceof Loaded loaded) ? loaded : null;
		}
		String value = cookieValue(request);
		Check outcome = (value != null) ? verify(value) : Refused.INVALID;
		request.setAttribute(LOADED_ATTRIBUTE, outcome);
		return (outcome instanceof Loaded loaded) ? loaded : null;
	}

	/**
	 * What checking a cookie found: a {@link Loaded} session, or why there is none. The
	 * verify is the request's one store read: it checks the session's revocation and the
	 * user's generation together.
	 */
	private Check verify(String value) {
		try {
			VerifiedToken token = this.tokens.verify(value, this.cookies.expectation());
			SessionCookies.Session session = this.cookies.session(token, this.tokens.clock().instant());
			if (session == null) {
				// an older cookie without a generation is refused too: its user signs in again
				return Refused.INVALID;
			}
			TempIdAuthenticationToken authentication;
			try {
				authentication = this.converter.convert(token);
			}
			catch (TempIdAuthenticationException ex) {
				logger.debug("Session cookie refused: its user cannot sign in");
				return Refused.INVALID;
			}
			return new Loaded(session, authentication);
		}
		catch (TempIdException ex) {
			if (ex.reason() == Reason.STORE_UNAVAILABLE) {
				logger.warn("Session cookie could not be checked: the token store is unavailable");
				return Refused.STORE_UNAVAILABLE;
			}
			logger.debug("Session cookie refused: " + ex.reason());
			return Refused.INVALID;
		}
		catch (RuntimeException ex) {
			// a store that fails with something else: fail closed, keep the cookie
			logger.warn("Session cookie could not be checked: " + ex.getClass().getName());
			return Refused.STORE_UNAVAILABLE;
		}
	}

	/**
	 * Issues a session cookie: at login ({@code renewing} 0) or as the renewal of a
	 * session whose token carried generation {@code renewing}.
	 * @return {@code false} when the renewal found the user's generation moved on (signed
	 * out everywhere after this request's check): no cookie is issued and the request's is
	 * cleared
	 */
	private boolean writeSession(Authentication authentication, String sid, Instant loginTime, long renewing,
			HttpServletResponse response) {
		Duration ttl = this.cookies.cookieTtl(loginTime, this.tokens.clock().instant());
		if (ttl == null) {
			clearCookie(response);
			return true;
		}
		// a renewal is not a new login: it never ends the user's other sessions
		IssuedToken issued = this.tokens.issue(this.cookies.tokenRequest(authentication, sid, loginTime, ttl,
				renewing > 0));
		// The renewal carries the generation the store holds now. Had the user been signed
		// out everywhere since this request's check, that is a newer one than the session's,
		// and the renewal would outlive the sign-out: drop it (reading our own new token
		// costs no store round trip).
		if (renewing > 0 && this.tokens.inspect(issued.value()).generation() != renewing) {
			logger.debug("Session cookie not renewed: its user was signed out everywhere");
			clearCookie(response);
			return false;
		}
		response.addHeader(HttpHeaders.SET_COOKIE, this.cookies.sessionCookie(issued.value(), ttl).toString());
		return true;
	}

	private void clearCookie(HttpServletResponse response) {
		if (response.isCommitted()) {
			// a refused logout (503) is already answered: the cookie stays
			return;
		}
		response.addHeader(HttpHeaders.SET_COOKIE, this.cookies.clearingCookie().toString());
	}

	private @Nullable String cookieValue(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		for (Cookie cookie : cookies) {
			if (this.cookies.getCookieName().equals(cookie.getName()) && cookie.getValue() != null && !cookie.getValue().isEmpty()) {
				return cookie.getValue();
			}
		}
		return null;
	}

	/** The outcome of checking a session cookie. */
	private sealed interface Check permits Loaded, Refused {
	}

	/** Why a cookie gives no session. */
	private enum Refused implements Check {

		/** Invalid, expired, revoked, or its user cannot sign in: the cookie is cleared. */
		INVALID,

		/** Not checked because the store is down: fail closed, but keep the cookie. */
		STORE_UNAVAILABLE

	}

	/** A checked session and its authentication. */
	private static final class Loaded implements Check {

		final SessionCookies.Session session;

		final TempIdAuthenticationToken authentication;

		boolean renewed;

		Loaded(SessionCookies.Session session, TempIdAuthenticationToken authentication) {
			this.session = session;
			this.authentication = authentication;
		}

	}

}
