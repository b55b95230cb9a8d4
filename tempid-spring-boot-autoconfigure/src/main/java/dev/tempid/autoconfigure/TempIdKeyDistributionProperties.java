package dev.tempid.autoconfigure;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Distribution of v4.public verification keys between services.
 */
@ConfigurationProperties("tempid.key-distribution")
public class TempIdKeyDistributionProperties {

	/**
	 * Publishing this service's public keys.
	 */
	private final Publish publish = new Publish();

	/**
	 * Fetching another service's public keys.
	 */
	private final Remote remote = new Remote();

	public Publish getPublish() {
		return this.publish;
	}

	public Remote getRemote() {
		return this.remote;
	}

	/**
	 * Publishing settings.
	 */
	public static class Publish {

		/**
		 * Whether to publish this service's public keys (the active signing key and the
		 * accepted older ones) as JSON.
		 */
		private boolean enabled;

		/**
		 * Path of the published keys. Permit it in your security configuration.
		 */
		private String path = "/.well-known/paserk-keys";

		/**
		 * How long verifiers may keep the published keys (Cache-Control max-age): a key
		 * withdrawn here stops verifying elsewhere within this time.
		 */
		private Duration maxAge = Duration.ofMinutes(1);

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

	}

	/**
	 * Fetching settings.
	 */
	public static class Remote {

		/**
		 * URL of a signing service's published keys; when set, tokens signed by its keys
		 * verify here without configuring the keys. Must be https (http only for localhost).
		 */
		private @Nullable URI url;

		/**
		 * Timeout of each fetch.
		 */
		private Duration timeout = Duration.ofSeconds(2);

		/**
		 * Shortest time between two fetches triggered by unknown key ids.
		 */
		private Duration minRefreshInterval = Duration.ofSeconds(10);

		/**
		 * Longest time fetched keys are trusted: the publisher's Cache-Control max-age
		 * applies when shorter. Expired keys are fetched again on the next verification, and
		 * are not used when that fails.
		 */
		private Duration maxAge = Duration.ofMinutes(10);

		public @Nullable URI getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable URI url) {
			this.url = url;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getMinRefreshInterval() {
			return this.minRefreshInterval;
		}

		public void setMinRefreshInterval(Duration minRefreshInterval) {
			this.minRefreshInterval = minRefreshInterval;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

}
