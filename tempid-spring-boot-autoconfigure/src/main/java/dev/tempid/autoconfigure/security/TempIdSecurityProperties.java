package dev.tempid.autoconfigure.security;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of tempid's Spring Security integration.
 */
@ConfigurationProperties("tempid.security")
public class TempIdSecurityProperties {

	private final MagicLink magicLink = new MagicLink();

	public MagicLink getMagicLink() {
		return this.magicLink;
	}

	/** Magic-link login. */
	public static class MagicLink {

		/**
		 * Purpose of magic-link tokens.
		 */
		private String purpose = "magic-link";

		/**
		 * Lifetime of a magic link.
		 */
		private Duration ttl = Duration.ofMinutes(15);

		/**
		 * URL that shows the confirmation page (GET) and signs in (POST).
		 */
		private String loginProcessingUrl = "/login/magic";

		/**
		 * Audience of magic-link tokens. When unset, the purpose's or the service's default.
		 */
		private @Nullable String audience;

		public String getPurpose() {
			return this.purpose;
		}

		public void setPurpose(String purpose) {
			this.purpose = purpose;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = ttl;
		}

		public String getLoginProcessingUrl() {
			return this.loginProcessingUrl;
		}

		public void setLoginProcessingUrl(String loginProcessingUrl) {
			this.loginProcessingUrl = loginProcessingUrl;
		}

		public @Nullable String getAudience() {
			return this.audience;
		}

		public void setAudience(@Nullable String audience) {
			this.audience = audience;
		}

	}

}
