package dev.tempid;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.tempid.store.StoreCall;
import dev.tempid.store.StorePlan;
import dev.tempid.store.UseStore;
import org.jspecify.annotations.Nullable;

/**
 * Counts issuances per (purpose, subject) in the use store, against each purpose's
 * {@link IssueLimit}: the defence against mail bombing (a reset link requested a hundred
 * times for one address) and, when an application touches the same counter for
 * addresses it does not know, against enumeration. One atomic store step per check
 * ({@link UseStore#count}), so the limit holds across application instances sharing
 * the store.
 *
 * <p>The store sees neither purpose nor subject: the key is a SHA-256 digest of both,
 * so subjects such as e-mail addresses are not kept in the store. Immutable.
 */
public final class IssueLimiter {

	private final UseStore store;

	private final Map<String, IssueLimit> limits;

	/**
	 * @param store the store that counts
	 * @param limits the limit of each purpose; purposes not named are not limited
	 */
	public IssueLimiter(UseStore store, Map<String, IssueLimit> limits) {
		this.store = Objects.requireNonNull(store, "store must not be null");
		this.limits = Map.copyOf(new LinkedHashMap<>(limits));
	}

	/** The purposes that have a limit. */
	public Set<String> limitedPurposes() {
		return this.limits.keySet();
	}

	/** The limit of a purpose, or {@code null} when it has none. */
	public @Nullable IssueLimit limit(String purpose) {
		return this.limits.get(purpose);
	}

	/**
	 * Counts one issuance of {@code purpose} for {@code subject} when the purpose has a
	 * limit; does nothing otherwise.
	 * @throws TooManyIssuedException when the limit is reached (nothing is counted then)
	 * @throws StoreUnavailableException when the store cannot be reached (fail closed)
	 */
	public void acquire(String purpose, String subject) {
		plan(purpose, subject).runOn(this.store);
	}

	/**
	 * Counts one event of {@code scope} for {@code subject} against {@code limit}, for
	 * limits of the application's own (for example requests per client address), in the
	 * same store and the same way as issuances.
	 * @throws TooManyIssuedException when the limit is reached (nothing is counted then)
	 * @throws StoreUnavailableException when the store cannot be reached (fail closed)
	 */
	public void acquire(String scope, String subject, IssueLimit limit) {
		plan(scope, subject, limit).runOn(this.store);
	}

	/**
	 * {@link #acquire(String, String)} as a plan, for a store that runs it its own way (a
	 * reactive one): one {@link StoreCall.Count} when the purpose has a limit, none
	 * otherwise; the plan fails with {@link TooManyIssuedException} beyond the limit.
	 */
	public StorePlan<Boolean> plan(String purpose, String subject) {
		IssueLimit limit = this.limits.get(purpose);
		return (limit != null) ? plan(purpose, subject, limit) : StorePlan.done(Boolean.TRUE);
	}

	/**
	 * {@link #acquire(String, String, IssueLimit)} as a plan: one {@link StoreCall.Count}; the
	 * plan fails with {@link TooManyIssuedException} beyond the limit.
	 */
	public StorePlan<Boolean> plan(String scope, String subject, IssueLimit limit) {
		Objects.requireNonNull(scope, "scope must not be null");
		Objects.requireNonNull(subject, "subject must not be null");
		Objects.requireNonNull(limit, "limit must not be null");
		return StorePlan.call(new StoreCall.Count(key(scope, subject), limit.count(), limit.window()), (count) -> {
			if (!count.allowed()) {
				throw new TooManyIssuedException("'" + scope + "' allows " + limit + " for one subject; retry in "
						+ Durations.format(count.retryAfter()), roundedUp(count.retryAfter()));
			}
			return StorePlan.done(Boolean.TRUE);
		});
	}

	/** The store key of (scope, subject): {@code '#'} and a base64url SHA-256 digest, 44 characters. */
	static String key(String scope, String subject) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(scope.getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			digest.update(subject.getBytes(StandardCharsets.UTF_8));
			return "#" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	private static Duration roundedUp(Duration duration) {
		Duration seconds = Duration.ofSeconds(duration.getSeconds());
		return seconds.equals(duration) ? seconds : seconds.plusSeconds(1);
	}

	@Override
	public String toString() {
		return "IssueLimiter" + this.limits;
	}

}
