package dev.tempid.autoconfigure.security;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of tempid cookie sessions (used when {@code TempIdConfigurer.session(...)} is on).
 */
@ConfigurationProperties("tempid.session")
public class TempIdSessionProperties {

	/**
	 * Purpose of session tokens.
	 */
	private String purpose = "session";

	/**
	 * Name of the session cookie.
	 */
	private String cookieName = "TEMPID_SESSION";

	/**
	 * Lifetime of one session cookie. It is renewed when less than half of it is left.
	 */
	private Duration ttl = Duration.ofHours(8);

	/**
	 * Longest time a session lives, however often it is renewed.
	 */
	private Duration absoluteTimeout = Duration.ofDays(7);

	/**
	 * Whether the cookie is marked Secure (sent over https only). When unset: true, unless
	 * tempid.web.base-url is a plain-http localhost URL (local development).
	 */
	private @Nullable Boolean secure;

	/**
	 * SameSite attribute of the cookie: Lax, Strict or None.
	 */
	private String sameSite = "Lax";

	/**
	 * Path of the cookie.
	 */
	private String path = "/";

	/**
	 * Domain of the cookie. When unset, the cookie belongs to the host that set it.
	 */
	private @Nullable String domain;

	public String getPurpose() {
		return this.purpose;
	}

	public void setPurpose(String purpose) {
		this.purpose = purpose;
	}

	public String getCookieName() {
		return this.cookieName;
	}

	public void setCookieName(String cookieName) {
		this.cookieName = cookieName;
	}

	public Duration getTtl() {
		return this.ttl;
	}

	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	public Duration getAbsoluteTimeout() {
		return this.absoluteTimeout;
	}

	public void setAbsoluteTimeout(Duration absoluteTimeout) {
		this.absoluteTimeout = absoluteTimeout;
	}

	public @Nullable Boolean getSecure() {
		return this.secure;
	}

	public void setSecure(@Nullable Boolean secure) {
		this.secure = secure;
	}

	/**
	 * Whether the cookie is marked Secure: as set or, when unset, unless the public base
	 * URL is a plain-http localhost URL. Shared by the servlet and the reactive side.
	 */
	public boolean resolveSecure(java.net.@Nullable URI baseUrl) {
		return (this.secure != null) ? this.secure : !isPlainHttpLocalhost(baseUrl);
	}

	private static boolean isPlainHttpLocalhost(java.net.@Nullable URI baseUrl) {
		if (baseUrl == null || !"http".equalsIgnoreCase(baseUrl.getScheme()) || baseUrl.getHost() == null) {
			return false;
		}
		String host = baseUrl.getHost().toLowerCase(java.util.Locale.ROOT);
		return host.equals("localhost") || host.endsWith(".localhost") || host.equals("127.0.0.1")
				|| host.equals("[::1]");
	}

	public String getSameSite() {
		return this.sameSite;
	}

	public void setSameSite(String sameSite) {
		this.sameSite = sameSite;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public @Nullable String getDomain() {
		return this.domain;
	}

	public void setDomain(@Nullable String domain) {
		this.domain = domain;
	}

}
