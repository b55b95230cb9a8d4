package dev.tempid.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.tempid.StoreUnavailableException;
import org.jspecify.annotations.Nullable;

/**
 * A {@link UseStore} in this JVM's memory: atomic under any number of threads, for one
 * application instance and for tests. Counts do not survive a restart and are not
 * shared between instances: use the Redis or JDBC store for that.
 *
 * <p>Entries expire on this store's clock, {@code ttl} after the write that asked for
 * it (never earlier than an entry's current expiry).
 *
 * <p>Bounded: it holds at most {@link #maxEntries()} live entries. Expired entries are
 * swept on the caller's thread every {@link #SWEEP_INTERVAL_OPERATIONS} writes and
 * whenever the store is full, so no background thread is needed. When it is full of
 * live entries, a write that needs a new entry fails closed with
 * {@link StoreUnavailableException}: a live count is never dropped.
 */
public final class InMemoryUseStore implements UseStore {

	/** The default bound on entries. */
	public static final int DEFAULT_MAX_ENTRIES = 100_000;

	/** How many writes pass between two sweeps of expired entries. */
	public static final int SWEEP_INTERVAL_OPERATIONS = 4096;

	private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

	private final AtomicInteger size = new AtomicInteger();

	private final AtomicLong writes = new AtomicLong();

	private final Clock clock;

	private final int maxEntries;

	/** A store of {@value #DEFAULT_MAX_ENTRIES} entries on the system UTC clock. */
	public InMemoryUseStore() {
		this(Clock.systemUTC(), DEFAULT_MAX_ENTRIES);
	}

	/**
	 * @param clock the store's clock: it decides which entries have expired
	 * @param maxEntries the most entries held at once
	 */
	public InMemoryUseStore(Clock clock, int maxEntries) {
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		if (maxEntries < 1) {
			throw new IllegalArgumentException("maxEntries must be at least 1");
		}
		this.maxEntries = maxEntries;
	}

	@Override
	public UseDecision consume(String tokenId, int maxUses, Duration ttl) {
		Outcome result = new Outcome();
		write(tokenId, ttl, (entry, expiresAt) -> {
			if (entry.revoked) {
				result.decision = UseDecision.revoked();
				return entry;
			}
			if (maxUses > 0 && entry.used >= maxUses) {
				result.decision = UseDecision.usedUp(entry.used);
				return entry;
			}
			result.decision = UseDecision.granted(entry.used + 1);
			return new Entry(entry.used + 1, false, later(entry.expiresAt, expiresAt));
		});
		return Objects.requireNonNull(result.decision);
	}

	@Override
	public boolean release(String tokenId) {
		Objects.requireNonNull(tokenId, "tokenId must not be null");
		Outcome result = new Outcome();
		Instant now = this.clock.instant();
		this.entries.computeIfPresent(tokenId, (id, entry) -> {
			if (entry.used == 0 || isExpired(entry, now)) {
				return entry;
			}
			result.released = true;
			return new Entry(entry.used - 1, entry.revoked, entry.expiresAt);
		});
		return result.released;
	}

	@Override
	public void revoke(String tokenId, Duration ttl) {
		write(tokenId, ttl, (entry, expiresAt) -> new Entry(entry.used, true, later(entry.expiresAt, expiresAt)));
	}

	@Override
	public UseDecision retire(String tokenId, int maxUses, Duration ttl) {
		Outcome result = new Outcome();
		write(tokenId, ttl, (entry, expiresAt) -> {
			if (entry.revoked) {
				result.decision = UseDecision.revoked();
				return entry;
			}
			if (maxUses > 0 && entry.used >= maxUses) {
				result.decision = UseDecision.usedUp(entry.used);
				return entry;
			}
			result.decision = UseDecision.granted(entry.used);
			return new Entry(entry.used, true, later(entry.expiresAt, expiresAt));
		});
		return Objects.requireNonNull(result.decision);
	}

	@Override
	public WindowCount count(String key, int limit, Duration window) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1");
		}
		WindowCount[] result = new WindowCount[1];
		write(key, window, (entry, expiresAt) -> {
			// a new or expired entry starts a window ending at expiresAt (now + window); a live one keeps its end
			Duration left = Duration.between(expiresAt.minus(window), entry.expiresAt);
			if (entry.used >= limit) {
				result[0] = new WindowCount(false, entry.used, left);
				return entry;
			}
			result[0] = new WindowCount(true, entry.used + 1, left);
			return new Entry(entry.used + 1, false, entry.expiresAt);
		});
		return Objects.requireNonNull(result[0]);
	}

	@Override
	public UseRecord usage(String tokenId) {
		Entry entry = this.entries.get(tokenId);
		if (entry == null || isExpired(entry, this.clock.instant())) {
			return UseRecord.UNSEEN;
		}
		return new UseRecord(entry.used, entry.revoked);
	}

	/** The most entries held at once. */
	public int maxEntries() {
		return this.maxEntries;
	}

	/** The entries held now, live or not yet swept. */
	public int size() {
		return this.size.get();
	}

	/** Drops every expired entry now; returns how many were dropped. */
	public int sweep() {
		Instant now = this.clock.instant();
		int[] dropped = { 0 };
		this.entries.forEach((id, entry) -> {
			if (isExpired(entry, now) && this.entries.remove(id, entry)) {
				this.size.decrementAndGet();
				dropped[0]++;
			}
		});
		return dropped[0];
	}

	private void write(String tokenId, Duration ttl, Update update) {
		Objects.requireNonNull(tokenId, "tokenId must not be null");
		long ttlMillis = UseStore.ttlMillis(ttl);
		if (this.writes.incrementAndGet() % SWEEP_INTERVAL_OPERATIONS == 0) {
			sweep();
		}
		Instant now = this.clock.instant();
		Instant expiresAt = now.plusMillis(ttlMillis);
		boolean[] created = { false };
		boolean[] full = { false };
		this.entries.compute(tokenId, (id, entry) -> {
			if (entry == null || isExpired(entry, now)) {
				if (entry == null) {
					if (this.size.incrementAndGet() > this.maxEntries) {
						this.size.decrementAndGet();
						full[0] = true;
						return null;
					}
					created[0] = true;
				}
				entry = new Entry(0, false, expiresAt);
			}
			return update.apply(entry, expiresAt);
		});
		if (full[0]) {
			if (sweep() > 0) {
				write(tokenId, ttl, update);
				return;
			}
			throw new StoreUnavailableException("the in-memory use store is full (" + this.maxEntries
					+ " live entries); raise its maxEntries or use a Redis or JDBC store");
		}
	}

	private static boolean isExpired(Entry entry, Instant now) {
		return now.isAfter(entry.expiresAt);
	}

	private static Instant later(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	@Override
	public String toString() {
		return "InMemoryUseStore[size=" + size() + ", maxEntries=" + this.maxEntries + "]";
	}

	private record Entry(int used, boolean revoked, Instant expiresAt) {
	}

	@FunctionalInterface
	private interface Update {

		Entry apply(Entry entry, Instant expiresAt);

	}

	private static final class Outcome {

		@Nullable UseDecision decision;

		boolean released;

	}

}
