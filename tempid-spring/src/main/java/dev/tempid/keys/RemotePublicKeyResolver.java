package dev.tempid.keys;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tempid.PublicKey;
import dev.tempid.PublicKeyResolver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Fetches a signing service's published keys ({@link PublishedKeys}) and trusts them for
 * as long as the publisher says: the answer's {@code Cache-Control: max-age} (at most
 * {@code maxAge}; {@code maxAge} when the publisher says nothing). Once that time is up the
 * keys are fetched again on the next verification, and a key the publisher has withdrawn
 * stops verifying. When the endpoint cannot be reached, expired keys are not used (fail
 * closed): tokens then fail as {@code UNKNOWN_KEY} until a fetch succeeds.
 *
 * <p>Fetches are rate-limited: an unknown key id or expired keys trigger a fetch at most
 * once per {@code minRefreshInterval} (token ids are untrusted input: a flood of made-up ids
 * costs one fetch per interval). The URL must be {@code https}; plain {@code http} is
 * accepted only for a loopback address ({@code localhost}, {@code 127.0.0.1}, {@code ::1}).
 */
public class RemotePublicKeyResolver implements PublicKeyResolver {

	private static final Log logger = LogFactory.getLog(RemotePublicKeyResolver.class);

	private static final Pattern MAX_AGE = Pattern.compile("(?:^|,)\\s*(s-maxage|max-age)\\s*=\\s*\"?(\\d{1,10})\"?",
			Pattern.CASE_INSENSITIVE);

	private static final Pattern NO_CACHE = Pattern.compile("(?:^|,)\\s*(no-store|no-cache)\\b",
			Pattern.CASE_INSENSITIVE);

	private final RestClient client;

	private final URI uri;

	private final Clock clock;

	private final Duration minRefreshInterval;

	private final Duration maxAge;

	private volatile Keys keys = new Keys(Map.of(), Instant.MIN);

	private volatile @Nullable Instant lastAttempt;

	/**
	 * @param uri the published keys, {@code https} (or {@code http} on a loopback address)
	 * @param timeout the connect and read timeout of each fetch
	 * @param minRefreshInterval the shortest time between two fetches
	 * @param maxAge the longest time fetched keys are trusted, whatever the publisher says
	 * @param clock the clock
	 * @throws IllegalArgumentException for a URL that is not https (nor http on loopback)
	 */
	public RemotePublicKeyResolver(URI uri, Duration timeout, Duration minRefreshInterval, Duration maxAge, Clock clock) {
		this.uri = checkUri(Objects.requireNonNull(uri, "uri must not be null"));
		if (maxAge.isNegative() || maxAge.isZero() || minRefreshInterval.isNegative()) {
			throw new IllegalArgumentException("maxAge must be positive and minRefreshInterval not negative");
		}
		HttpClient http = HttpClient.newBuilder()
			.connectTimeout(timeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
		factory.setReadTimeout(timeout);
		this.client = RestClient.builder().requestFactory(factory).build();
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.minRefreshInterval = minRefreshInterval;
		this.maxAge = maxAge;
	}

	@Override
	public @Nullable PublicKey resolve(String keyId) {
		Instant now = this.clock.instant();
		Keys current = this.keys;
		boolean fresh = now.isBefore(current.expiresAt);
		PublicKey key = fresh ? current.byId.get(keyId) : null;
		if (key == null && mayRefresh(now)) {
			refresh(now);
			current = this.keys;
			key = now.isBefore(current.expiresAt) ? current.byId.get(keyId) : null;
		}
		return key;
	}

	/** The keys currently trusted (none once they have expired). */
	public Map<String, PublicKey> keys() {
		Keys current = this.keys;
		return this.clock.instant().isBefore(current.expiresAt) ? current.byId : Map.of();
	}

	/** When the keys currently held stop being trusted. */
	public Instant expiresAt() {
		return this.keys.expiresAt;
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
			ResponseEntity<PublishedKeys> answer = this.client.get().uri(this.uri).retrieve().toEntity(PublishedKeys.class);
			PublishedKeys published = answer.getBody();
			if (published == null || published.keys() == null) {
				throw new IllegalStateException("no keys in the answer");
			}
			Map<String, PublicKey> fetched = new HashMap<>();
			for (PublishedKeys.Key key : published.keys()) {
				PublicKey publicKey = key.toPublicKey();
				fetched.put(publicKey.id(), publicKey);
			}
			Duration lifetime = lifetime(answer.getHeaders().getFirst(HttpHeaders.CACHE_CONTROL));
			this.keys = new Keys(Map.copyOf(fetched), now.plus(lifetime));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not refresh tempid public keys from " + this.uri + " (" + ex.getClass().getSimpleName()
					+ ": " + ex.getMessage() + "); keys fetched before are trusted until " + this.keys.expiresAt);
		}
	}

	/** How long the publisher lets the keys be kept: its max-age, within [minRefreshInterval, maxAge]. */
	Duration lifetime(@Nullable String cacheControl) {
		Duration lifetime = this.maxAge;
		if (cacheControl != null) {
			if (NO_CACHE.matcher(cacheControl).find()) {
				lifetime = Duration.ZERO;
			}
			else {
				Matcher matcher = MAX_AGE.matcher(cacheControl);
				if (matcher.find()) {
					Duration said = Duration.ofSeconds(Long.parseLong(matcher.group(2)));
					lifetime = (said.compareTo(this.maxAge) < 0) ? said : this.maxAge;
				}
			}
		}
		// keys are never kept for less than the refresh interval: they could not be refetched sooner
		return (lifetime.compareTo(this.minRefreshInterval) < 0) ? this.minRefreshInterval : lifetime;
	}

	private static URI checkUri(URI uri) {
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
			throw new IllegalArgumentException("The published keys URL must be an absolute https URL, like "
					+ "https://auth.example.com/.well-known/paserk-keys");
		}
		if (scheme.equals("http") && !isLoopback(uri.getHost())) {
			throw new IllegalArgumentException("The published keys URL must use https: over plain http anyone on the "
					+ "way could hand this service their own keys (http is accepted only for localhost)");
		}
		return uri;
	}

	private static boolean isLoopback(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		if (name.equals("localhost") || name.endsWith(".localhost")) {
			return true;
		}
		String literal = (name.startsWith("[") && name.endsWith("]")) ? name.substring(1, name.length() - 1) : name;
		if (!literal.matches("[0-9.]+") && !(literal.contains(":") && literal.matches("[0-9a-f:.]+"))) {
			return false; // a name other than localhost: never resolved here
		}
		try {
			return InetAddress.getByName(literal).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	@Override
	public String toString() {
		return "RemotePublicKeyResolver[" + this.uri + ", keys=" + this.keys.byId.keySet() + "]";
	}

	private record Keys(Map<String, PublicKey> byId, Instant expiresAt) {
	}

}
