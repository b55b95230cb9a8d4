package dev.tempid;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.tempid.TokenListeners.Observation;
import dev.tempid.paseto.Base64Url;
import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import dev.tempid.store.UseStore;
import org.jspecify.annotations.Nullable;

/**
 * Issues, verifies and consumes short-lived, purpose-scoped PASETO v4 tokens.
 *
 * <pre>{@code
 * TokenService tokens = TokenService.builder()
 *         .localKey(LocalKey.fromSecret(secret))
 *         .issuer("myapp").audience("myapp.web")
 *         .store(useStore)
 *         .build();
 *
 * IssuedToken t = tokens.issue(TokenRequest.forPurpose("password-reset").subject("user:42").maxUses(1).build());
 * VerifiedToken v = tokens.consume(t.value(), "password-reset");
 * }</pre>
 *
 * <p>Verification is stateless: it never touches the store, unless revocation checks
 * are on. Consuming a token takes one use atomically in the {@link UseStore}, in one
 * round trip, and is denied once the token is used up, revoked or refreshed.
 *
 * <p>Revocation always holds or refuses: {@link #revoke} needs revocation checks on
 * (without them verify never reads the store, so a revoked token would keep
 * verifying) and throws {@link IllegalStateException} otherwise. {@link #refresh} ends
 * the old token and takes its remaining uses in one atomic store step; with revocation
 * checks off it refuses tokens without a use limit for the same reason, and a refreshed
 * use-limited token can no longer be consumed (it verifies like a used-up token).
 * Thread-safe and immutable once built.
 */
public final class TokenService {

	/** Longer token texts are refused before any cryptography. */
	public static final int MAX_TOKEN_LENGTH = 4096;

