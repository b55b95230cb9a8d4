package dev.tempid.security;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import dev.tempid.Expectation;
import dev.tempid.Reason;
import dev.tempid.TokenRequest;
import dev.tempid.VerifiedToken;
import dev.tempid.web.TempIdProblemDetails;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseCookie;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The rules of tempid cookie sessions that do not depend on the web stack, in one place so
 * that {@link TempIdSecurityContextRepository} (servlets) and
 * {@link dev.tempid.security.server.TempIdServerSecurityContextRepository} (WebFlux) issue,
 * accept and renew the same cookie: the settings and their validation, the session token's
 * request, what a verified token must carry to be a live session (absolute timeout
 * included), when it is renewed, the cookie with its 4096-byte limit, and the cookie that
 * clears it. It uses neither the Servlet API nor Reactor: the repositories read and write
 * the cookies and call their token service.
 *
 * <p>Configure the repositories, which delegate their settings here; this class is public
 * only so that the servlet and WebFlux packages can share it, and is not an extension point.
 */
public final class SessionCookies {

	/** The default cookie name. */
	public static final String DEFAULT_COOKIE_NAME = "TEMPID_SESSION";

	/** The default purpose of session tokens. */
	public static final String DEFAULT_PURPOSE = "session";

	/** The largest cookie (name, value and attributes) browsers are guaranteed to keep. */
	public static final int MAX_COOKIE_SIZE = 4096;

	/** The default lifetime of one session cookie: 8 hours. */
	public static final Duration DEFAULT_TTL = Duration.ofHours(8);

	/** The default longest life of a session, however often it is renewed: 7 days. */
	public static final Duration DEFAULT_ABSOLUTE_TIMEOUT = Duration.ofDays(7);

	/** The {@code Retry-After} seconds of a logout refused because the store is down. */
	public static final String LOGOUT_RETRY_AFTER = "5";

	/** The claim (in the encrypted payload) that holds the login time, in epoch seconds. */
	static final String LOGIN_CLAIM = "login";

