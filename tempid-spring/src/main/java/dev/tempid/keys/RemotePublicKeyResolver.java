package dev.tempid.keys;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.tempid.PublicKey;
import dev.tempid.PublicKeyResolver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Fetches a signing service's published keys ({@link PublishedKeys}) and keeps them:
 * an unknown key id triggers a refresh, at most once per {@code minRefreshInterval}
 * (token ids are untrusted input: a flood of made-up ids costs one fetch per interval),
 * and the cache is also refreshed once it is older than {@code maxAge}. When the
 * endpoint is down, verification goes on with the keys already fetched.
 */
public class RemotePublicKeyResolver implements PublicKeyResolver {

	private static final Log logger = LogFactory.getLog(RemotePublicKeyResolver.class);

	private final RestClient client;

	private final URI uri;

	private final Clock clock;

	private final Duration minRefreshInterval;

	private final Duration maxAge;

	private volatile Map<String, PublicKey> keys = Map.of();

	private volatile @Nullable Instant lastAttempt;

	private volatile @Nullable Instant lastSuccess;

	public RemotePublicKeyResolver(URI uri, Duration timeout, Duration minRefreshInterval, Duration maxAge, Clock clock) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
		factory.setReadTimeout(timeout);
		this.client = RestClient.builder().requestFactory(factory).build();
		this.uri = uri;
		this.clock = clock;
		this.minRefreshInterval = minRefreshInterval;
		this.maxAge = maxAge;
	}

	@Override
	public @Nullable PublicKey resolve(String keyId) {
		PublicKey key = this.keys.get(keyId);
		Instant now = this.clock.instant();
		Instant success = this.lastSuccess;
		boolean stale = success == null || now.isAfter(success.plus(this.maxAge));
		if ((key == null || stale) && mayRefresh(now)) {
			refresh(now);
			key = this.keys.get(keyId);
		}
		return key;
	}

	/** The key ids currently known. */
	public Map<String, PublicKey> keys() {
		return this.keys;
	}

	private synchronized boolean mayRefresh(Instant now) {
		Instant last = this.lastAttempt;
		if (last != null && now.isBefore(last.plus(this.minRefreshInterval))) {
			return false;
		}
		this.lastAttempt = now;
		return true;
	}

	private void refresh(Instant now) {
		try {
			PublishedKeys published = this.client.get().uri(this.uri).retrieve().body(PublishedKeys.class);
			if (published == null || published.keys() == null) {
				throw new IllegalStateException("no keys in the answer");
			}
			Map<String, PublicKey> fetched = new ConcurrentHashMap<>();
			for (PublishedKeys.Key key : published.keys()) {
				PublicKey publicKey = key.toPublicKey();
				fetched.put(publicKey.id(), publicKey);
			}
			this.keys = Map.copyOf(fetched);
			this.lastSuccess = now;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not refresh tempid public keys from " + this.uri + " (" + ex.getClass().getSimpleName()
					+ "); verifying with the " + this.keys.size() + " keys fetched before");
		}
	}

	@Override
	public String toString() {
		return "RemotePublicKeyResolver[" + this.uri + ", keys=" + this.keys.keySet() + "]";
	}

}
