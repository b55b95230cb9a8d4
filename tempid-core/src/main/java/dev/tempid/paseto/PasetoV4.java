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
 * belongs to the caller. A v4.local key is used through its {@link LocalCipher}. A tag or signature that does not check yields {@code null};
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

	/**
	 * A v4.local key made ready for use: the two keyed BLAKE2b derivations of the
	 * specification ({@code Ek || n2} and {@code Ak}) start with the key block and a
	 * constant info string, so their state after that prefix is computed once here and
	 * copied for each token. That saves two of the eight BLAKE2b compressions of an open.
	 *
	 * <p>Immutable and thread-safe: the prefix states are only ever copied. Holds key
	 * material; {@link #toString()} does not show it.
	 */
	public static final class LocalCipher {

		private final Blake2bDigest encryptionKeyPrefix;

		private final Blake2bDigest authKeyPrefix;

		public LocalCipher(byte[] key) {
			checkKey(key);
			this.encryptionKeyPrefix = prefixed(key, 56, ENCRYPTION_KEY_INFO);
			this.authKeyPrefix = prefixed(key, 32, AUTH_KEY_INFO);
		}

		private static Blake2bDigest prefixed(byte[] key, int outLength, byte[] info) {
			Blake2bDigest digest = new Blake2bDigest(key, outLength, null, null);
			// the first byte after the key block makes BLAKE2b compress that block now
			digest.update(info, 0, info.length);
			return digest;
		}

		/**
		 * Encrypts {@code message} into the body of a v4.local token ({@code n || c || t},
		 * not yet base64url-encoded), with a fresh random nonce.
		 */
		public byte[] encrypt(byte[] message, byte[] footer, byte[] implicit) {
			byte[] nonce = new byte[NONCE_LENGTH];
			RANDOM.nextBytes(nonce);
			return encrypt(message, footer, implicit, nonce);
		}

		byte[] encrypt(byte[] message, byte[] footer, byte[] implicit, byte[] nonce) {
			byte[] body = new byte[NONCE_LENGTH + message.length + TAG_LENGTH];
			System.arraycopy(nonce, 0, body, 0, NONCE_LENGTH);
			byte[] tmp = derive(this.encryptionKeyPrefix, 56, body);
			xchacha20(tmp, message, 0, message.length, body, NONCE_LENGTH);
			byte[] authKey = derive(this.authKeyPrefix, 32, body);
			mac(authKey, LOCAL_HEADER_BYTES, body, NONCE_LENGTH, message.length, footer, implicit, body,
					NONCE_LENGTH + message.length);
			return body;
		}

		/**
		 * Checks the tag of a v4.local token body ({@code n || c || t}) in constant time,
		 * and only then decrypts it.
		 * @return the plaintext, or {@code null} when the tag does not check
		 * @throws IllegalArgumentException when the body is too short to hold a nonce and a tag
		 */
		public byte @Nullable [] decrypt(byte[] body, byte[] footer, byte[] implicit) {
			if (body.length < NONCE_LENGTH + TAG_LENGTH) {
				throw new IllegalArgumentException("v4.local token is too short");
			}
			int cipherLength = body.length - NONCE_LENGTH - TAG_LENGTH;
			byte[] authKey = derive(this.authKeyPrefix, 32, body);
			byte[] expected = new byte[TAG_LENGTH];
			mac(authKey, LOCAL_HEADER_BYTES, body, NONCE_LENGTH, cipherLength, footer, implicit, expected, 0);
			if (!constantTimeEquals(expected, body, NONCE_LENGTH + cipherLength)) {
				return null;
			}
			byte[] tmp = derive(this.encryptionKeyPrefix, 56, body);
			byte[] plain = new byte[cipherLength];
			xchacha20(tmp, body, NONCE_LENGTH, cipherLength, plain, 0);
			return plain;
		}

		/** Finishes a derivation from its prefix state with the nonce (the first 32 bytes of {@code body}). */
		private static byte[] derive(Blake2bDigest prefix, int outLength, byte[] body) {
			Blake2bDigest digest = new Blake2bDigest(prefix);
			digest.update(body, 0, NONCE_LENGTH);
			byte[] out = new byte[outLength];
			digest.doFinal(out, 0);
			return out;
		}

		@Override
		public String toString() {
			return "LocalCipher[key hidden]";
		}

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
		XChaCha20Engine engine = new XChaCha20Engine();
		// Ek = tmp[0, 32), n2 = tmp[32, 56)
		engine.init(true, new ParametersWithIV(new KeyParameter(tmp, 0, 32), tmp, 32, 24));
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
