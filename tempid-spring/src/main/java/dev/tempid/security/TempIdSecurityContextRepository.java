package dev.tempid.security;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import dev.tempid.Expectation;
import dev.tempid.IssuedToken;
import dev.tempid.Reason;
import dev.tempid.TempIdException;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;
import dev.tempid.web.TempIdProblemDetails;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseCookie;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Keeps the login in a tempid cookie instead of an HTTP session: stateless servers, no
 * sticky sessions, and still revocable.
 *
 * <ul>
 * <li>The cookie holds a {@code v4.local} token (encrypted: the client cannot read or
 * change it) of purpose {@code session} whose subject is the user name and whose
 * {@code perms} are the authorities, plus a random session id ({@code sid}) and the login
 * time.</li>
 * <li>{@code HttpOnly}, {@code Secure} (switch off only for local http), {@code SameSite=Lax}
 * by default, {@code Path=/}; a cookie that would exceed 4096 bytes is refused at login.</li>
 * <li>Sliding renewal: once less than half the lifetime is left, the next request gets a
 * fresh cookie with the same session id; an absolute timeout caps the session.</li>
 * <li>Revocation: as a {@link LogoutHandler}, logout revokes the session id in the
 * {@code UseStore}, so every copy of the cookie (including renewed and stolen ones) dies
 * at once. Cost: each request with a cookie reads the store once (one Redis {@code GET}
 * or one indexed SQL lookup). When the store is down, the session is refused (fail
 * closed).</li>
 * </ul>
 * Authorities are taken from the cookie as they were at login: revoke sessions (or log
 * out) when a user's rights shrink.
 */
public final class TempIdSecurityContextRepository implements SecurityContextRepository, LogoutHandler {

	/** The default cookie name. */
	public static final String DEFAULT_COOKIE_NAME = "TEMPID_SESSION";

	/** The default purpose of session tokens. */
	public static final String DEFAULT_PURPOSE = "session";

	/** The largest cookie (name, value and attributes) browsers are guaranteed to keep. */
	public static final int MAX_COOKIE_SIZE = 4096;

	static final String SID_CLAIM = "sid";

	static final String LOGIN_CLAIM = "login";

	private static final String LOADED_ATTRIBUTE = TempIdSecurityContextRepository.class.getName() + ".LOADED";

	private static final Log logger = LogFactory.getLog(TempIdSecurityContextRepository.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final TokenService tokens;

	private String purpose = DEFAULT_PURPOSE;

	private @Nullable String audience;

	private String cookieName = DEFAULT_COOKIE_NAME;

	private Duration ttl = Duration.ofHours(8);

	private Duration absoluteTimeout = Duration.ofDays(7);

	private boolean secure = true;

	private String sameSite = "Lax";

	private String path = "/";

	private @Nullable String domain;

	private SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	private @Nullable UserDetailsService userDetailsService;

	private TempIdAuthenticationConverter converter = new TempIdAuthenticationConverter("", null);

	public TempIdSecurityContextRepository(TokenService tokens) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
	}

	// ------------------------------------------------------------- settings

	public void setPurpose(String purpose) {
		this.purpose = Objects.requireNonNull(purpose, "purpose must not be null");
	}

	public void setAudience(@Nullable String audience) {
		this.audience = audience;
	}

	public void setCookieName(String cookieName) {
		this.cookieName = Objects.requireNonNull(cookieName, "cookieName must not be null");
	}

