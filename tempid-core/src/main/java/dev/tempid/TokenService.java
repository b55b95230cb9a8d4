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
import dev.tempid.store.Generation;
import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.StoreCall;
import dev.tempid.store.StoreFeatures;
import dev.tempid.store.StorePlan;
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
 * are on or the token carries a subject generation. Consuming a token takes one use atomically in the {@link UseStore}, in one
 * round trip, and is denied once the token is used up, revoked or refreshed.
 *
 * <p>Revocation always holds or refuses: {@link #revoke} needs revocation checks on
 * (without them verify never reads the store, so a revoked token would keep
 * verifying) and throws {@link IllegalStateException} otherwise, except for tokens that
 * carry a subject generation ({@link VerifiedToken#generation()}): verify always reads
 * the store for those, so revoking and refreshing them needs no revocation checks.
 * {@link #refresh} ends the old token and takes its remaining uses in one atomic store step; with revocation
 * checks off it refuses tokens without a use limit for the same reason, and a refreshed
 * use-limited token can no longer be consumed (it verifies like a used-up token).
 * Thread-safe and immutable once built.
 */
public final class TokenService {

	/** Wrong login codes tried before a code and its token die. */
	public static final int MAX_CODE_TRIES = 5;

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

	/** Issuance limits (mail bombing, enumeration): a collaborator of its own. */
	private final IssueLimiter issueLimiter;

	private final TokenFormat defaultFormat;

	/** Seals and opens the PASETO framing, with the keys. */
	private final TokenCodec codec;

	/** Checks lifetime, purpose, issuer, audience and binding; applies purpose policies. */
	private final ClaimsVerifier verifier;

	private final TokenListeners listeners;

	/** Subject generations, session ids and login codes (per-subject control). */
	private final SubjectControl subjects;

	/** The operations that need the store, as plans (the blocking methods run them on {@link #store}). */
	private final TokenOperations operations;

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
		this.subjects = new SubjectControl(this.keys);
		this.issueLimiter = new IssueLimiter(this.store, builder.issueLimits);
		// a store that cannot serve the purposes fails here, at start-up, not at a first login
		StoreFeatures.check(this.store, UseStore.class, this.purposes, builder.issueLimits.keySet());
		this.defaultFormat = (builder.defaultFormat != null) ? builder.defaultFormat
				: this.codec.canSealLocal() ? TokenFormat.LOCAL : TokenFormat.PUBLIC;
		this.operations = new TokenOperations(this, this.listeners);
	}

	/** Starts configuring a service. */
	public static Builder builder() {
		return new Builder();
	}

	// ---------------------------------------------------------------- issue

	/**
	 * Issues a token.
	 * @throws PayloadTooLargeException when the application payload is over the limit
	 * @throws TooManyIssuedException when the purpose's issue limit is reached for the subject
	 * @throws IllegalStateException when the service holds no key that can issue the
	 * requested format
	 */
	public IssuedToken issue(TokenRequest request) {
		return this.operations.issue(request).runOn(this.store);
	}

	/**
	 * Applies the request, then the purpose's policy, then the service's defaults. The store
	 * steps, in order: the issue limit's count, the subject's generation, the login code.
	 */
	StorePlan<IssuedToken> issuePlan(TokenRequest request, Instant now) {
		// issuance limits: one store step, before anything is signed (IssueLimiter)
		StorePlan<Boolean> limit = (request.subject() != null)
				? this.issueLimiter.plan(request.purpose(), request.subject()) : StorePlan.done(Boolean.TRUE);
		return limit.then((allowed) -> issueAfterLimit(request, now));
	}

	private StorePlan<IssuedToken> issueAfterLimit(TokenRequest request, Instant now) {
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
		// per-subject control (SubjectControl): supersede, revoke-all, sessions, login codes
		boolean singleActive = (request.singleActive() != null) ? request.singleActive() : policy.singleActive();
		boolean withGeneration = singleActive || request.codeAddress() != null
				|| ((request.revocableBySubject() != null) ? request.revocableBySubject() : policy.revocableBySubject());
		if (request.codeAddress() != null) {
			if (request.maxUses() > 1 || (request.maxUses() < 0 && policy.maxUses() > 1)) {
				throw new IllegalArgumentException("a token issued with a login code has one use, shared with the code");
			}
			maxUses = 1;
		}
		Duration storeTtl = ttl.plus(this.leeway).plus(STORE_MARGIN);
		StorePlan<Long> generation = (withGeneration && request.subject() != null)
				? StorePlan.of(SubjectControl.issue(request.subject(), request.purpose(), singleActive, storeTtl))
				: StorePlan.done(0L);
		int uses = maxUses;
		byte[] payload = data;
		return generation.then((held) -> {
			Claims claims = new Claims(this.issuer, request.subject(), audience, id, now, now.plus(ttl),
					request.notBefore(), request.purpose(), uses, request.permissions(), Map.of(), binding, held,
					request.sessionId());
			if (request.codeAddress() == null || request.subject() == null) {
				return StorePlan.done(mint(claims, payload, request.format(), null));
			}
			String code = SubjectControl.newCode();
			return StorePlan.call(this.subjects.putCode(request.purpose(), request.subject(), request.codeAddress(), code,
					this.subjects.storeId(claims), Objects.requireNonNull(this.subjects.generation(claims)), storeTtl),
					(kept) -> StorePlan.done(mint(claims, payload, request.format(), code)));
		});
	}

	/** Every new token, issued or refreshed, is sealed here. */
	private IssuedToken mint(Claims claims, byte @Nullable [] data, @Nullable TokenFormat format,
			@Nullable String code) {
		String value = this.codec.seal(claims, data, (format != null) ? format : this.defaultFormat);
		return new IssuedToken(value, claims.id(), claims.purpose(), claims.issuedAt(), claims.expiresAt(),
				claims.maxUses(), code);
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
		return this.operations.verify(token, expectation).runOn(this.store);
	}

	StorePlan<VerifiedToken> verifyPlan(@Nullable String token, Expectation expectation, Instant now,
			TokenOperation<VerifiedToken> operation) {
		VerifiedToken verified = open(token, expectation, now);
		operation.report(verified.id(), verified.subject());
		// a token with a subject generation is always checked: supersede and revoke-all hold
		if (this.revocationChecks || verified.generation() > 0) {
			return StorePlan.call(usageCall(verified), (record) -> {
				if (record.revoked()) {
					throw new TokenRevokedException("the token was revoked", verified.id());
				}
				return StorePlan.done(verified);
			});
		}
		return StorePlan.done(verified);
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
		return this.operations.consume(token, expectation).runOn(this.store);
	}

	StorePlan<VerifiedToken> consumePlan(@Nullable String token, Expectation expectation, Instant now,
			TokenOperation<VerifiedToken> operation) {
		VerifiedToken verified = open(token, expectation, now);
		operation.report(verified.id(), verified.subject());
		return take(verified, now);
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
	private StorePlan<VerifiedToken> take(VerifiedToken verified, Instant now) {
		int maxUses = verified.maxUses();
		StoreCall.Consume call = new StoreCall.Consume(this.subjects.storeId(verified.claims()), maxUses,
				storeTtl(verified, now), this.subjects.generation(verified.claims()));
		return StorePlan.call(call, (decision) -> StorePlan.done(switch (decision.outcome()) {
			case GRANTED -> verified
				.withUsesLeft((maxUses == 0) ? VerifiedToken.UNLIMITED : Math.max(0, maxUses - decision.used()));
			case USED_UP -> throw new TokenUsedUpException("every use of the token has been taken", verified.id());
			case REVOKED -> throw new TokenRevokedException("the token was revoked", verified.id());
		}));
	}

	/**
	 * Gives back one use of a consumed token, for example when the work it paid for
	 * failed.
	 * @return whether a use was given back
	 */
	public boolean release(VerifiedToken token) {
		return this.operations.release(token).runOn(this.store);
	}

	StorePlan<Boolean> releasePlan(VerifiedToken token) {
		return StorePlan.of(new StoreCall.Release(this.subjects.storeId(token.claims())));
	}

	// ---------------------------------------------------------------- usage, revoke, refresh

	/** How much of a token has been used. Reads the store once; used-up tokens still answer. */
	public Usage usage(String token, String purpose) {
		return this.operations.usage(token, purpose).runOn(this.store);
	}

	StorePlan<Usage> usagePlan(@Nullable String token, String purpose, Instant now, TokenOperation<Usage> operation) {
		VerifiedToken verified = open(token, Expectation.purpose(purpose), now);
		operation.report(verified.id(), verified.subject());
		return StorePlan.call(usageCall(verified),
				(record) -> StorePlan.done(new Usage(verified.maxUses(), record.used(), record.revoked())));
	}

	/**
	 * Revokes a token: every later verify and consume of it fails with
	 * {@link Reason#REVOKED}. The store remembers it until the token expires.
	 * @throws IllegalStateException when revocation checks are off and the token carries
	 * no subject generation: verify would not see the revocation, so nothing is revoked
	 * @throws StoreUnavailableException when the store cannot be reached (then nothing
	 * is revoked either)
	 */
	public void revoke(String token, String purpose) {
		this.operations.revoke(token, purpose).runOn(this.store);
	}

	StorePlan<Boolean> revokePlan(@Nullable String token, String purpose, Instant now,
			TokenOperation<Boolean> operation) {
		VerifiedToken verified = open(token, Expectation.purpose(purpose), now);
		if (verified.generation() == 0) {
			requireRevocationChecks("revoke");
		}
		operation.report(verified.id(), verified.subject());
		return StorePlan.of(new StoreCall.Revoke(this.subjects.storeId(verified.claims()), revokeTtl(verified, now)));
	}

	/**
	 * Revokes a token that has already been verified.
	 * @throws IllegalStateException when revocation checks are off
	 * @see #revoke(String, String)
	 */
	public void revoke(VerifiedToken token) {
		this.operations.revoke(token).runOn(this.store);
	}

	/** Checks a verified token can be revoked, before any listener is told. */
	void checkRevocable(VerifiedToken token) {
		Objects.requireNonNull(token, "token must not be null");
		if (token.generation() == 0) {
			requireRevocationChecks("revoke");
		}
	}

	StorePlan<Boolean> revokePlan(VerifiedToken token, Instant now) {
		return StorePlan.of(new StoreCall.Revoke(this.subjects.storeId(token.claims()), revokeTtl(token, now)));
	}

	private void requireRevocationChecks(String operation) {
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
		return refresh(token, Expectation.purpose(purpose));
	}

	/**
	 * {@link #refresh(String, String, Duration)} against an {@link Expectation}: for a
	 * token bound to application state, the new token is bound to the same state, and
	 * verifies until it changes.
	 */
	public IssuedToken refresh(String token, Expectation expectation, Duration ttl) {
		return this.operations.refresh(token, expectation, ttl).runOn(this.store);
	}

	/** {@link #refresh(String, Expectation, Duration)} with the old token's original lifetime. */
	public IssuedToken refresh(String token, Expectation expectation) {
		return this.operations.refresh(token, expectation).runOn(this.store);
	}

	/** Checks a requested refresh lifetime: positive. */
	static Duration checkRefreshTtl(Duration ttl) {
		Objects.requireNonNull(ttl, "ttl must not be null");
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive");
		}
		return ttl;
	}

	StorePlan<IssuedToken> refreshPlan(@Nullable String token, Expectation expectation,
			@Nullable Duration requestedTtl, Instant now, TokenOperation<IssuedToken> operation) {
		VerifiedToken old = open(token, null, now);
		byte[] state = this.verifier.checkExpectation(old, expectation);
		return renew(old, expectation.purpose(), state, requestedTtl, now).map((renewed) -> {
			operation.report(renewed.id(), old.subject());
			return renewed;
		});
	}

	/**
	 * Retires a verified token in the store, taking its remaining uses, and mints its
	 * successor, bound to the same state.
	 */
	private StorePlan<IssuedToken> renew(VerifiedToken old, String purpose, byte @Nullable [] state,
			@Nullable Duration requestedTtl, Instant now) {
		Claims claims = old.claims();
		int maxUses = claims.maxUses();
		if (maxUses == 0 && claims.generation() == 0) {
			requireRevocationChecks("refresh a token without a use limit");
		}
		if (claims.sessionId() != null) {
			throw new IllegalArgumentException("a token of a session is renewed by issuing another with the same "
					+ "session id, not refreshed: refreshing would end the whole session");
		}
		Duration ttl = (requestedTtl != null) ? requestedTtl : Duration.between(claims.issuedAt(), claims.expiresAt());
		Generation generation = this.subjects.generation(claims);
		// keep the generation for the successor first; the retire then checks it is still current
		StorePlan<Long> kept = (generation != null)
				? StorePlan.of(SubjectControl.issue(Objects.requireNonNull(claims.subject()), claims.purpose(), false,
						ttl.plus(this.leeway).plus(STORE_MARGIN)))
				: StorePlan.done(0L);
		StoreCall.Retire retire = new StoreCall.Retire(this.subjects.storeId(claims), maxUses, storeTtl(old, now),
				generation);
		return kept.then((held) -> StorePlan.call(retire, (decision) -> {
			int usesLeft = maxUses;
			switch (decision.outcome()) {
				case REVOKED -> throw new TokenRevokedException("the token was revoked", old.id());
				case USED_UP -> throw new TokenUsedUpException("every use of the token has been taken", old.id());
				case GRANTED -> {
					if (maxUses > 0) {
						usesLeft -= decision.used();
					}
				}
			}
			Instant issuedAt = now.truncatedTo(ChronoUnit.SECONDS);
			String id = newId();
			String binding = (state != null) ? StateBinding.of(id, purpose, state) : null;
			Claims renewed = new Claims(this.issuer, claims.subject(), claims.audience(), id, issuedAt,
					issuedAt.plus(ttl), null, claims.purpose(), usesLeft, claims.permissions(), Map.of(), binding,
					claims.generation(), null);
			byte[] data = claims.data().isEmpty() ? null : ClaimsCodec.writeData(claims.data());
			return StorePlan.done(mint(renewed, data, old.format(), null));
		}));
	}

	// ---------------------------------------------------------------- per-subject control

	/**
	 * Ends every token and session of a subject that carries its subject's generation
	 * (tokens of single-active purposes, of purposes revocable by subject, cookie
	 * sessions, tokens with login codes), for every purpose, on every instance sharing the
	 * store: their next consume, refresh, code and verify fail with {@link Reason#REVOKED}.
	 * One store write. Tokens without a generation are not affected: revoke them one by
	 * one.
	 * @throws StoreUnavailableException when the store cannot be reached (nothing ended)
	 */
	public void revokeAll(String subject) {
		this.operations.revokeAll(subject).runOn(this.store);
	}

	/** {@link #revokeAll(String)} for one purpose. */
	public void revokeAll(String subject, String purpose) {
		this.operations.revokeAll(subject, purpose).runOn(this.store);
	}

	StorePlan<Boolean> revokeAllPlan(String subject, @Nullable String purpose) {
		return StorePlan.of(SubjectControl.revokeAll(subject, purpose));
	}

	/**
	 * Signs in with a login code ({@link TokenRequest.Builder#withCode}): checks the code
	 * against the one issued for the subject, purpose and address, and takes the one use
	 * it shares with its token, in one atomic store step. Whichever of the code and the
	 * token is used first ends both.
	 * @param purpose the purpose of the token the code was issued with
	 * @param subject the subject the code was issued for (found from the address)
	 * @param address the address the code was sent to
	 * @param code the code the user typed
	 * @throws WrongCodeException when the code does not match or none is held
	 * @throws TokenRevokedException once {@link #MAX_CODE_TRIES} wrong codes were tried
	 * (the code and its token are dead), or when the token was revoked or superseded
	 * @throws TokenUsedUpException when the token was used already
	 */
	public void consumeCode(String purpose, String subject, String address, String code) {
		this.operations.consumeCode(purpose, subject, address, code).runOn(this.store);
	}

	StorePlan<Boolean> consumeCodePlan(String purpose, String subject, String address, String code) {
		String typed = code.strip();
		if (typed.length() != 6 || !typed.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw new WrongCodeException("a login code is 6 digits", 0);
		}
		StoreCall.UseCode call = this.subjects.useCode(purpose, subject, address, typed, MAX_CODE_TRIES, 1,
				STORE_MARGIN);
		return StorePlan.call(call, (decision) -> {
			switch (decision.outcome()) {
				case GRANTED -> {
				}
				case WRONG -> throw (decision.triesLeft() > 0)
						? new WrongCodeException("the login code does not match", decision.triesLeft())
						: new TokenRevokedException("too many wrong login codes: the code and its link are dead");
				case NONE -> throw new WrongCodeException("no login code is held for this address", 0);
				case EXHAUSTED -> throw new TokenRevokedException("too many wrong login codes: the code and its link are dead");
				case USED_UP -> throw new TokenUsedUpException("the login code's link was used already");
				case REVOKED -> throw new TokenRevokedException("the login code's link was revoked or superseded");
			}
			return StorePlan.done(Boolean.TRUE);
		});
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

	/**
	 * The operations of this service that need its use store, as plans a face of this
	 * service can run on a store of another kind (tempid-spring's reactive
	 * {@code ReactiveTokenService}); the blocking methods of this class run the very same
	 * plans on {@link #store()}. Applications call the methods of this class.
	 */
	public TokenOperations operations() {
		return this.operations;
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

	/**
	 * The issuance limits of the purposes, counted in this service's store; also for an
	 * application that must touch the same counter without issuing (an unknown address).
	 */
	public IssueLimiter issueLimiter() {
		return this.issueLimiter;
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
	VerifiedToken open(@Nullable String token, @Nullable Expectation expectation, Instant now) {
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
	Duration storeTtl(VerifiedToken token, Instant now) {
		Duration left = Duration.between(now, token.expiresAt().plus(this.leeway));
		return (left.isNegative() ? Duration.ZERO : left).plus(STORE_MARGIN);
	}

	/** The read of what the store holds of a token: its entry, with its generation checked in the same read. */
	private StoreCall.Usage usageCall(VerifiedToken token) {
		return new StoreCall.Usage(this.subjects.storeId(token.claims()), this.subjects.generation(token.claims()));
	}

	/**
	 * How long a revocation is kept: {@link #storeTtl}, and for a token of a session at
	 * least its own lifetime from now (a session's later tokens never outlive that).
	 */
	Duration revokeTtl(VerifiedToken token, Instant now) {
		Duration ttl = storeTtl(token, now);
		if (token.sessionId() != null) {
			Duration lifetime = Duration.between(token.issuedAt(), token.expiresAt()).plus(this.leeway).plus(STORE_MARGIN);
			return (lifetime.compareTo(ttl) > 0) ? lifetime : ttl;
		}
		return ttl;
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

		private final Map<String, IssueLimit> issueLimits = new LinkedHashMap<>();

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

		/**
		 * Limits how many tokens of a purpose are issued for one subject within a window
		 * ({@code 3 per 15m}), counted in the store; beyond it {@code issue} throws
		 * {@link TooManyIssuedException}. Requests without a subject are not limited.
		 */
		public Builder issueLimit(String purpose, IssueLimit limit) {
			this.issueLimits.put(TokenRequest.checkName("purpose", purpose), Objects.requireNonNull(limit, "limit"));
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
