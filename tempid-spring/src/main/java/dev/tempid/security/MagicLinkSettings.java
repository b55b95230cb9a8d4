package dev.tempid.security;

import java.time.Duration;
import java.util.Objects;

import dev.tempid.Expectation;
import dev.tempid.TokenRequest;
import org.jspecify.annotations.Nullable;

/**
 * The settings of magic links and the token request they make, in one place for
 * {@link MagicLinkGenerator} (servlets) and
 * {@link dev.tempid.security.server.ServerMagicLinkGenerator} (WebFlux), so that both issue
 * the same single-use token: purpose, audience, lifetime, the login processing URL the
 * link points to, and the 6-digit login code sharing the link's use. It uses neither the
 * Servlet API nor Reactor.
 *
 * <p>Configure the generators, which delegate their settings here; this class is public
 * only so that the servlet and WebFlux packages can share it, and is not an extension point.
 */
public final class MagicLinkSettings {

	/** The default purpose of magic-link tokens. */
	public static final String DEFAULT_PURPOSE = "magic-link";

	/** The default lifetime of a magic link: 15 minutes. */
	public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);

	/** The default URL that shows the confirmation page (GET) and spends the link (POST). */
	public static final String DEFAULT_LOGIN_PROCESSING_URL = "/login/magic";

	private String purpose = DEFAULT_PURPOSE;

	private @Nullable String audience;

	private Duration ttl = DEFAULT_TTL;

	private String loginProcessingUrl = DEFAULT_LOGIN_PROCESSING_URL;

	public void setPurpose(String purpose) {
		this.purpose = Objects.requireNonNull(purpose, "purpose must not be null");
	}

	public String getPurpose() {
		return this.purpose;
	}

	public void setAudience(@Nullable String audience) {
		this.audience = audience;
	}

	public @Nullable String getAudience() {
		return this.audience;
	}

	public void setTtl(Duration ttl) {
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive");
		}
		this.ttl = ttl;
	}

	public Duration getTtl() {
		return this.ttl;
	}

	public void setLoginProcessingUrl(String loginProcessingUrl) {
		this.loginProcessingUrl = Objects.requireNonNull(loginProcessingUrl, "loginProcessingUrl must not be null");
	}

	public String getLoginProcessingUrl() {
		return this.loginProcessingUrl;
	}

	/** What a magic-link token is spent against: the purpose, and the audience when set. */
	public Expectation expectation() {
		Expectation expectation = Expectation.purpose(this.purpose);
		return (this.audience != null) ? expectation.audience(this.audience) : expectation;
	}

	/**
	 * The request for a magic-link token: one use, the configured purpose, lifetime and
	 * audience, and, with {@code codeAddress}, a login code sharing that use.
	 * @param username the subject the link signs in
	 * @param codeAddress the address a login code is sent to, or {@code null} for a link
	 * without one
	 */
	public TokenRequest tokenRequest(String username, @Nullable String codeAddress) {
		TokenRequest.Builder request = TokenRequest.forPurpose(this.purpose)
			.subject(username)
			.ttl(this.ttl)
			.maxUses(1);
		if (this.audience != null) {
			request.audience(this.audience);
		}
		if (codeAddress != null) {
			request.withCode(codeAddress);
		}
		return request.build();
	}

}
