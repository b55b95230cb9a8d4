package dev.tempid;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.tempid.paseto.Base64Url;
import dev.tempid.paseto.Paserk;
import dev.tempid.paseto.PasetoV4;
import org.jspecify.annotations.Nullable;

/**
 * The PASETO v4 framing of a {@link TokenService}: seals claims into a token with a
 * {@code kid} footer, and opens a token back into its claims, finding its key by the
 * footer (our own keys first, then a {@link PublicKeyResolver}, whose answers are kept in
 * a small cache). Checks the form, the key and the tag or signature; the claims
 * themselves are {@link ClaimsVerifier}'s. Thread-safe.
 */
final class TokenCodec {

	/** The longest footer accepted, in base64url characters. */
	static final int MAX_FOOTER_LENGTH = 512;

	/** The most resolved keys remembered at once. */
	static final int MAX_RESOLVED_KEYS = 64;

	private static final byte[] NO_IMPLICIT = new byte[0];

	private final KeyRing keys;

	/** Our own canonical footers (base64url text) to their keys: the fast path that parses no JSON. */
	private final Map<String, KeyEntry> footers;

	private final @Nullable KeyEntry localEntry;

	private final @Nullable KeyEntry signingEntry;

	private final @Nullable PublicKeyResolver publicKeyResolver;

	/** Keys found through the resolver, by canonical footer text; bounded. */
	private final Map<String, KeyEntry> resolved = new ConcurrentHashMap<>();

	TokenCodec(KeyRing keys, @Nullable PublicKeyResolver publicKeyResolver) {
		this.keys = keys;
		this.publicKeyResolver = publicKeyResolver;
		Map<String, KeyEntry> footers = new HashMap<>();
		for (LocalKey key : keys.localKeys()) {
			KeyEntry entry = new KeyEntry(key.id(), key, null);
			footers.put(entry.footerText, entry);
		}
		for (PublicKey key : keys.publicKeys()) {
			KeyEntry entry = new KeyEntry(key.id(), null, key);
			footers.put(entry.footerText, entry);
		}
		this.footers = Map.copyOf(footers);
		LocalKey activeLocal = keys.activeLocalKey();
		this.localEntry = (activeLocal != null) ? this.footers.get(KeyEntry.footerText(activeLocal.id())) : null;
		SecretKey signing = keys.activeSigningKey();
		this.signingEntry = (signing != null) ? this.footers.get(KeyEntry.footerText(signing.id())) : null;
	}

	/** Whether an active local key can seal {@code v4.local} tokens. */
	boolean canSealLocal() {
		return this.localEntry != null;
	}

	// ---------------------------------------------------------------- seal

	/**
	 * Seals claims (and an application payload already written as JSON) into a token
	 * of a format, with the active key of that format.
	 * @throws IllegalStateException when no active key can seal the format
	 */
	String seal(Claims claims, byte @Nullable [] data, TokenFormat format) {
		byte[] payload = ClaimsCodec.write(claims, data);
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

	// ---------------------------------------------------------------- open

	/**
	 * Parses a token once and checks its length, header, footer and key, and its tag or
	 * signature, then reads its claims. Checks none of the claims.
	 * @param clock the clock the verified token measures its time left by
	 * @return the token, its uses unknown
	 */
	VerifiedToken open(@Nullable String token, Clock clock) {
		if (token == null || token.isEmpty()) {
			throw new MalformedTokenException("no token was given");
		}
		if (token.length() > TokenService.MAX_TOKEN_LENGTH) {
			throw new MalformedTokenException(
					"the token is longer than " + TokenService.MAX_TOKEN_LENGTH + " characters");
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
		// the footer follows the last dot, the body lies between the header and it
		int dot = token.lastIndexOf('.');
		if (dot < bodyStart) {
			throw new MalformedTokenException("the token has no footer naming its key");
		}
		if (token.indexOf('.', bodyStart) != dot) {
			throw new MalformedTokenException("the token has too many parts");
		}
		String footerText = token.substring(dot + 1);
		KeyEntry entry = this.footers.get(footerText);
		if (entry == null) {
			// only keys the resolver vouched for are remembered (public keys; a local token finds no local key in them)
			entry = stillResolved(this.resolved.get(footerText));
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
		return new VerifiedToken(claims, format, entry.id, clock, VerifiedToken.UNKNOWN);
	}

	private static byte[] decodeFooter(String footerText) {
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

	// ---------------------------------------------------------------- keys

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
		if (known == null && this.publicKeyResolver != null && kid.startsWith(Paserk.PID) && kid.length() <= 64) {
			known = resolve(this.publicKeyResolver, kid);
		}
		if (known == null) {
			throw new UnknownKeyException("the token names a key this service does not hold");
		}
		return known;
	}

	/**
	 * A remembered resolved key, if the resolver still answers it: the resolver decides how
	 * long a key stays valid (a publisher withdraws keys), this cache only saves decoding the
	 * footer again.
	 */
	private @Nullable KeyEntry stillResolved(@Nullable KeyEntry entry) {
		if (entry == null) {
			return null;
		}
		// a remembered entry came from the resolver
		PublicKeyResolver resolver = Objects.requireNonNull(this.publicKeyResolver);
		PublicKey current;
		try {
			current = resolver.resolve(entry.id);
		}
		catch (RuntimeException ex) {
			current = null;
		}
		if (current == null || !current.id().equals(entry.id)) {
			this.resolved.remove(entry.footerText);
			throw new UnknownKeyException("the token names a key this service does not hold");
		}
		return entry;
	}

	/** Asks the resolver, and remembers a key it vouches for; a failing resolver finds nothing. */
	private @Nullable KeyEntry resolve(PublicKeyResolver resolver, String kid) {
		PublicKey key;
		try {
			key = resolver.resolve(kid);
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

}
