package dev.tempid;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

import dev.tempid.paseto.Base64Url;
import dev.tempid.paseto.Pae;
import dev.tempid.store.Generation;
import dev.tempid.store.StoreCall;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.jspecify.annotations.Nullable;

/**
 * Per-subject control for {@link TokenService}: subject generations (supersede and
 * revoke-all), session ids and login codes. It decides the store entry id of a token
 * and the generation it carries, and names the store calls that keep generations and
 * codes; the store checks both in the same atomic step as the use it takes.
 *
 * <p>Subjects and purposes reach the store only as tags: the first 128 bits of
 * SHA-256 of the subject (as hex) and the first 64 bits of SHA-256 of the purpose. A
 * token with a generation has the entry id {@code <subject tag>.<sid or jti>}; a login
 * code {@code <subject tag>~c<purpose tag>}; so all of a subject's entries share a Redis
 * Cluster slot with its generations.
 */
final class SubjectControl {

	private static final byte[] SUBJECT_INFO = "tempid subject tag v1".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] PURPOSE_INFO = "tempid purpose tag v1".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] CODE_KDF_INFO = "tempid login code key v1".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] CODE_INFO = "tempid login code v1".getBytes(StandardCharsets.US_ASCII);

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final HexFormat HEX = HexFormat.of();

	/** The HMAC key of login codes, derived from the active key; {@code null} for a verify-only service. */
	private final byte @Nullable [] codeKey;

	SubjectControl(KeyRing keys) {
		this.codeKey = codeKey(keys);
	}

	private static byte @Nullable [] codeKey(KeyRing keys) {
		LocalKey local = keys.activeLocalKey();
		SecretKey signing = keys.activeSigningKey();
		byte[] material = (local != null) ? local.material()
				: (signing != null) ? signing.parameters().getEncoded() : null;
		if (material == null) {
			return null;
		}
		HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
		hkdf.init(new HKDFParameters(material, LocalKey.KDF_SALT, CODE_KDF_INFO));
		byte[] key = new byte[32];
		hkdf.generateBytes(key, 0, key.length);
		return key;
	}

	static String subjectTag(String subject) {
		return HEX.formatHex(sha256(SUBJECT_INFO, subject), 0, 16);
	}

	static String purposeTag(String purpose) {
		return HEX.formatHex(sha256(PURPOSE_INFO, purpose), 0, 8);
	}

	private static byte[] sha256(byte[] info, String value) {
		// Bouncy Castle's digest: no provider lookup per call (MessageDigest.getInstance showed in profiles)
		SHA256Digest digest = new SHA256Digest();
		digest.update(info, 0, info.length);
		digest.update((byte) 0);
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		digest.update(bytes, 0, bytes.length);
		byte[] out = new byte[digest.getDigestSize()];
		digest.doFinal(out, 0);
		return out;
	}

	/** The store entry id of a token: its {@code sid} or {@code jti}, behind its subject tag when it has a generation. */
	String storeId(Claims claims) {
		String id = (claims.sessionId() != null) ? claims.sessionId() : claims.id();
		if (claims.generation() > 0) {
			return subjectTag(Objects.requireNonNull(claims.subject())) + "." + id;
		}
		return id;
	}

	/** The generation a store checks for a token, or {@code null} for a token without one. */
	@Nullable Generation generation(Claims claims) {
		if (claims.generation() <= 0 || claims.subject() == null) {
			return null;
		}
		return new Generation(subjectTag(claims.subject()), purposeTag(claims.purpose()), claims.generation());
	}

	/** At issue: the call that answers the generation the new token carries (advanced first for a single-active one). */
	static StoreCall.NextGeneration issue(String subject, String purpose, boolean singleActive, Duration storeTtl) {
		return new StoreCall.NextGeneration(subjectTag(subject), purposeTag(purpose), singleActive, storeTtl);
	}

	/** The call that ends every token with a generation of the subject, for one purpose or all. */
	static StoreCall.AdvanceGenerations revokeAll(String subject, @Nullable String purpose) {
		return new StoreCall.AdvanceGenerations(subjectTag(subject), (purpose != null) ? purposeTag(purpose) : null);
	}

	// ---------------------------------------------------------------- login codes

	/** A new 6-digit code, uniformly drawn. */
	static String newCode() {
		return String.format("%06d", RANDOM.nextInt(1_000_000));
	}

	static String codeId(String subject, String purpose) {
		return subjectTag(subject) + "~c" + purposeTag(purpose);
	}

	/**
	 * The keyed hash the store keeps of a code: HMAC-SHA-256 over the purpose, the subject,
	 * the address (trimmed, lower case) and the code, under the key derived from the
	 * service's active key. Codes of one user never match another's: the subject and the
	 * address are in the hash, and the code's id.
	 */
	String codeHash(String purpose, String subject, String address, String code) {
		byte[] key = this.codeKey;
		if (key == null) {
			throw new IllegalStateException("login codes need a TokenService with an active local or signing key");
		}
		byte[] message = Pae.encode(CODE_INFO, purpose.getBytes(StandardCharsets.UTF_8),
				subject.getBytes(StandardCharsets.UTF_8),
				address.strip().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8),
				code.getBytes(StandardCharsets.US_ASCII));
		HMac mac = new HMac(new SHA256Digest());
		mac.init(new KeyParameter(key));
		mac.update(message, 0, message.length);
		byte[] out = new byte[32];
		mac.doFinal(out, 0);
		return Base64Url.encode(out);
	}

	StoreCall.PutCode putCode(String purpose, String subject, String address, String code, String tokenStoreId,
			Generation generation, Duration storeTtl) {
		return new StoreCall.PutCode(codeId(subject, purpose), codeHash(purpose, subject, address, code),
				tokenStoreId, generation, storeTtl);
	}

	StoreCall.UseCode useCode(String purpose, String subject, String address, String code, int maxTries,
			int maxUses, Duration storeTtl) {
		return new StoreCall.UseCode(codeId(subject, purpose), codeHash(purpose, subject, address, code), maxTries,
				maxUses, storeTtl);
	}

}