	/** The lifetime of one session cookie; renewed when less than half of it is left. */
	public void setTtl(Duration ttl) {
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive");
		}
		this.ttl = ttl;
	}

	/** How long a session lives at most, however often it is renewed. */
	public void setAbsoluteTimeout(Duration absoluteTimeout) {
		if (absoluteTimeout.isNegative() || absoluteTimeout.isZero()) {
			throw new IllegalArgumentException("absoluteTimeout must be positive");
		}
		this.absoluteTimeout = absoluteTimeout;
	}

	/** Whether the cookie is marked {@code Secure}; switch off only for local http. */
	public void setSecure(boolean secure) {
		this.secure = secure;
	}

	/** Whether the cookie is marked {@code Secure}. */
	public boolean isSecure() {
		return this.secure;
	}

	/** {@code Lax} (default), {@code Strict} or {@code None} (which needs {@code Secure}). */
	public void setSameSite(String sameSite) {
		this.sameSite = Objects.requireNonNull(sameSite, "sameSite must not be null");
	}

	public void setPath(String path) {
		this.path = Objects.requireNonNull(path, "path must not be null");
	}

	public void setDomain(@Nullable String domain) {
		this.domain = domain;
	}

	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
		this.strategy = Objects.requireNonNull(strategy, "strategy must not be null");
	}

	public String getCookieName() {
		return this.cookieName;
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
			renewIfDue(loaded, response);
			return;
		}
		// a new login: a new session id
		writeSession(authentication, newSessionId(), this.tokens.clock().instant(), response);
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
			renewIfDue(loaded, response);
		}
		else if (request.getAttribute(LOADED_ATTRIBUTE) != Refused.STORE_UNAVAILABLE) {
			// invalid, expired or revoked: clear it (but keep it through a store outage)
			clearCookie(response);
		}
	}

	private void renewIfDue(Loaded loaded, HttpServletResponse response) {
		VerifiedToken token = loaded.token;
		Duration lifetime = Duration.between(token.issuedAt(), token.expiresAt());
		if (token.remaining().compareTo(lifetime.dividedBy(2)) >= 0 || loaded.renewed) {
			return;
		}
		loaded.renewed = true;
		writeSession(loaded.authentication, loaded.sessionId, loaded.loginTime, response);
	}

	// ------------------------------------------------------------- LogoutHandler

	/**
	 * Revokes the session id of the request's cookie, so that every copy dies, and clears the
	 * cookie. When the store cannot record the revocation, the copies of the cookie would
	 * stay alive: the response is then committed as a 503 problem detail (with
	 * {@code Retry-After}), the cookie is kept so the user can try again, and the logout
	 * success handler that follows finds the response committed and does nothing.
	 */
	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response,
			@Nullable Authentication authentication) {
		String value = cookieValue(request);
		if (value == null) {
			return;
		}
		try {
			VerifiedToken token = this.tokens.verify(value, expectation());
			String sid = token.claim(SID_CLAIM, String.class);
			if (sid != null) {
				this.tokens.store().revoke(sid, this.ttl.plus(this.tokens.leeway()).plus(TokenService.STORE_MARGIN));
			}
		}
		catch (TempIdException ex) {
			if (ex.reason() == Reason.STORE_UNAVAILABLE) {
				refuseLogout(response);
				return;
			}
			// an invalid cookie needs no revocation
			logger.debug("Session cookie not revoked at logout: " + ex.reason());
		}
		catch (RuntimeException ex) {
			logger.warn("Could not revoke the session at logout (" + ex.getClass().getName() + ")");
			refuseLogout(response);
			return;
		}
		request.removeAttribute(LOADED_ATTRIBUTE);
		clearCookie(response);
	}

	private static void refuseLogout(HttpServletResponse response) {
		logger.warn("Session not ended at logout: the token store is unavailable; answering 503");
		try {
			ProblemDetail problem = TempIdProblemDetails.forReason(Reason.STORE_UNAVAILABLE, null);
			problem.setTitle("Sign-out failed");
			problem.setDetail("The session could not be ended because tokens cannot be checked right now; "
					+ "you are still signed in. Try again later.");
			response.setHeader(HttpHeaders.RETRY_AFTER, "5");
			TempIdProblemDetails.write(problem, response);
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

	/** What checking a cookie found: a {@link Loaded} session, or why there is none. */
	private Check verify(String value) {
		try {
			VerifiedToken token = this.tokens.verify(value, expectation());
			String sid = token.claim(SID_CLAIM, String.class);
			Long login = token.claim(LOGIN_CLAIM, Long.class);
			String subject = token.subject();
			if (sid == null || login == null || subject == null) {
				return Refused.INVALID;
			}
			Instant loginTime = Instant.ofEpochSecond(login);
			if (loginTime.plus(this.absoluteTimeout).isBefore(this.tokens.clock().instant())) {
				return Refused.INVALID;
			}
			if (this.tokens.store().usage(sid).revoked()) {
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
			return new Loaded(token, authentication, sid, loginTime);
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

	private Expectation expectation() {
		Expectation expectation = Expectation.purpose(this.purpose);
		return (this.audience != null) ? expectation.audience(this.audience) : expectation;
	}

	private void writeSession(Authentication authentication, String sid, Instant loginTime,
			HttpServletResponse response) {
		Duration left = Duration.between(this.tokens.clock().instant(), loginTime.plus(this.absoluteTimeout));
		Duration ttl = (left.compareTo(this.ttl) < 0) ? left : this.ttl;
		if (ttl.getSeconds() < 1) {
			clearCookie(response);
			return;
		}
		List<String> authorities = new ArrayList<>();
		for (GrantedAuthority authority : authentication.getAuthorities()) {
			if (authority.getAuthority() != null) {
				authorities.add(authority.getAuthority());
			}
		}
		TokenRequest.Builder request = TokenRequest.forPurpose(this.purpose)
			.subject(authentication.getName())
			.ttl(ttl)
			.unlimitedUses()
			.permissions(authorities)
			.claim(SID_CLAIM, sid)
			.claim(LOGIN_CLAIM, loginTime.getEpochSecond());
		if (this.audience != null) {
			request.audience(this.audience);
		}
		IssuedToken issued = this.tokens.issue(request.build());
		ResponseCookie cookie = cookie(issued.value(), ttl);
		String header = cookie.toString();
		if (header.length() > MAX_COOKIE_SIZE) {
			throw new IllegalStateException("The session cookie would be " + header.length() + " bytes, more than "
					+ MAX_COOKIE_SIZE + " that browsers keep: give the user fewer or shorter authorities");
		}
		response.addHeader(HttpHeaders.SET_COOKIE, header);
	}

	private ResponseCookie cookie(String value, Duration maxAge) {
		ResponseCookie.ResponseCookieBuilder builder = ResponseCookie.from(this.cookieName, value)
			.httpOnly(true)
			.secure(this.secure)
			.sameSite(this.sameSite)
			.path(this.path)
			.maxAge(maxAge);
		if (this.domain != null) {
			builder.domain(this.domain);
		}
		return builder.build();
	}

	private void clearCookie(HttpServletResponse response) {
		if (response.isCommitted()) {
			// a refused logout (503) is already answered: the cookie stays
			return;
		}
		response.addHeader(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO).toString());
	}

	private @Nullable String cookieValue(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		for (Cookie cookie : cookies) {
			if (this.cookieName.equals(cookie.getName()) && cookie.getValue() != null && !cookie.getValue().isEmpty()) {
				return cookie.getValue();
			}
		}
		return null;
	}

	private static String newSessionId() {
		byte[] bytes = new byte[18];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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

	private static final class Loaded implements Check {

		final VerifiedToken token;

		final TempIdAuthenticationToken authentication;

		final String sessionId;

		final Instant loginTime;

		boolean renewed;

		Loaded(VerifiedToken token, TempIdAuthenticationToken authentication, String sessionId, Instant loginTime) {
			this.token = token;
			this.authentication = authentication;
			this.sessionId = sessionId;
			this.loginTime = loginTime;
		}

	}

}
