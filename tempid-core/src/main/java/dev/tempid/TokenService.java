package dev.tempid;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.tempid.paseto.Base64Url;
import dev.tempid.paseto.Pae;
import dev.tempid.paseto.PasetoV4;
import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import dev.tempid.store.UseStore;
import org.bouncycastle.crypto.digests.Blake2bDigest;
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

	/** The longest footer accepted, in base64url characters. */
	static final int MAX_FOOTER_LENGTH = 512;

	private static final byte[] NO_IMPLICIT = new byte[0];

	private static final byte[] BINDING_INFO = "tempid state binding v1".getBytes(StandardCharsets.US_ASCII);

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

	private final List<TokenListener> listeners;

	private final TokenFormat defaultFormat;

	/** Our own canonical footers (base64url text) to their keys: the fast path that parses no JSON. */
	private final Map<String, KeyEntry> footers;

	private final @Nullable KeyEntry localEntry;

	private final @Nullable KeyEntry signingEntry;

	private final @Nullable PublicKeyResolver publicKeyResolver;

	/** Keys found through the resolver, by canonical footer text; bounded. */
	private final Map<String, KeyEntry> resolved = new java.util.concurrent.ConcurrentHashMap<>();

	/** The most resolved keys remembered at once. */
	static final int MAX_RESOLVED_KEYS = 64;

	private TokenService(Builder builder) {
		this.keys = builder.keys;
		this.publicKeyResolver = builder.publicKeyResolver;
		if (this.keys.isEmpty() && this.publicKeyResolver == null) {
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
		this.issueLimiter = new IssueLimiter(this.store, builder.issueLimits);
		this.listeners = List.copyOf(builder.listeners);
		Map<String, KeyEntry> footers = new HashMap<>();
		for (LocalKey key : this.keys.localKeys()) {
			KeyEntry entry = new KeyEntry(key.id(), key, null);
			footers.put(entry.footerText, entry);
		}
		for (PublicKey key : this.keys.publicKeys()) {
			KeyEntry entry = new KeyEntry(key.id(), null, key);
			footers.put(entry.footerText, entry);
		}
		this.footers = Map.copyOf(footers);
		LocalKey activeLocal = this.keys.activeLocalKey();
		this.localEntry = (activeLocal != null) ? this.footers.get(KeyEntry.footerText(activeLocal.id())) : null;
		SecretKey signing = this.keys.activeSigningKey();
		this.signingEntry = (signing != null) ? this.footers.get(KeyEntry.footerText(signing.id())) : null;
		this.defaultFormat = (builder.defaultFormat != null) ? builder.defaultFormat
				: (this.localEntry != null) ? TokenFormat.LOCAL : TokenFormat.PUBLIC;
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
		long started = System.nanoTime();
		@Nullable Object @Nullable [] contexts = start(Operation.ISSUE, request.purpose());
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.SECONDS);
		try {
			IssuedToken token = issue(request, now);
			publish(Operation.ISSUE, request.purpose(), null, token.id(), request.subject(), now, started, contexts);
			return token;
		}
		catch (TempIdException ex) {
			publish(Operation.ISSUE, request.purpose(), ex.reason(), null, request.subject(), now, started, contexts);
			throw ex;
		}
	}

	private IssuedToken issue(TokenRequest request, Instant now) {
		// issuance limits: one store step, before anything is signed (IssueLimiter)
		if (request.subject() != null) {
			this.issueLimiter.acquire(request.purpose(), request.subject());
		}
		PurposePolicy policy = policy(request.purpose());
		Duration ttl = (request.ttl() != null) ? request.ttl() : (policy.ttl() != null) ? policy.ttl() : this.defaultTtl;
		int maxUses = (request.maxUses() >= 0) ? request.maxUses() : policy.maxUses();
		String audience = (request.audience() != null) ? request.audience()
				: (policy.audience() != null) ? policy.audience() : this.audience;
		byte[] data = null;
		if (!request.data().isEmpty()) {
			data = ClaimsCodec.writeData(request.data());
			if (data.length > this.maxPayloadSize) {
				throw new PayloadTooLargeException("the application payload is " + data.length
						+ " bytes encoded; the limit is " + this.maxPayloadSize);
			}
		}
		String id = newId();
		Instant expiresAt = now.plus(ttl);
		byte[] state = request.state();
		String binding = (state != null) ? binding(id, request.purpose(), state) : null;
		Claims claims = new Claims(this.issuer, request.subject(), audience, id, now, expiresAt, request.notBefore(),
				request.purpose(), maxUses, request.permissions(), Map.of(), binding);
		return new IssuedToken(seal(claims, data, request.format()), id, request.purpose(), now, expiresAt, maxUses);
	}

	private String seal(Claims claims, byte @Nullable [] data, @Nullable TokenFormat requested) {
		byte[] payload = ClaimsCodec.write(claims, data);
		TokenFormat format = (requested != null) ? requested : this.defaultFormat;
		if (format == TokenFormat.LOCAL) {
			KeyEntry entry = this.localEntry;
			if (entry == null || entry.local == null) {
				throw new IllegalStateException("this TokenService holds no active local key to issue v4.local tokens");
			}
			byte[] body = entry.local.cipher().encrypt(payload, entry.footer, NO_IMPLICIT);
			return PasetoV4.LOCAL_HEADER + Base64Url.encode(body) + "." + entry.footerText;
		}
		KeyEntry entry = this.signingEntry;
		SecretKey signing = this.keys.activeSigningKey();
		if (entry == null || signing == null) {
			throw new IllegalStateException("this TokenService holds no signing key to issue v4.public tokens");
		}
		byte[] body = PasetoV4.sign(signing.parameters(), signing.publicParameters(), payload, entry.footer, NO_IMPLICIT);
		return PasetoV4.PUBLIC_HEADER + Base64Url.encode(body) + "." + entry.footerText;
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
		long started = System.nanoTime();
		@Nullable Object @Nullable [] contexts = start(Operation.VERIFY, expectation.purpose());
		Instant now = this.clock.instant();
		try {
			VerifiedToken verified = open(token, expectation, now);
			if (this.revocationChecks && this.store.usage(verified.id()).revoked()) {
				throw new TokenRevokedException("the token was revoked", verified.id());
			}
			publish(Operation.VERIFY, expectation.purpose(), null, verified.id(), verified.subject(), now, started, contexts);
			return verified;
		}
		catch (TempIdException ex) {
			publish(Operation.VERIFY, expectation.purpose(), ex.reason(), ex.tokenId(), null, now, started, contexts);
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
		long started = System.nanoTime();
		@Nullable Object @Nullable [] contexts = start(Operation.CONSUME, expectation.purpose());
		Instant now = this.clock.instant();
		try {
			VerifiedToken verified = take(open(token, expectation, now), now);
			publish(Operation.CONSUME, expectation.purpose(), null, verified.id(), verified.subject(), now, started, contexts);
			return verified;
		}
		catch (TempIdException ex) {
			publish(Operation.CONSUME, expectation.purpose(), ex.reason(), ex.tokenId(), null, now, started, contexts);
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

	private VerifiedToken take(VerifiedToken verified, Instant now) {
		int maxUses = verified.maxUses();
		UseDecision decision = this.store.consume(verified.id(), maxUses, storeTtl(verified, now));
		return switch (decision.outcome()) {
			case GRANTED -> verified
				.withUsesLeft((maxUses == 0) ? VerifiedToken.UNLIMITED : Math.max(0, maxUses - decision.used()));
			case USED_UP -> throw new TokenUsedUpException("every use of the token has been taken", verified.id());
			case REVOKED -> throw new TokenRevokedException("the token was revoked", verified.id());
		};
	}

	/**
	 * Gives back one use of a consumed token, for example when the work it paid for
	 * failed.
	 * @return whether a use was given back
	 */
	public boolean release(VerifiedToken token) {
		Objects.requireNonNull(token, "token must not be null");
		long started = System.nanoTime();
		@Nullable Object @Nullable [] contexts = start(Operation.RELEASE, token.purpose());
		Instant now = this.clock.instant();
		try {
			boolean released = this.store.release(token.id());
			publish(Operation.RELEASE, token.purpose(), null, token.id(), token.subject(), now, started, contexts);
			return released;
		}
		catch (TempIdException ex) {
			publish(Operation.RELEASE, token.purpose(), ex.reason(), token.id(), token.subject(), now, started, contexts);
			throw ex;
		}
	}

	// ---------------------------------------------------------------- usage, revoke, refresh

	/** How much of a token has been used. Reads the store once; used-up tokens still answer. */
	public Usage usage(String token, String purpose) {
		long started = System.nanoTime();
		@Nullable Object @Nullable [] contexts = start(Operation.USAGE, purpose);
		Instant now = this.clock.instant();
		try {
			VerifiedToken verified = open(token, Expectation.purpose(purpose), now);
			UseRecord record = this.store.usage(verified.id());
			publish(Operation.USAGE, purpose, null, verified.id(), verified.subject(), now, started, contexts);
			return new Usage(verified.maxUses(), record.used(), record.revoked());
		}
		catch (TempIdException ex) {
			publish(Operation.USAGE, purpose, ex.reason(), ex.tokenId(), null, now, started, contexts);
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
		long started = System.nanoTime();
		@Nullable Object @Nullable [] contexts = start(Operation.REVOKE, purpose);
		Instant now = this.clock.instant();
		try {
			VerifiedToken verified = open(token, Expectation.purpose(purpose), now);
			this.store.revoke(verified.id(), storeTtl(verified, now));
			publish(Operation.REVOKE, purpose, null, verified.id(), verified.subject(), now, started, contexts);
		}
		catch (TempIdException ex) {
			publish(Operation.REVOKE, purpose, ex.reason(), ex.tokenId(), null, now, started, contexts);
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
		long started = System.nanoTime();
		@Nullable Object @Nullable [] contexts = start(Operation.REVOKE, token.purpose());
		Instant now = this.clock.instant();
		try {
			this.store.revoke(token.id(), storeTtl(token, now));
			publish(Operation.REVOKE, token.purpose(), null, token.id(), token.subject(), now, started, contexts);
		}
		catch (TempIdException ex) {
			publish(Operation.REVOKE, token.purpose(), ex.reason(), token.id(), token.subject(), now, started, contexts);
			throw ex;
		}
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
		long started = System.nanoTime();
		@Nullable Object @Nullable [] contexts = start(Operation.REFRESH, purpose);
		Instant now = this.clock.instant();
		try {
			VerifiedToken old = open(token, null, now);
			Claims claims = old.claims();
			byte[] state = checkExpectation(old, claims, expectation);
			int maxUses = claims.maxUses();
			if (maxUses == 0) {
				requireRevocationChecks("refresh a token without a use limit");
			}
			UseDecision decision = this.store.retire(old.id(), maxUses, storeTtl(old, now));
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
			Duration ttl = (requestedTtl != null) ? requestedTtl
					: Duration.between(claims.issuedAt(), claims.expiresAt());
			String id = newId();
			String binding = (state != null) ? binding(id, purpose, state) : null;
			Claims renewed = new Claims(this.issuer, claims.subject(), claims.audience(), id, issuedAt,
					issuedAt.plus(ttl), null, claims.purpose(), maxUses, claims.permissions(), Map.of(), binding);
			byte[] data = claims.data().isEmpty() ? null : ClaimsCodec.writeData(claims.data());
			String value = seal(renewed, data, old.format());
			publish(Operation.REFRESH, purpose, null, id, claims.subject(), now, started, contexts);
			return new IssuedToken(value, id, claims.purpose(), issuedAt, renewed.expiresAt(), maxUses);
		}
		catch (TempIdException ex) {
			publish(Operation.REFRESH, purpose, ex.reason(), ex.tokenId(), null, now, started, contexts);
			throw ex;
		}
	}

	/**
	 * Reads a token for diagnostics and support tools: checks its tag or signature and
	 * its lifetime, but not its purpose, audience, binding or uses. <strong>Never use it
	 * for authorization</strong>: use {@link #verify} or {@link #consume}.
	 */
	public VerifiedToken inspect(String token) {
		long started = System.nanoTime();
		@Nullable Object @Nullable [] contexts = start(Operation.INSPECT, "*");
		Instant now = this.clock.instant();
		try {
			VerifiedToken verified = open(token, null, now);
			publish(Operation.INSPECT, "*", null, verified.id(), verified.subject(), now, started, contexts);
			return verified;
		}
		catch (TempIdException ex) {
			publish(Operation.INSPECT, "*", ex.reason(), ex.tokenId(), null, now, started, contexts);
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

	// ---------------------------------------------------------------- the hot path

	/**
	 * Parses once and checks everything but the store: length, header, footer and key,
	 * tag or signature, claims, lifetime, then (with an expectation) purpose, issuer,
	 * audience and binding.
	 */
	private VerifiedToken open(@Nullable String token, @Nullable Expectation expectation, Instant now) {
		if (token == null || token.isEmpty()) {
			throw new MalformedTokenException("no token was given");
		}
		if (token.length() > MAX_TOKEN_LENGTH) {
			throw new MalformedTokenException("the token is longer than " + MAX_TOKEN_LENGTH + " characters");
		}
		TokenFormat format;
		int bodyStart;
		if (token.startsWith(PasetoV4.LOCAL_HEADER)) {
			format = TokenFormat.LOCAL;
			bodyStart = PasetoV4.LOCAL_HEADER.length();
		}
		else if (token.startsWith(PasetoV4.PUBLIC_HEADER)) {
			format = TokenFormat.PUBLIC;
			bodyStart = PasetoV4.PUBLIC_HEADER.length();
		}
		else {
			throw new MalformedTokenException("the token is not a PASETO v4.local or v4.public token");
		}
		int dot = token.indexOf('.', bodyStart);
		if (dot < 0) {
			throw new MalformedTokenException("the token has no footer naming its key");
		}
		if (token.indexOf('.', dot + 1) >= 0) {
			throw new MalformedTokenException("the token has too many parts");
		}
		String footerText = token.substring(dot + 1);
		KeyEntry entry = this.footers.get(footerText);
		if (entry == null && format == TokenFormat.PUBLIC && this.publicKeyResolver != null) {
			entry = this.resolved.get(footerText);
		}
		byte[] footer;
		if (entry != null) {
			footer = entry.footer;
		}
		else {
			footer = decodeFooter(footerText);
			entry = findKey(footer);
		}
		byte[] body;
		try {
			body = Base64Url.decode(token, bodyStart, dot);
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedTokenException("the token body is not canonical base64url");
		}
		byte[] payload;
		try {
			if (format == TokenFormat.LOCAL) {
				if (entry.local == null) {
					throw new UnknownKeyException("the token names a key that is not a local key of this service");
				}
				payload = entry.local.cipher().decrypt(body, footer, NO_IMPLICIT);
			}
			else {
				if (entry.publicKey == null) {
					throw new UnknownKeyException("the token names a key that is not a public key of this service");
				}
				payload = PasetoV4.verify(entry.publicKey.parameters(), body, footer, NO_IMPLICIT);
			}
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedTokenException("the token body is too short");
		}
		if (payload == null) {
			throw new BadSignatureException("the token's " + ((format == TokenFormat.LOCAL) ? "tag" : "signature")
					+ " does not check");
		}
		Claims claims;
		try {
			claims = ClaimsCodec.read(payload);
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedTokenException("the token's claims are invalid: " + ex.getMessage());
		}
		VerifiedToken verified = new VerifiedToken(claims, format, entry.id, this.clock, VerifiedToken.UNKNOWN);
		check(verified, claims, expectation, now);
		return verified;
	}

	private void check(VerifiedToken verified, Claims claims, @Nullable Expectation expectation, Instant now) {
		String id = claims.id();
		if (now.isAfter(claims.expiresAt().plus(this.leeway))) {
			throw new TokenExpiredException("the token expired at " + claims.expiresAt(), id);
		}
		Instant notBefore = claims.notBefore();
		if (notBefore != null && now.plus(this.leeway).isBefore(notBefore)) {
			throw new TokenNotYetValidException("the token is not valid before " + notBefore, id);
		}
		if (now.plus(this.leeway).isBefore(claims.issuedAt())) {
			throw new TokenNotYetValidException("the token was issued in the future (" + claims.issuedAt() + ")", id);
		}
		if (expectation != null) {
			checkExpectation(verified, claims, expectation);
		}
	}

	/**
	 * Checks purpose, issuer, audience and state binding.
	 * @return the state the token is bound to, or {@code null} for an unbound token
	 */
	private byte @Nullable [] checkExpectation(VerifiedToken verified, Claims claims, Expectation expectation) {
		String id = claims.id();
		String purpose = expectation.purpose();
		if (!purpose.equals(claims.purpose())) {
			throw new WrongPurposeException("the token was issued for another purpose than '" + purpose + "'", id);
		}
		if (this.issuer != null && !this.issuer.equals(claims.issuer())) {
			throw new WrongIssuerException("the token was not issued by '" + this.issuer + "'", id);
		}
		PurposePolicy policy = policy(purpose);
		String audience = (expectation.audience() != null) ? expectation.audience()
				: (policy.audience() != null) ? policy.audience() : this.audience;
		if (!Objects.equals(audience, claims.audience())) {
			throw new WrongAudienceException((audience != null) ? "the token is not for audience '" + audience + "'"
					: "the token is for an audience and this verifier expects none", id);
		}
		byte[] state = expectation.state();
		StateResolver resolver = policy.stateResolver();
		if (state == null && resolver != null) {
			String current = resolver.currentState(verified);
			if (current == null) {
				throw new StateChangedException("the state the token was bound to no longer exists", id);
			}
			state = current.getBytes(StandardCharsets.UTF_8);
		}
		String binding = claims.binding();
		if (state != null) {
			if (binding == null) {
				throw new StateChangedException("the token is not bound to application state, and must be", id);
			}
			byte[] expected = binding(id, purpose, state).getBytes(StandardCharsets.US_ASCII);
			if (!MessageDigest.isEqual(expected, binding.getBytes(StandardCharsets.US_ASCII))) {
				throw new StateChangedException("the state the token was bound to has changed", id);
			}
		}
		else if (binding != null) {
			throw new StateChangedException("the token is bound to application state, and no state was given for "
					+ "purpose '" + purpose + "'", id);
		}
		return state;
	}

	private byte[] decodeFooter(String footerText) {
		if (footerText.isEmpty()) {
			throw new MalformedTokenException("the token has an empty footer");
		}
		if (footerText.length() > MAX_FOOTER_LENGTH) {
			throw new MalformedTokenException("the token footer is longer than " + MAX_FOOTER_LENGTH + " characters");
		}
		try {
			return Base64Url.decode(footerText, 0, footerText.length());
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedTokenException("the token footer is not canonical base64url");
		}
	}

	/** Reads an untrusted footer only for its kid; it is authenticated with the body later. */
	private KeyEntry findKey(byte[] footer) {
		String kid;
		try {
			kid = ClaimsCodec.readKid(footer);
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedTokenException("the token footer is invalid: " + ex.getMessage());
		}
		if (kid == null) {
			throw new UnknownKeyException("the token footer names no key (kid)");
		}
		KeyEntry known = this.footers.get(KeyEntry.footerText(kid));
		if (known == null && this.publicKeyResolver != null && kid.startsWith(dev.tempid.paseto.Paserk.PID)
				&& kid.length() <= 64) {
			known = resolve(kid);
		}
		if (known == null) {
			throw new UnknownKeyException("the token names a key this service does not hold");
		}
		return known;
	}

	private @Nullable KeyEntry resolve(String kid) {
		PublicKey key;
		try {
			key = this.publicKeyResolver.resolve(kid);
		}
		catch (RuntimeException ex) {
			return null;
		}
		if (key == null || !key.id().equals(kid)) {
			return null;
		}
		KeyEntry entry = new KeyEntry(kid, null, key);
		if (this.resolved.size() >= MAX_RESOLVED_KEYS) {
			this.resolved.clear();
		}
		this.resolved.put(entry.footerText, entry);
		return entry;
	}

	private PurposePolicy policy(String purpose) {
		PurposePolicy policy = this.purposes.get(purpose);
		return (policy != null) ? policy : PurposePolicy.NONE;
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

	/** BLAKE2b-256 of the state under the token id and purpose: unlinkable across tokens. */
	private static String binding(String id, String purpose, byte[] state) {
		byte[] message = Pae.encode(BINDING_INFO, id.getBytes(StandardCharsets.US_ASCII),
				purpose.getBytes(StandardCharsets.UTF_8), state);
		Blake2bDigest digest = new Blake2bDigest(256);
		digest.update(message, 0, message.length);
		byte[] out = new byte[32];
		digest.doFinal(out, 0);
		return Base64Url.encode(out);
	}

	private static String newId() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		return Base64Url.encode(bytes);
	}

	/** Tells the listeners an operation starts; allocates nothing while there is none. */
	private @Nullable Object @Nullable [] start(Operation operation, String purpose) {
		if (this.listeners.isEmpty()) {
			return null;
		}
		@Nullable Object[] contexts = new Object[this.listeners.size()];
		for (int i = 0; i < contexts.length; i++) {
			try {
				contexts[i] = this.listeners.get(i).onStart(operation, purpose);
			}
			catch (RuntimeException ex) {
				// observing must never break a token flow
			}
		}
		return contexts;
	}

	private void publish(Operation operation, String purpose, @Nullable Reason reason, @Nullable String tokenId,
			@Nullable String subject, Instant at, long started, @Nullable Object @Nullable [] contexts) {
		if (contexts == null) {
			return;
		}
		TokenEvent event = new TokenEvent(operation, purpose, reason, tokenId, subject, at,
				Duration.ofNanos(System.nanoTime() - started));
		for (int i = 0; i < contexts.length; i++) {
			try {
				this.listeners.get(i).onEvent(event, contexts[i]);
			}
			catch (RuntimeException ex) {
				// observing must never break a token flow
			}
		}
	}

	/** A key with its precomputed footer. */
	private static final class KeyEntry {

		final String id;

		final @Nullable LocalKey local;

		final @Nullable PublicKey publicKey;

		final byte[] footer;

		final String footerText;

		KeyEntry(String id, @Nullable LocalKey local, @Nullable PublicKey publicKey) {
			this.id = id;
			this.local = local;
			this.publicKey = publicKey;
			this.footer = footerJson(id);
			this.footerText = Base64Url.encode(this.footer);
		}

		static byte[] footerJson(String kid) {
			return ClaimsCodec.MAPPER.writeValueAsBytes(Map.of("kid", kid));
		}

		static String footerText(String kid) {
			return Base64Url.encode(footerJson(kid));
		}

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
