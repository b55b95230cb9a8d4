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

	/** Subject generations: subject tag to its generations by purpose tag. */
	private final ConcurrentHashMap<String, Generations> generations = new ConcurrentHashMap<>();

	/** Login codes by code id. */
	private final ConcurrentHashMap<String, Code> codes = new ConcurrentHashMap<>();

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
	public UseDecision consume(String tokenId, int maxUses, Duration ttl, Generation generation) {
		Objects.requireNonNull(generation, "generation must not be null");
		Outcome result = new Outcome();
		write(tokenId, ttl, (entry, expiresAt) -> {
			// read inside the entry's compute: the check and the use are one step
			if (!isCurrent(generation)) {
				result.decision = UseDecision.revoked();
				return entry;
			}
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
	public UseDecision retire(String tokenId, int maxUses, Duration ttl, Generation generation) {
		Objects.requireNonNull(generation, "generation must not be null");
		Outcome result = new Outcome();
		write(tokenId, ttl, (entry, expiresAt) -> {
			if (!isCurrent(generation) || entry.revoked) {
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
	public UseRecord usage(String tokenId, Generation generation) {
		UseRecord record = usage(tokenId);
		return isCurrent(generation) ? record : new UseRecord(record.used(), true);
	}

	@Override
	public long generation(String subject, String purpose, boolean advance, Duration ttl) {
		Generation.checkSubject(subject);
		Generation.checkPurpose(purpose);
		long ttlMillis = UseStore.ttlMillis(ttl);
		Instant now = this.clock.instant();
		Instant expiresAt = now.plusMillis(ttlMillis);
		long[] value = { 0 };
		if (!this.generations.containsKey(subject) && this.generations.size() >= this.maxEntries
				&& !sweepGenerations(now)) {
			throw new StoreUnavailableException("the in-memory use store is full (" + this.maxEntries
					+ " live subject generations); raise its maxEntries or use a Redis or JDBC store");
		}
		this.generations.compute(subject, (tag, held) -> {
			if (held == null || now.isAfter(held.expiresAt)) {
				held = new Generations(java.util.Map.of(), expiresAt);
			}
			java.util.Map<String, Long> values = new java.util.HashMap<>(held.values);
			long current = values.getOrDefault(purpose, 0L);
			long next = (advance || current == 0) ? current + 1 : current;
			values.put(purpose, next);
			value[0] = next;
			return new Generations(java.util.Map.copyOf(values), later(held.expiresAt, expiresAt));
		});
		return value[0];
	}

	@Override
	public void advanceGenerations(String subject, @Nullable String purpose) {
		Generation.checkSubject(subject);
		if (purpose != null) {
			Generation.checkPurpose(purpose);
		}
		this.generations.computeIfPresent(subject, (tag, held) -> {
			java.util.Map<String, Long> values = new java.util.HashMap<>(held.values);
			values.replaceAll((p, v) -> (purpose == null || purpose.equals(p)) ? v + 1 : v);
			return new Generations(java.util.Map.copyOf(values), held.expiresAt);
		});
	}

	@Override
	public void putCode(String codeId, String hash, String tokenId, Generation generation, Duration ttl) {
		Objects.requireNonNull(codeId, "codeId must not be null");
		Objects.requireNonNull(hash, "hash must not be null");
		long ttlMillis = UseStore.ttlMillis(ttl);
		write(tokenId, ttl, (entry, expiresAt) -> new Entry(entry.used, entry.revoked, later(entry.expiresAt, expiresAt)));
		Instant now = this.clock.instant();
		if (!this.codes.containsKey(codeId) && this.codes.size() >= this.maxEntries && !sweepCodes(now)) {
			throw new StoreUnavailableException("the in-memory use store is full (" + this.maxEntries
					+ " live login codes); raise its maxEntries or use a Redis or JDBC store");
		}
		this.codes.put(codeId, new Code(hash, tokenId, generation, 0, now.plusMillis(ttlMillis)));
	}

	@Override
	public CodeDecision useCode(String codeId, String hash, int maxTries, int maxUses, Duration ttl) {
		Objects.requireNonNull(hash, "hash must not be null");
		UseStore.ttlMillis(ttl);
		Instant now = this.clock.instant();
		CodeDecision[] result = { new CodeDecision(CodeDecision.Outcome.NONE, 0, 0) };
		// the code's compute holds the code while its token's entry is used (codes before entries, never the reverse)
		this.codes.computeIfPresent(codeId, (id, code) -> {
			if (now.isAfter(code.expiresAt)) {
				return null;
			}
			if (code.tries >= maxTries) {
				result[0] = new CodeDecision(CodeDecision.Outcome.EXHAUSTED, 0, 0);
				return code;
			}
			if (!java.security.MessageDigest.isEqual(code.hash.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
					hash.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
				int tries = code.tries + 1;
				if (tries >= maxTries) {
					revoke(code.tokenId, ttl);
				}
				result[0] = new CodeDecision(CodeDecision.Outcome.WRONG, maxTries - tries, 0);
				return new Code(code.hash, code.tokenId, code.generation, tries, code.expiresAt);
			}
			UseDecision decision = consume(code.tokenId, maxUses, ttl, code.generation);
			result[0] = switch (decision.outcome()) {
				case GRANTED -> new CodeDecision(CodeDecision.Outcome.GRANTED, maxTries - code.tries, decision.used());
				case USED_UP -> new CodeDecision(CodeDecision.Outcome.USED_UP, maxTries - code.tries, decision.used());
				case REVOKED -> new CodeDecision(CodeDecision.Outcome.REVOKED, maxTries - code.tries, 0);
			};
			return code;
		});
		return result[0];
	}

	private boolean isCurrent(Generation generation) {
		Generations held = this.generations.get(generation.subject());
		if (held == null) {
			return false;
		}
		Long current = held.values.get(generation.purpose());
		return current != null && current <= generation.value();
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
		int dropped = sweepEntries(now);
		sweepGenerations(now);
		sweepCodes(now);
		return dropped;
	}

	/** Drops expired token entries (never codes: a code's compute may be running on this thread). */
	private int sweepEntries(Instant now) {
		int[] dropped = { 0 };
		this.entries.forEach((id, entry) -> {
			if (isExpired(entry, now) && this.entries.remove(id, entry)) {
				this.size.decrementAndGet();
				dropped[0]++;
			}
		});
		return dropped[0];
	}

	/** Drops expired subject generations; returns whether any was dropped. */
	private boolean sweepGenerations(Instant now) {
		// removes a subject only while it still holds the expired value (as remove(tag, held))
		return this.generations.values().removeIf((held) -> now.isAfter(held.expiresAt));
	}

	/** Drops expired login codes; returns whether any was dropped. */
	private boolean sweepCodes(Instant now) {
		return this.codes.values().removeIf((code) -> now.isAfter(code.expiresAt));
	}

	private void write(String tokenId, Duration ttl, Update update) {
		Objects.requireNonNull(tokenId, "tokenId must not be null");
		long ttlMillis = UseStore.ttlMillis(ttl);
		if (this.writes.incrementAndGet() % SWEEP_INTERVAL_OPERATIONS == 0) {
			sweepEntries(this.clock.instant());
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
			if (sweepEntries(this.clock.instant()) > 0) {
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

	/** The generations of one subject, by purpose tag; they expire together. */
	private record Generations(java.util.Map<String, Long> values, Instant expiresAt) {
	}

	private record Code(String hash, String tokenId, Generation generation, int tries, Instant expiresAt) {

		@Override
		public String toString() {
			return "Code[tries=" + this.tries + "]";
		}

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
