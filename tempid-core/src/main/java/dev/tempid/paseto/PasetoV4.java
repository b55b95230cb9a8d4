package dev.tempid.paseto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.engines.XChaCha20Engine;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jspecify.annotations.Nullable;

/**
 * PASETO v4.local (XChaCha20 + keyed BLAKE2b, encrypt-then-MAC) and v4.public
 * (Ed25519), exactly as the PASETO v4 specification describes them.
 *
 * <p>Methods take and return raw bytes: token text handling (header, base64url, footer)
 * belongs to the caller. A tag or signature that does not check yields {@code null};
 * malformed input throws {@link IllegalArgumentException}.
 */
public final class PasetoV4 {

	public static final String LOCAL_HEADER = "v4.local.";

	public static final String PUBLIC_HEADER = "v4.public.";

	private static final byte[] LOCAL_HEADER_BYTES = LOCAL_HEADER.getBytes(StandardCharsets.US_ASCII);

	private static final byte[] PUBLIC_HEADER_BYTES = PUBLIC_HEADER.getBytes(StandardCharsets.US_ASCII);

	private static final byte[] ENCRYPTION_KEY_INFO = "paseto-encryption-key".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] AUTH_KEY_INFO = "paseto-auth-key-for-aead".getBytes(StandardCharsets.US_ASCII);

	public static final int KEY_LENGTH = 32;

	public static final int NONCE_LENGTH = 32;

	public static final int TAG_LENGTH = 32;

	public static final int SIGNATURE_LENGTH = 64;

	private static final SecureRandom RANDOM = new SecureRandom();

	private PasetoV4() {
	}

	/**
	 * Encrypts {@code message} into the body of a v4.local token ({@code n || c || t},
	 * not yet base64url-encoded).
	 */
	public static byte[] encrypt(byte[] key, byte[] message, byte[] footer, byte[] implicit) {
		byte[] nonce = new byte[NONCE_LENGTH];
		RANDOM.nextBytes(nonce);
		return encrypt(key, message, footer, implicit, nonce);
	}

	/** The deterministic form, for the official vectors only. */
	static byte[] encrypt(byte[] key, byte[] message, byte[] footer, byte[] implicit, byte[] nonce) {
		checkKey(key);
		byte[] tmp = blake2b(key, 56, ENCRYPTION_KEY_INFO, nonce, 0, NONCE_LENGTH);
		byte[] authKey = blake2b(key, 32, AUTH_KEY_INFO, nonce, 0, NONCE_LENGTH);
		byte[] body = new byte[NONCE_LENGTH + message.length + TAG_LENGTH];
		System.arraycopy(nonce, 0, body, 0, NONCE_LENGTH);
		xchacha20(tmp, message, 0, message.length, body, NONCE_LENGTH);
		mac(authKey, LOCAL_HEADER_BYTES, body, NONCE_LENGTH, message.length, footer, implicit, body,
				NONCE_LENGTH + message.length);
		return body;
	}

	/**
	 * Checks the tag of a v4.local token body ({@code n || c || t}) and decrypts it.
	 * @return the plaintext, or {@code null} when the tag does not check
	 */
	public static byte @Nullable [] decrypt(byte[] key, byte[] body, byte[] footer, byte[] implicit) {
		checkKey(key);
		if (body.length < NONCE_LENGTH + TAG_LENGTH) {
			throw new IllegalArgumentException("v4.local token is too short");
		}
		int cipherLength = body.length - NONCE_LENGTH - TAG_LENGTH;
		byte[] authKey = blake2b(key, 32, AUTH_KEY_INFO, body, 0, NONCE_LENGTH);
		byte[] expected = new byte[TAG_LENGTH];
		mac(authKey, LOCAL_HEADER_BYTES, body, NONCE_LENGTH, cipherLength, footer, implicit, expected, 0);
		if (!constantTimeEquals(expected, body, NONCE_LENGTH + cipherLength)) {
			return null;
		}
		byte[] tmp = blake2b(key, 56, ENCRYPTION_KEY_INFO, body, 0, NONCE_LENGTH);
		byte[] plain = new byte[cipherLength];
		xchacha20(tmp, body, NONCE_LENGTH, cipherLength, plain, 0);
		return plain;
	}

	/** Signs {@code message} into the body of a v4.public token ({@code m || sig}). */
	public static byte[] sign(Ed25519PrivateKeyParameters secretKey, Ed25519PublicKeyParameters publicKey,
			byte[] message, byte[] footer, byte[] implicit) {
		byte[] m2 = Pae.encode(PUBLIC_HEADER_BYTES, message, footer, implicit);
		byte[] body = new byte[message.length + SIGNATURE_LENGTH];
		System.arraycopy(message, 0, body, 0, message.length);
		secretKey.sign(Ed25519.Algorithm.Ed25519, publicKey, null, m2, 0, m2.length, body, message.length);
		return body;
	}

	/**
	 * Checks the signature of a v4.public token body ({@code m || sig}).
	 * @return the message, or {@code null} when the signature does not check
	 */
	public static byte @Nullable [] verify(Ed25519PublicKeyParameters publicKey, byte[] body, byte[] footer,
			byte[] implicit) {
		if (body.length < SIGNATURE_LENGTH) {
			throw new IllegalArgumentException("v4.public token is too short");
		}
		int messageLength = body.length - SIGNATURE_LENGTH;
		byte[] message = new byte[messageLength];
		System.arraycopy(body, 0, message, 0, messageLength);
		byte[] m2 = Pae.encode(PUBLIC_HEADER_BYTES, message, footer, implicit);
		boolean valid = publicKey.verify(Ed25519.Algorithm.Ed25519, null, m2, 0, m2.length, body, messageLength);
		return valid ? message : null;
	}

	/** Unkeyed or keyed BLAKE2b over {@code prefix || data[off, off+len)}. */
	static byte[] blake2b(byte @Nullable [] key, int outLength, byte[] prefix, byte[] data, int off, int len) {
		Blake2bDigest digest = new Blake2bDigest(key, outLength, null, null);
		digest.update(prefix, 0, prefix.length);
		digest.update(data, off, len);
		byte[] out = new byte[outLength];
		digest.doFinal(out, 0);
		return out;
	}

	private static void xchacha20(byte[] tmp, byte[] in, int inOff, int len, byte[] out, int outOff) {
		byte[] encryptionKey = new byte[32];
		byte[] nonce2 = new byte[24];
		System.arraycopy(tmp, 0, encryptionKey, 0, 32);
		System.arraycopy(tmp, 32, nonce2, 0, 24);
		XChaCha20Engine engine = new XChaCha20Engine();
		engine.init(true, new ParametersWithIV(new KeyParameter(encryptionKey), nonce2));
		engine.processBytes(in, inOff, len, out, outOff);
	}

	/** Keyed BLAKE2b-256 over PAE(h, n, c, f, i), streamed without building the PAE buffer. */
	private static void mac(byte[] authKey, byte[] header, byte[] body, int cipherOff, int cipherLength,
			byte[] footer, byte[] implicit, byte[] out, int outOff) {
		Blake2bDigest digest = new Blake2bDigest(authKey, TAG_LENGTH, null, null);
		byte[] le = new byte[8];
		update64(digest, le, 5);
		update64(digest, le, header.length);
		digest.update(header, 0, header.length);
		update64(digest, le, NONCE_LENGTH);
		digest.update(body, 0, NONCE_LENGTH);
		update64(digest, le, cipherLength);
		digest.update(body, cipherOff, cipherLength);
		update64(digest, le, footer.length);
		digest.update(footer, 0, footer.length);
		update64(digest, le, implicit.length);
		digest.update(implicit, 0, implicit.length);
		digest.doFinal(out, outOff);
	}

	private static void update64(Blake2bDigest digest, byte[] scratch, long value) {
		Pae.le64(scratch, 0, value);
		digest.update(scratch, 0, 8);
	}

	private static boolean constantTimeEquals(byte[] expected, byte[] body, int off) {
		int diff = 0;
		for (int i = 0; i < expected.length; i++) {
			diff |= expected[i] ^ body[off + i];
		}
		return diff == 0;
	}

	private static void checkKey(byte[] key) {
		if (key.length != KEY_LENGTH) {
			throw new IllegalArgumentException("a v4.local key is 32 bytes");
		}
	}

}
