package dev.tempid.security.server;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import dev.tempid.Expectation;
import dev.tempid.IssuedToken;
import dev.tempid.Reason;
import dev.tempid.TempIdException;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.security.TempIdAuthenticationToken;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.logout.ServerLogoutHandler;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Keeps the login in a tempid cookie instead of a {@code WebSession}: the WebFlux
 * counterpart of {@link dev.tempid.security.TempIdSecurityContextRepository}, with the
 * same cookie, the same token (purpose {@code session}, subject, authorities as
 * {@code perms}, a random session id {@code sid}, the login time) and the same rules, so
 * a servlet and a reactive application sharing keys and store accept each other's
 * sessions.
 * <ul>
 * <li>{@code HttpOnly}, {@code Secure} (switch off only for local http),
 * {@code SameSite=Lax} by default, {@code Path=/}; a cookie over 4096 bytes is refused at
 * login.</li>
 * <li>Sliding renewal: once less than half the lifetime is left, the response to the
 * request that loads it carries a fresh cookie with the same session id; an absolute
 * timeout caps the session.</li>
 * <li>Revocation: as a {@link ServerLogoutHandler}, logout revokes the session id in the
 * reactive store, so every copy of the cookie dies at once. Each request with a cookie
 * reads the store once, without blocking; when the store is down the session is refused
 * (fail closed) and the cookie kept.</li>
 * </ul>
 */
public final class TempIdServerSecurityContextRepository implements ServerSecurityContextRepository, ServerLogoutHandler {

	/** The default cookie name, the servlet repository's. */
	public static final String DEFAULT_COOKIE_NAME = dev.tempid.security.TempIdSecurityContextRepository.DEFAULT_COOKIE_NAME;

	/** The default purpose of session tokens. */
	public static final String DEFAULT_PURPOSE = dev.tempid.security.TempIdSecurityContextRepository.DEFAULT_PURPOSE;

	/** The largest cookie (name, value and attributes) browsers are guaranteed to keep. */
	public static final int MAX_COOKIE_SIZE = 4096;

	static final String SID_CLAIM = "sid";

	static final String LOGIN_CLAIM = "login";

	private static final String LOADED_ATTRIBUTE = TempIdServerSecurityContextRepository.class.getName() + ".LOADED";

