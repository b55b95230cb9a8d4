package dev.tempid;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import dev.tempid.paseto.Paserk;
import dev.tempid.paseto.PasetoV4;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.jspecify.annotations.Nullable;

/**
 * A symmetric key for {@code v4.local} tokens: 32 bytes, serialized as PASERK
 * {@code k4.local.}, identified by its PASERK {@code k4.lid.}.
 *
 * <p>{@link #toString()} shows only the id, never key material.
 */
public final class LocalKey {

	/** The salt of {@link #fromSecret(String)}'s HKDF. */
	static final byte[] KDF_SALT = "tempid".getBytes(StandardCharsets.US_ASCII);

	/** The info of {@link #fromSecret(String)}'s HKDF. */
	static final byte[] KDF_INFO = "tempid v4.local key".getBytes(StandardCharsets.US_ASCII);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final byte[] material;

	private final String id;

	private final PasetoV4.LocalCipher cipher;

	private LocalKey(byte[] material) {
		this.material = material;
		this.id = Paserk.id(Paserk.LID, toPaserk());
		this.cipher = new PasetoV4.LocalCipher(material);
	}

	/** A new random key. */
	public static LocalKey generate() {
		byte[] material = new byte[PasetoV4.KEY_LENGTH];
		RANDOM.nextBytes(material);
		return new LocalKey(material);
	}

	/**
	 * Reads a {@code k4.local.} PASERK.
	 * @throws IllegalArgumentException when it is not one (the message never repeats it)
	 */
	public static LocalKey fromPaserk(String paserk) {
		return new LocalKey(Paserk.decode(Paserk.LOCAL, paserk.strip(), PasetoV4.KEY_LENGTH));
	}

	/**
	 * Derives a key from a shared secret, deterministically, so that every instance
	 * holding the same secret derives the same key: HKDF-SHA-256 with the UTF-8 bytes of
	 * the secret as input key material, salt {@code "tempid"} and info
	 * {@code "tempid v4.local key"}, 32 bytes of output.
	 * @throws WeakSecretException when the secret is too weak (see {@link Secrets#check})
	 */
	public static LocalKey fromSecret(String secret) {
		Secrets.check(secret);
		HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
		hkdf.init(new HKDFParameters(secret.getBytes(StandardCharsets.UTF_8), KDF_SALT, KDF_INFO));
		byte[] material = new byte[PasetoV4.KEY_LENGTH];
		hkdf.generateBytes(material, 0, material.length);
		return new LocalKey(material);
	}

	/** This key as a {@code k4.local.} PASERK: secret, store it as such. */
	public String toPaserk() {
		return Paserk.encode(Paserk.LOCAL, this.material);
	}

	/** The PASERK {@code k4.lid.} of this key, the {@code kid} of its tokens. */
	public String id() {
		return this.id;
	}

	/** This key prepared for encrypting and decrypting (its BLAKE2b prefix states computed once). */
	PasetoV4.LocalCipher cipher() {
		return this.cipher;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof LocalKey that) && this.id.equals(that.id);
	}

	@Override
	public int hashCode() {
		return this.id.hashCode();
	}

	@Override
	public String toString() {
		return "LocalKey[" + this.id + "]";
	}

}