	private static final Log logger = LogFactory.getLog(SessionCookies.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private String purpose = DEFAULT_PURPOSE;

	private @Nullable String audience;

	private String cookieName = DEFAULT_COOKIE_NAME;

	private Duration ttl = DEFAULT_TTL;

	private Duration absoluteTimeout = DEFAULT_ABSOLUTE_TIMEOUT;

	private boolean secure = true;

	private String sameSite = "Lax";

	private String path = "/";

	private @Nullable String domain;

	// ------------------------------------------------------------- settings

	public void setPurpose(String purpose) {
		this.purpose = Objects.requireNonNull(purpose, "purpose must not be null");
	}

	public String getPurpose() {
		return this.purpose;
	}

	public void setAudience(@Nullable String audience) {
		this.audience = audience;
	}

	public void setCookieName(String cookieName) {
		this.cookieName = Objects.requireNonNull(cookieName, "cookieName must not be null");
	}

	public String getCookieName() {
		return this.cookieName;
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

	// ------------------------------------------------------------- checking

	/** What a session cookie's token is verified against: the purpose, and the audience when set. */
	public Expectation expectation() {
		Expectation expectation = Expectation.purpose(this.purpose);
		return (this.audience != null) ? expectation.audience(this.audience) : expectation;
	}

	/**
	 * The session a token verified with {@link #expectation()} carries at {@code now}, or
	 * {@code null} (logged at debug level, with why) when it is none: a token without a
	 * session id, subject, login time or subject generation (without a generation, from a
	 * version before it, a sign-out everywhere would not reach it), or a session past its
	 * absolute timeout.
	 */
	public @Nullable Session session(VerifiedToken token, Instant now) {
		String sid = token.sessionId();
		if (sid == null || token.generation() == 0) {
			// issued before sessions carried a generation: a sign-out everywhere would not
			// reach it, and with revocation checks off neither would its logout
			logger.debug("Session cookie refused: it carries no session generation (an older cookie)");
			return null;
		}
		Long login = token.claim(LOGIN_CLAIM, Long.class);
		String subject = token.subject();
		if (login == null || subject == null) {
			logger.debug("Session cookie refused: it lacks the login time or the subject");
			return null;
		}
		Instant loginTime = Instant.ofEpochSecond(login);
		if (loginTime.plus(this.absoluteTimeout).isBefore(now)) {
			logger.debug("Session cookie refused: the session is past its absolute timeout");
			return null;
		}
		return new Session(token, sid, subject, loginTime);
	}

	/** Whether a session is due for renewal: less than half its cookie's lifetime is left. */
	public boolean isRenewalDue(Session session) {
		VerifiedToken token = session.token();
		Duration lifetime = Duration.between(token.issuedAt(), token.expiresAt());
		return token.remaining().compareTo(lifetime.dividedBy(2)) < 0;
	}

	// ------------------------------------------------------------- issuing

	/** A new session's random id (144 bits, base64url): the tokens of one session share it. */
	public static String newSessionId() {
		byte[] bytes = new byte[18];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * The lifetime of a session cookie issued at {@code now} for a login at
	 * {@code loginTime}: the configured ttl, cut to what the absolute timeout leaves, or
	 * {@code null} when less than a second is left (the cookie is then cleared instead).
	 */
	public @Nullable Duration cookieTtl(Instant loginTime, Instant now) {
		Duration left = Duration.between(now, loginTime.plus(this.absoluteTimeout));
		Duration ttl = (left.compareTo(this.ttl) < 0) ? left : this.ttl;
		return (ttl.getSeconds() < 1) ? null : ttl;
	}

	/**
	 * The request for a session token: subject and {@code perms} from the authentication,
	 * the session id, the login time, unlimited uses, the subject's generation
	 * ({@code revocableBySubject}), the audience when set.
	 * @param renewal whether the token renews a session rather than starting one: a renewal
	 * is not a new login and never ends the user's other sessions, even for a single-active
	 * session purpose
	 */
	public TokenRequest tokenRequest(Authentication authentication, String sid, Instant loginTime, Duration ttl,
			boolean renewal) {
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
			.sessionId(sid)
			.revocableBySubject(true)
			.claim(LOGIN_CLAIM, loginTime.getEpochSecond());
		if (renewal) {
			request.singleActive(false);
		}
		if (this.audience != null) {
			request.audience(this.audience);
		}
		return request.build();
	}

	/**
	 * The cookie that carries a session token: {@code HttpOnly}, with the configured
	 * {@code Secure}, {@code SameSite}, path and domain, and {@code Max-Age} = {@code ttl}.
	 * @throws IllegalStateException when the cookie would be larger than
	 * {@value #MAX_COOKIE_SIZE} bytes (too many or too long authorities)
	 */
	public ResponseCookie sessionCookie(String token, Duration ttl) {
		ResponseCookie cookie = cookie(token, ttl);
		int size = cookie.toString().length();
		if (size > MAX_COOKIE_SIZE) {
			throw new IllegalStateException("The session cookie would be " + size + " bytes, more than "
					+ MAX_COOKIE_SIZE + " that browsers keep: give the user fewer or shorter authorities");
		}
		return cookie;
	}

	/** The cookie that clears the session cookie: empty, {@code Max-Age=0}, same attributes. */
	public ResponseCookie clearingCookie() {
		return cookie("", Duration.ZERO);
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

	// ------------------------------------------------------------- signing out

	/**
	 * The 503 problem detail of a logout refused because the store cannot record the
	 * revocation: the user is told they are still signed in. Sent with
	 * {@code Retry-After: }{@value #LOGOUT_RETRY_AFTER}.
	 */
	public static ProblemDetail logoutRefused() {
		ProblemDetail problem = TempIdProblemDetails.forReason(Reason.STORE_UNAVAILABLE, null);
		problem.setTitle("Sign-out failed");
		problem.setDetail("The session could not be ended because tokens cannot be checked right now; "
				+ "you are still signed in. Try again later.");
		return problem;
	}

	/**
	 * A live session, read from its verified token.
	 * @param token the verified session token
	 * @param id the session id ({@code sid}), shared by every token of the session
	 * @param subject the user name
	 * @param loginTime when the user signed in (renewals keep it)
	 */
	public record Session(VerifiedToken token, String id, String subject, Instant loginTime) {
	}

}