	/** The default lifetime of a token. */
	public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);

	/** The default clock-skew allowance. */
	public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(5);

	/** The default limit of the encoded application payload, in bytes. */
	public static final int DEFAULT_MAX_PAYLOAD_SIZE = 512;

	/**
	 * How much longer than its token (and the leeway) a store entry is kept, so that
	 * application instances whose clocks disagree by less than this never see a live
	 * token's count vanish early.
	 */
	public static final Duration STORE_MARGIN = Duration.ofMinutes(1);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final KeyRing keys;

	private final @Nullable String issuer;

	private final @Nullable String audience;

	private final UseStore store;

	private final Clock clock;

	private final Duration leeway;

	private final Duration defaultTtl;

	private final int maxPayloadSize;

	private final boolean revocationChecks;

	private final Map<String, PurposePolicy> purposes;

	private final TokenFormat defaultFormat;

	/** Seals and opens the PASETO framing, with the keys. */
	private final TokenCodec codec;

	/** Checks lifetime, purpose, issuer, audience and binding; applies purpose policies. */
	private final ClaimsVerifier verifier;

	private final TokenListeners listeners;

	private TokenService(Builder builder) {
		this.keys = builder.keys;
		if (this.keys.isEmpty() && builder.publicKeyResolver == null) {
			throw new IllegalStateException("a TokenService needs at least one key: localKey(...), signingKey(...), "
					+ "verificationKeys(...), keyRing(...) or publicKeyResolver(...)");
		}
		this.issuer = builder.issuer;
		this.audience = builder.audience;
		this.store = (builder.store != null) ? builder.store : new InMemoryUseStore();
		this.clock = builder.clock;
		this.leeway = builder.leeway;
		this.defaultTtl = builder.defaultTtl;
		this.maxPayloadSize = builder.maxPayloadSize;
		this.revocationChecks = builder.revocationChecks;
		this.purposes = Map.copyOf(builder.purposes);
		this.codec = new TokenCodec(this.keys, builder.publicKeyResolver);
		this.verifier = new ClaimsVerifier(this.issuer, this.audience, this.leeway, this.purposes);
		this.listeners = new TokenListeners(builder.listeners);
		this.defaultFormat = (builder.defaultFormat != null) ? builder.defaultFormat
				: this.codec.canSealLocal() ? TokenFormat.LOCAL : TokenFormat.PUBLIC;
	}

	/** Starts configuring a service. */
	public static Builder builder() {
		return new Builder();
	}

	// ---------------------------------------------------------------- issue

	/**
	 * Issues a token.
	 * @throws PayloadTooLargeException when the application payload is over the limit
	 * @throws IllegalStateException when the service holds no key that can issue the
	 * requested format
	 */
	public IssuedToken issue(TokenRequest request) {
		Objects.requireNonNull(request, "request must not be null");
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		Observation observation = this.listeners.start(Operation.ISSUE, request.purpose(), now);
		try {
			IssuedToken token = issue(request, now);
			observation.succeeded(token.id(), request.subject());
			return token;
		}
		catch (TempIdException ex) {
			observation.failed(ex, null, request.subject());
			throw ex;
		}
	}

	/** Applies the request, then the purpose's policy, then the service's defaults. */
	private IssuedToken issue(TokenRequest request, Instant now) {
		PurposePolicy policy = this.verifier.policy(request.purpose());
		Duration ttl = (request.ttl() != null) ? request.ttl() : (policy.ttl() != null) ? policy.ttl() : this.defaultTtl;
		int maxUses = (request.maxUses() >= 0) ? request.maxUses() : policy.maxUses();
		String audience = this.verifier.audience(request.audience(), policy);
		byte[] data = null;
		if (!request.data().isEmpty()) {
			data = ClaimsCodec.writeData(request.data());
			if (data.length > this.maxPayloadSize) {
				throw new PayloadTooLargeException("the application payload is " + data.length
						+ " bytes encoded; the limit is " + this.maxPayloadSize);
			}
		}
		String id = newId();
		byte[] state = request.state();
		String binding = (state != null) ? StateBinding.of(id, request.purpose(), state) : null;
		Claims claims = new Claims(this.issuer, request.subject(), audience, id, now, now.plus(ttl),
				request.notBefore(), request.purpose(), maxUses, request.permissions(), Map.of(), binding);
		return mint(claims, data, request.format());
	}

	/** Every new token, issued or refreshed, is sealed here. */
	private IssuedToken mint(Claims claims, byte @Nullable [] data, @Nullable TokenFormat format) {
		String value = this.codec.seal(claims, data, (format != null) ? format : this.defaultFormat);
		return new IssuedToken(value, claims.id(), claims.purpose(), claims.issuedAt(), claims.expiresAt(),
				claims.maxUses());
	}

	// ---------------------------------------------------------------- verify

	/**
	 * Verifies a token of a purpose: tag or signature, lifetime (with leeway), purpose,
	 * issuer, audience and state binding. Stateless unless revocation checks are on.
	 * @throws TempIdException with the reason when the token is refused
	 */
	public VerifiedToken verify(String token, String purpose) {
		return verify(token, Expectation.purpose(purpose));
	}

	/** Verifies a token against an {@link Expectation}. */
	public VerifiedToken verify(String token, Expectation expectation) {
		Instant now = this.clock.instant();
		Observation observation = this.listeners.start(Operation.VERIFY, expectation.purpose(), now);
		try {
			VerifiedToken verified = open(token, expectation, now);
			if (this.revocationChecks && this.store.usage(verified.id()).revoked()) {
				throw new TokenRevokedException("the token was revoked", verified.id());
			}
			observation.succeeded(verified.id(), verified.subject());
			return verified;
		}
		catch (TempIdException ex) {
			observation.failed(ex);
			throw ex;
		}
	}

	/** {@link #verify(String, String)} for callers that only want yes or no. */
	public Optional<VerifiedToken> tryVerify(@Nullable String token, String purpose) {
		return tryVerify(token, Expectation.purpose(purpose));
	}

	/** {@link #verify(String, Expectation)} for callers that only want yes or no. */
	public Optional<VerifiedToken> tryVerify(@Nullable String token, Expectation expectation) {
		if (token == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(verify(token, expectation));
		}
		catch (TempIdException ex) {
			return Optional.empty();
		}
	}

	// ---------------------------------------------------------------- consume

	/**
	 * Verifies a token and takes one use of it, atomically, in one round trip to the
	 * store. Every consume reads the store, tokens without a use limit too, so a revoked
	 * or refreshed token is never consumed.
	 * @throws TokenUsedUpException when every use is taken
	 * @throws TokenRevokedException when the token was revoked
	 * @throws StoreUnavailableException when the store cannot be reached (fail closed)
	 */
	public VerifiedToken consume(String token, String purpose) {
		return consume(token, Expectation.purpose(purpose));
	}

	/** {@link #consume(String, String)} against an {@link Expectation}. */
	public VerifiedToken consume(String token, Expectation expectation) {
		Instant now = this.clock.instant();
		Observation observation = this.listeners.start(Operation.CONSUME, expectation.purpose(), now);
		try {
			VerifiedToken verified = take(open(token, expectation, now), now);
			observation.succeeded(verified.id(), verified.subject());
			return verified;
		}
		catch (TempIdException ex) {
			observation.failed(ex);
			throw ex;
		}
	}

	/** {@link #consume(String, String)} for callers that only want yes or no. */
	public Optional<VerifiedToken> tryConsume(@Nullable String token, String purpose) {
		return tryConsume(token, Expectation.purpose(purpose));
	}

	/** {@link #consume(String, Expectation)} for callers that only want yes or no. */
	public Optional<VerifiedToken> tryConsume(@Nullable String token, Expectation expectation) {
		if (token == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(consume(token, expectation));
		}
		catch (TempIdException ex) {
			return Optional.empty();
		}
	}

	/** Takes one use of a verified token in the store: every consume comes here. */
	private VerifiedToken take(VerifiedToken verified, Instant now) {
		return consumed(verified, this.store.consume(verified.id(), verified.maxUses(), storeTtl(verified, now)));
	}

	/**
	 * Gives back one use of a consumed token, for example when the work it paid for
	 * failed.
	 * @return whether a use was given back
	 */
	public boolean release(VerifiedToken token) {
		Objects.requireNonNull(token, "token must not be null");
		Observation observation = this.listeners.start(Operation.RELEASE, token.purpose(), this.clock.instant());
		try {
			boolean released = this.store.release(token.id());
			observation.succeeded(token.id(), token.subject());
			return released;
		}
		catch (TempIdException ex) {
			observation.failed(ex, token.id(), token.subject());
			throw ex;
		}
	}

	// ---------------------------------------------------------------- usage, revoke, refresh

	/** How much of a token has been used. Reads the store once; used-up tokens still answer. */
	public Usage usage(String token, String purpose) {
		Instant now = this.clock.instant();
		Observation observation = this.listeners.start(Operation.USAGE, purpose, now);
		try {
			VerifiedToken verified = open(token, Expectation.purpose(purpose), now);
			UseRecord record = this.store.usage(verified.id());
			observation.succeeded(verified.id(), verified.subject());
			return new Usage(verified.maxUses(), record.used(), record.revoked());
		}
		catch (TempIdException ex) {
			observation.failed(ex);
			throw ex;
		}
	}

	/**
	 * Revokes a token: every later verify and consume of it fails with
	 * {@link Reason#REVOKED}. The store remembers it until the token expires.
	 * @throws IllegalStateException when revocation checks are off: verify would not see
	 * the revocation, so nothing is revoked
	 * @throws StoreUnavailableException when the store cannot be reached (then nothing
	 * is revoked either)
	 */
	public void revoke(String token, String purpose) {
		requireRevocationChecks("revoke");
		Instant now = this.clock.instant();
		Observation observation = this.listeners.start(Operation.REVOKE, purpose, now);
		try {
			VerifiedToken verified = open(token, Expectation.purpose(purpose), now);
			this.store.revoke(verified.id(), storeTtl(verified, now));
			observation.succeeded(verified.id(), verified.subject());
		}
		catch (TempIdException ex) {
			observation.failed(ex);
			throw ex;
		}
	}

	/**
	 * Revokes a token that has already been verified.
	 * @throws IllegalStateException when revocation checks are off
	 * @see #revoke(String, String)
	 */
	public void revoke(VerifiedToken token) {
		Objects.requireNonNull(token, "token must not be null");
		requireRevocationChecks("revoke");
		Instant now = this.clock.instant();
		Observation observation = this.listeners.start(Operation.REVOKE, token.purpose(), now);
		try {
			this.store.revoke(token.id(), storeTtl(token, now));
			observation.succeeded(token.id(), token.subject());
		}
		catch (TempIdException ex) {
			observation.failed(ex, token.id(), token.subject());
			throw ex;
		}
	}

	/**
	 * Refuses an operation that needs revocation checks while they are off; also a step for
	 * other faces of this service.
	 * @param operation what would be done, for the message
	 * @throws IllegalStateException when revocation checks are off
	 */
	public void requireRevocationChecks(String operation) {
		if (!this.revocationChecks) {
			throw new IllegalStateException("cannot " + operation + " a token while revocation checks are off: verify "
					+ "does not read the store then, so the token would keep verifying. Turn them on with "
					+ "TokenService.builder().revocationChecks(true) (Spring Boot: tempid.revocation-checks=true)");
		}
	}

	/**
	 * Exchanges a valid token for a new one with the same claims, a new id and a new
	 * lifetime. In one atomic store step the old token ends (every later verify with
	 * revocation checks on, and every consume, fails with {@link Reason#REVOKED}) and
	 * hands over its remaining uses: a use-limited token's new limit is the uses the old
	 * one had left. Of concurrent refreshes of one token, one wins.
	 * @throws TokenUsedUpException when the old token has no use left
	 * @throws TokenRevokedException when the old token was revoked or already refreshed
	 * @throws IllegalStateException when the token has no use limit and revocation
	 * checks are off (the old token would keep verifying and consuming)
	 */
	public IssuedToken refresh(String token, String purpose, Duration ttl) {
		return refresh(token, Expectation.purpose(purpose), ttl);
	}

	/** {@link #refresh(String, String, Duration)} with the old token's original lifetime. */
	public IssuedToken refresh(String token, String purpose) {
		return doRefresh(token, Expectation.purpose(purpose), null);
	}

	/**
	 * {@link #refresh(String, String, Duration)} against an {@link Expectation}: for a
	 * token bound to application state, the new token is bound to the same state, and
	 * verifies until it changes.
	 */
	public IssuedToken refresh(String token, Expectation expectation, Duration ttl) {
		Objects.requireNonNull(ttl, "ttl must not be null");
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive");
		}
		return doRefresh(token, expectation, ttl);
	}

	/** {@link #refresh(String, Expectation, Duration)} with the old token's original lifetime. */
	public IssuedToken refresh(String token, Expectation expectation) {
		return doRefresh(token, expectation, null);
	}

	private IssuedToken doRefresh(String token, Expectation expectation, @Nullable Duration requestedTtl) {
		Objects.requireNonNull(expectation, "expectation must not be null");
		String purpose = expectation.purpose();
		Instant now = this.clock.instant();
		Observation observation = this.listeners.start(Operation.REFRESH, purpose, now);
		try {
			VerifiedToken old = open(token, null, now);
			byte[] state = this.verifier.checkExpectation(old, expectation);
			IssuedToken renewed = renew(old, purpose, state, requestedTtl, now);
			observation.succeeded(renewed.id(), old.subject());
			return renewed;
		}
		catch (TempIdException ex) {
			observation.failed(ex);
			throw ex;
		}
	}

	// ---------------------------------------------------------------- steps for other faces

	/**
	 * Verifies what a token carries (tag or signature, lifetime with leeway, purpose,
	 * issuer, audience, binding) and nothing else: never touches the store, whatever
	 * {@link #revocationChecks()} says, and tells no listener. The first step of the
	 * store-touching operations for a face of this service that talks to a store of its
	 * own, such as tempid-spring's reactive {@code ReactiveTokenService}; applications call
	 * {@link #verify} or {@link #consume}.
	 * @throws TempIdException with the reason when the token is refused
	 */
	public VerifiedToken verifyWithoutStore(String token, Expectation expectation) {
		Objects.requireNonNull(expectation, "expectation must not be null");
		return open(token, expectation, this.clock.instant());
	}

	/**
	 * The last step of a consume whose use a store has decided: the token with its uses
	 * left when the use was granted, otherwise the exception {@link #consume} throws.
	 * @param verified the token, as {@link #verifyWithoutStore} returned it
	 * @param decision what the store answered
	 * @throws TokenUsedUpException when every use is taken
	 * @throws TokenRevokedException when the token was revoked
	 */
	public VerifiedToken consumed(VerifiedToken verified, UseDecision decision) {
		int maxUses = verified.maxUses();
		return switch (decision.outcome()) {
			case GRANTED -> verified
				.withUsesLeft((maxUses == 0) ? VerifiedToken.UNLIMITED : Math.max(0, maxUses - decision.used()));
			case USED_UP -> throw new TokenUsedUpException("every use of the token has been taken", verified.id());
			case REVOKED -> throw new TokenRevokedException("the token was revoked", verified.id());
		};
	}

	/**
	 * How long from now a store keeps a token's entry (see {@link #STORE_MARGIN}), for the
	 * {@code ttl} of the store calls of another face.
	 */
	public Duration storeTtlOf(VerifiedToken token) {
		return storeTtl(token, this.clock.instant());
	}

	/**
	 * The new token of a refresh whose {@code retire} store step the caller took: the
	 * exception {@link #refresh} throws when the store denied it, otherwise the successor
	 * with the same claims, a new id, the uses left, and the binding to the same state
	 * (the expectation is checked again, so the state is read after the old token ended).
	 * @param old the old token, as {@link #verifyWithoutStore} returned it
	 * @param expectation the expectation the old token was verified against
	 * @param decision what the store's {@code retire} answered
	 * @param ttl the new lifetime, or {@code null} for the old token's original lifetime
	 */
	public IssuedToken successor(VerifiedToken old, Expectation expectation, UseDecision decision,
			@Nullable Duration ttl) {
		byte[] state = this.verifier.checkExpectation(old, expectation);
		return successor(old, expectation.purpose(), state, decision, ttl, this.clock.instant());
	}

	/** The listeners told of every operation, for faces of this service that tell them too. */
	public List<TokenListener> listeners() {
		return this.listeners.all();
	}

	/**
	 * Retires a verified token in the store, taking its remaining uses, and mints its
	 * successor, bound to the same state.
	 */
	private IssuedToken renew(VerifiedToken old, String purpose, byte @Nullable [] state,
			@Nullable Duration requestedTtl, Instant now) {
		Claims claims = old.claims();
		int maxUses = claims.maxUses();
		if (maxUses == 0) {
			requireRevocationChecks("refresh a token without a use limit");
		}
		UseDecision decision = this.store.retire(old.id(), maxUses, storeTtl(old, now));
		return successor(old, purpose, state, decision, requestedTtl, now);
	}

	private IssuedToken successor(VerifiedToken old, String purpose, byte @Nullable [] state, UseDecision decision,
			@Nullable Duration requestedTtl, Instant now) {
		Claims claims = old.claims();
		int maxUses = claims.maxUses();
		switch (decision.outcome()) {
			case REVOKED -> throw new TokenRevokedException("the token was revoked", old.id());
			case USED_UP -> throw new TokenUsedUpException("every use of the token has been taken", old.id());
			case GRANTED -> {
				if (maxUses > 0) {
					maxUses -= decision.used();
				}
			}
		}
		Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
		Duration ttl = (requestedTtl != null) ? requestedTtl : Duration.between(claims.issuedAt(), claims.expiresAt());
		String id = newId();
		String binding = (state != null) ? StateBinding.of(id, purpose, state) : null;
		Claims renewed = new Claims(this.issuer, claims.subject(), claims.audience(), id, issuedAt,
				issuedAt.plus(ttl), null, claims.purpose(), maxUses, claims.permissions(), Map.of(), binding);
		byte[] data = claims.data().isEmpty() ? null : ClaimsCodec.writeData(claims.data());
		return mint(renewed, data, old.format());
	}

	/**
	 * Reads a token for diagnostics and support tools: checks its tag or signature and
	 * its lifetime, but not its purpose, audience, binding or uses. <strong>Never use it
	 * for authorization</strong>: use {@link #verify} or {@link #consume}.
	 */
	public VerifiedToken inspect(String token) {
		Instant now = this.clock.instant();
		Observation observation = this.listeners.start(Operation.INSPECT, "*", now);
		try {
			VerifiedToken verified = open(token, null, now);
			observation.succeeded(verified.id(), verified.subject());
			return verified;
		}
		catch (TempIdException ex) {
			observation.failed(ex);
			throw ex;
		}
	}

	// ---------------------------------------------------------------- configuration, for tools

	/** The keys this service issues and verifies with. */
	public KeyRing keyRing() {
		return this.keys;
	}

	/** The format of tokens issued when a request does not name one. */
	public TokenFormat defaultFormat() {
		return this.defaultFormat;
	}

	public @Nullable String issuer() {
		return this.issuer;
	}

	public @Nullable String audience() {
		return this.audience;
	}

	public UseStore store() {
		return this.store;
	}

	public Clock clock() {
		return this.clock;
	}

	public Duration leeway() {
		return this.leeway;
	}

	public Duration defaultTtl() {
		return this.defaultTtl;
	}

	public int maxPayloadSize() {
		return this.maxPayloadSize;
	}

	public boolean revocationChecks() {
		return this.revocationChecks;
	}

	/** The purposes configured with a {@link PurposePolicy}. */
	public Map<String, PurposePolicy> purposes() {
		return this.purposes;
	}

	@Override
	public String toString() {
		return "TokenService[format=" + this.defaultFormat + ", keys=" + this.keys.keyIds() + ", issuer=" + this.issuer
				+ ", audience=" + this.audience + ", store=" + this.store.getClass().getSimpleName() + "]";
	}

	// ---------------------------------------------------------------- shared steps

	/**
	 * Every read of a token comes here: the codec checks the framing, key and tag or
	 * signature, the verifier the lifetime, then (with an expectation) purpose, issuer,
	 * audience and binding. Never touches the store.
	 */
	private VerifiedToken open(@Nullable String token, @Nullable Expectation expectation, Instant now) {
		VerifiedToken verified = this.codec.open(token, this.clock);
		this.verifier.checkLifetime(verified.claims(), now);
		if (expectation != null) {
			this.verifier.checkExpectation(verified, expectation);
		}
		return verified;
	}

	/**
	 * How long the store keeps a token's entry from now: until the token stops verifying
	 * here (expiry plus leeway) plus {@link #STORE_MARGIN}, as a duration the store
	 * measures on its own clock.
	 */
	private Duration storeTtl(VerifiedToken token, Instant now) {
		Duration left = Duration.between(now, token.expiresAt().plus(this.leeway));
		return (left.isNegative() ? Duration.ZERO : left).plus(STORE_MARGIN);
	}

	private static String newId() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		return Base64Url.encode(bytes);
	}

	/**
	 * Configures a {@link TokenService}. Mutable, not thread-safe; {@link #build()} checks
	 * the settings and makes an immutable service.
	 */
	public static final class Builder {

		private KeyRing keys = KeyRing.empty();

		private @Nullable String issuer;

		private @Nullable String audience;

		private @Nullable UseStore store;

		private Clock clock = Clock.systemUTC();

		private Duration leeway = DEFAULT_LEEWAY;

		private Duration defaultTtl = DEFAULT_TTL;

		private int maxPayloadSize = DEFAULT_MAX_PAYLOAD_SIZE;

		private boolean revocationChecks;

		private final Map<String, PurposePolicy> purposes = new LinkedHashMap<>();

		private final List<TokenListener> listeners = new ArrayList<>();

		private @Nullable TokenFormat defaultFormat;

		private @Nullable PublicKeyResolver publicKeyResolver;

		private Builder() {
		}

		/** Encrypts new tokens with this key ({@code v4.local}). */
		public Builder localKey(LocalKey key) {
			this.keys = this.keys.and(KeyRing.of(Objects.requireNonNull(key, "key must not be null")));
			return this;
		}

		/** Signs new {@code v4.public} tokens with this key. */
		public Builder signingKey(SecretKey key) {
			this.keys = this.keys.and(KeyRing.of(Objects.requireNonNull(key, "key must not be null")));
			return this;
		}

		/** Verifies {@code v4.public} tokens signed by these keys. */
		public Builder verificationKeys(PublicKey... keys) {
			this.keys = this.keys.and(KeyRing.verifyOnly(keys));
			return this;
		}

		/** Adds a whole key ring: its active keys become this service's active keys. */
		public Builder keyRing(KeyRing ring) {
			this.keys = this.keys.and(Objects.requireNonNull(ring, "ring must not be null"));
			return this;
		}

		/** The {@code iss} of issued tokens; when set, verified tokens must carry it. */
		public Builder issuer(String issuer) {
			this.issuer = TokenRequest.checkName("issuer", issuer);
			return this;
		}

		/** The default {@code aud} of issued tokens and the audience verified tokens must carry. */
		public Builder audience(String audience) {
			this.audience = TokenRequest.checkName("audience", audience);
			return this;
		}

		/** Where use counts and revocations live. Defaults to a new {@link InMemoryUseStore}. */
		public Builder store(UseStore store) {
			this.store = Objects.requireNonNull(store, "store must not be null");
			return this;
		}

		/** The clock for issuing and checking lifetimes. Defaults to the system UTC clock. */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock must not be null");
			return this;
		}

		/** How much clock skew to forgive when checking lifetimes. Defaults to 5 seconds; at most 5 minutes. */
		public Builder leeway(Duration leeway) {
			Objects.requireNonNull(leeway, "leeway must not be null");
			if (leeway.isNegative() || leeway.compareTo(Duration.ofMinutes(5)) > 0) {
				throw new IllegalArgumentException("leeway must be between 0 and 5 minutes");
			}
			this.leeway = leeway;
			return this;
		}

		/** The lifetime of tokens whose request and purpose name none. Defaults to 15 minutes. */
		public Builder defaultTtl(Duration ttl) {
			Objects.requireNonNull(ttl, "ttl must not be null");
			if (ttl.isNegative() || ttl.isZero()) {
				throw new IllegalArgumentException("the default ttl must be positive");
			}
			this.defaultTtl = ttl;
			return this;
		}

		/** The most bytes the encoded application payload may take. Defaults to 512. */
		public Builder maxPayloadSize(int bytes) {
			if (bytes < 2 || bytes > 2048) {
				throw new IllegalArgumentException("maxPayloadSize must be between 2 and 2048 bytes");
			}
			this.maxPayloadSize = bytes;
			return this;
		}

		/**
		 * Whether verify consults the store for revocations (one store read per verify).
		 * Off by default: verify is then stateless, and {@link TokenService#revoke} and
		 * the refresh of a token without a use limit refuse, since verify could not see
		 * them. Consume always consults the store.
		 */
		public Builder revocationChecks(boolean enabled) {
			this.revocationChecks = enabled;
			return this;
		}

		/** Defaults and a state resolver for one purpose. */
		public Builder purpose(String purpose, PurposePolicy policy) {
			this.purposes.put(TokenRequest.checkName("purpose", purpose), Objects.requireNonNull(policy, "policy"));
			return this;
		}

		/** Binds every token of a purpose to the state this resolver supplies. */
		public Builder stateResolver(String purpose, StateResolver resolver) {
			PurposePolicy policy = this.purposes.getOrDefault(purpose, PurposePolicy.NONE);
			return purpose(purpose, policy.withStateResolver(resolver));
		}

		/** Hears of every operation (metrics, events, audit). */
		public Builder listener(TokenListener listener) {
			this.listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
			return this;
		}

		/** The format of tokens whose request names none. Defaults to LOCAL when a local key is present. */
		public Builder defaultFormat(TokenFormat format) {
			this.defaultFormat = Objects.requireNonNull(format, "format must not be null");
			return this;
		}

		/**
		 * Finds {@code v4.public} verification keys that the key ring does not hold, by
		 * id: for a service that verifies tokens of signers whose keys it fetches.
		 */
		public Builder publicKeyResolver(PublicKeyResolver resolver) {
			this.publicKeyResolver = Objects.requireNonNull(resolver, "resolver must not be null");
			return this;
		}

		public TokenService build() {
			return new TokenService(this);
		}

	}

}