	private static final Log logger = LogFactory.getLog(TempIdServerSecurityContextRepository.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final ReactiveTokenService tokens;

	private String purpose = DEFAULT_PURPOSE;

	private @Nullable String audience;

	private String cookieName = DEFAULT_COOKIE_NAME;

	private Duration ttl = Duration.ofHours(8);

	private Duration absoluteTimeout = Duration.ofDays(7);

	private boolean secure = true;

	private String sameSite = "Lax";

	private String path = "/";

	private @Nullable String domain;

	private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

	public TempIdServerSecurityContextRepository(ReactiveTokenService tokens) {
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

	public String getCookieName() {
		return this.cookieName;
	}

	// ------------------------------------------------------------- ServerSecurityContextRepository

	@Override
	public Mono<SecurityContext> load(ServerWebExchange exchange) {
		return loaded(exchange).map((loaded) -> {
			renewIfDue(loaded, exchange);
			return new SecurityContextImpl(loaded.authentication);
		});
	}

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
		return Mono.fromRunnable(
				() -> writeSession(authentication, newSessionId(), this.tokens.tokens().clock().instant(), exchange));
	}

	// ------------------------------------------------------------- ServerLogoutHandler

	/** Revokes the session id of the request's cookie, so that every copy dies, and clears the cookie. */
	@Override
	public Mono<Void> logout(WebFilterExchange webFilterExchange, @Nullable Authentication authentication) {
		ServerWebExchange exchange = webFilterExchange.getExchange();
		String value = cookieValue(exchange);
		if (value == null) {
			return Mono.empty();
		}
		Mono<Void> revoke = Mono.defer(() -> {
			VerifiedToken token = this.tokens.tokens().verifyWithoutStore(value, expectation());
			String sid = token.claim(SID_CLAIM, String.class);
			if (sid == null) {
				return Mono.empty();
			}
			TokenService service = this.tokens.tokens();
			return this.tokens.store().revoke(sid, this.ttl.plus(service.leeway()).plus(TokenService.STORE_MARGIN));
		}).onErrorResume((ex) -> {
			// an invalid cookie needs no revocation; a down store is logged: the cookie is still cleared
			if (ex instanceof TempIdException refused && refused.reason() != Reason.STORE_UNAVAILABLE) {
				logger.debug("Session cookie not revoked at logout: " + refused.reason());
			}
			else {
				logger.warn("Could not revoke the session at logout: " + ex.getClass().getSimpleName());
			}
			return Mono.empty();
		});
		return revoke.then(Mono.fromRunnable(() -> {
			exchange.getAttributes().remove(LOADED_ATTRIBUTE);
			clearCookie(exchange);
		}));
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
		Mono<Loaded> loaded = verify(value, exchange).cache();
		exchange.getAttributes().put(LOADED_ATTRIBUTE, loaded);
		return loaded;
	}

	private Mono<Loaded> verify(String value, ServerWebExchange exchange) {
		TokenService service = this.tokens.tokens();
		return this.tokens.verify(value, expectation()).flatMap((token) -> {
			String sid = token.claim(SID_CLAIM, String.class);
			Long login = token.claim(LOGIN_CLAIM, Long.class);
			String subject = token.subject();
			if (sid == null || login == null || subject == null) {
				return Mono.<Loaded>empty();
			}
			Instant loginTime = Instant.ofEpochSecond(login);
			if (loginTime.plus(this.absoluteTimeout).isBefore(service.clock().instant())) {
				return Mono.<Loaded>empty();
			}
			return this.tokens.store().usage(sid).<Loaded>flatMap((state) -> {
				if (state.revoked()) {
					return Mono.empty();
				}
				List<GrantedAuthority> authorities = new ArrayList<>();
				for (String permission : token.permissions()) {
					authorities.add(new SimpleGrantedAuthority(permission));
				}
				return Mono.just(new Loaded(token, TempIdAuthenticationToken.authenticated(subject, token, authorities),
						sid, loginTime));
			});
		}).onErrorResume((ex) -> {
			if (ex instanceof TempIdException refused && refused.reason() != Reason.STORE_UNAVAILABLE) {
				logger.debug("Session cookie refused: " + refused.reason());
				return Mono.fromRunnable(() -> clearCookie(exchange));
			}
			// the store is down (or failed otherwise): fail closed, keep the cookie
			logger.warn("Session cookie could not be checked: the token store is unavailable");
			return Mono.empty();
		});
	}

	private void renewIfDue(Loaded loaded, ServerWebExchange exchange) {
		VerifiedToken token = loaded.token;
		Duration lifetime = Duration.between(token.issuedAt(), token.expiresAt());
		if (token.remaining().compareTo(lifetime.dividedBy(2)) >= 0 || loaded.renewed) {
			return;
		}
		loaded.renewed = true;
		writeSession(loaded.authentication, loaded.sessionId, loaded.loginTime, exchange);
	}

	private Expectation expectation() {
		Expectation expectation = Expectation.purpose(this.purpose);
		return (this.audience != null) ? expectation.audience(this.audience) : expectation;
	}

	private void writeSession(Authentication authentication, String sid, Instant loginTime, ServerWebExchange exchange) {
		TokenService service = this.tokens.tokens();
		Duration left = Duration.between(service.clock().instant(), loginTime.plus(this.absoluteTimeout));
		Duration ttl = (left.compareTo(this.ttl) < 0) ? left : this.ttl;
		if (ttl.getSeconds() < 1) {
			clearCookie(exchange);
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
		IssuedToken issued = service.issue(request.build());
		ResponseCookie cookie = cookie(issued.value(), ttl);
		if (cookie.toString().length() > MAX_COOKIE_SIZE) {
			throw new IllegalStateException("The session cookie would be " + cookie.toString().length()
					+ " bytes, more than " + MAX_COOKIE_SIZE + " that browsers keep: give the user fewer or shorter "
					+ "authorities");
		}
		exchange.getResponse().getCookies().set(this.cookieName, cookie);
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

	private void clearCookie(ServerWebExchange exchange) {
		exchange.getResponse().getCookies().set(this.cookieName, cookie("", Duration.ZERO));
	}

	private @Nullable String cookieValue(ServerWebExchange exchange) {
		HttpCookie cookie = exchange.getRequest().getCookies().getFirst(this.cookieName);
		return (cookie != null && !cookie.getValue().isEmpty()) ? cookie.getValue() : null;
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

		volatile boolean renewed;

		Loaded(VerifiedToken token, TempIdAuthenticationToken authentication, String sessionId, Instant loginTime) {
			this.token = token;
			this.authentication = authentication;
			this.sessionId = sessionId;
			this.loginTime = loginTime;
		}

	}

}
