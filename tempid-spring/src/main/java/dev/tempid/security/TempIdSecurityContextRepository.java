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
import dev.tempid.TempIdException;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
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

	/** Marks a request whose cookie could not be checked because the store was down. */
	private static final Object UNCHECKED = new Object();

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
		else if (request.getAttribute(LOADED_ATTRIBUTE) != UNCHECKED) {
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

	/** Revokes the session id of the request's cookie, so that every copy dies, and clears the cookie. */
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
			// an invalid cookie needs no revocation; a down store is logged: the cookie is still cleared
			logger.debug("Session cookie not revoked at logout: " + ex.reason());
		}
		catch (RuntimeException ex) {
			logger.warn("Could not revoke the session at logout: " + ex.getMessage());
		}
		request.removeAttribute(LOADED_ATTRIBUTE);
		clearCookie(response);
	}

	// ------------------------------------------------------------- internals

	private @Nullable Loaded load(HttpServletRequest request) {
		Object cached = request.getAttribute(LOADED_ATTRIBUTE);
		if (cached instanceof Loaded loaded) {
			return loaded;
		}
		if (cached != null) {
			return null; // already found invalid
		}
		Object outcome = Boolean.FALSE;
		String value = cookieValue(request);
		if (value != null) {
			outcome = verify(value);
		}
		request.setAttribute(LOADED_ATTRIBUTE, outcome);
		return (outcome instanceof Loaded loaded) ? loaded : null;
	}

	/** A {@link Loaded} session, {@link Boolean#FALSE} for an invalid cookie, or {@link #UNCHECKED}. */
	private Object verify(String value) {
		try {
			VerifiedToken token = this.tokens.verify(value, expectation());
			String sid = token.claim(SID_CLAIM, String.class);
			Long login = token.claim(LOGIN_CLAIM, Long.class);
			String subject = token.subject();
			if (sid == null || login == null || subject == null) {
				return Boolean.FALSE;
			}
			Instant loginTime = Instant.ofEpochSecond(login);
			if (loginTime.plus(this.absoluteTimeout).isBefore(this.tokens.clock().instant())) {
				return Boolean.FALSE;
			}
			if (this.tokens.store().usage(sid).revoked()) {
				return Boolean.FALSE;
			}
			List<GrantedAuthority> authorities = new ArrayList<>();
			for (String permission : token.permissions()) {
				authorities.add(new org.springframework.security.core.authority.SimpleGrantedAuthority(permission));
			}
			return new Loaded(token, TempIdAuthenticationToken.authenticated(subject, token, authorities), sid,
					loginTime);
		}
		catch (TempIdException ex) {
			if (ex.reason() == dev.tempid.Reason.STORE_UNAVAILABLE) {
				logger.warn("Session cookie could not be checked: the token store is unavailable");
				return UNCHECKED;
			}
			logger.debug("Session cookie refused: " + ex.reason());
			return Boolean.FALSE;
		}
		catch (RuntimeException ex) {
			// a store that fails with something else: fail closed, keep the cookie
			logger.warn("Session cookie could not be checked: " + ex.getClass().getName());
			return UNCHECKED;
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

	private static final class Loaded {

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
