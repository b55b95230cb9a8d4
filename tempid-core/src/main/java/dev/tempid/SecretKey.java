package dev.tempid;

import java.security.SecureRandom;
import java.util.Arrays;

import dev.tempid.paseto.Paserk;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.jspecify.annotations.Nullable;

/**
 * An Ed25519 signing key for {@code v4.public} tokens: serialized as PASERK
 * {@code k4.secret.} (seed and public key, 64 bytes).
 *
 * <p>{@link #id()} is the {@code k4.pid.} of its public key, the {@code kid} that its
 * tokens carry; {@link #secretId()} is its own {@code k4.sid.}. {@link #toString()}
 * never shows key material.
 */
public final class SecretKey {

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Ed25519PrivateKeyParameters parameters;

	private final PublicKey publicKey;

	private SecretKey(Ed25519PrivateKeyParameters parameters) {
		this.parameters = parameters;
		this.publicKey = new PublicKey(parameters.generatePublicKey());
	}

	/** A new random key. */
	public static SecretKey generate() {
		return new SecretKey(new Ed25519PrivateKeyParameters(RANDOM));
	}

	/**
	 * Reads a {@code k4.secret.} PASERK.
	 * @throws IllegalArgumentException when it is not one, or when its public half does
	 * not belong to its seed
	 */
	public static SecretKey fromPaserk(String paserk) {
		byte[] bytes = Paserk.decode(Paserk.SECRET, paserk.strip(), 64);
		SecretKey key = new SecretKey(new Ed25519PrivateKeyParameters(bytes, 0));
		byte[] claimedPublic = Arrays.copyOfRange(bytes, 32, 64);
		Arrays.fill(bytes, (byte) 0);
		if (!Arrays.equals(claimedPublic, key.publicKey.parameters().getEncoded())) {
			throw new IllegalArgumentException("the k4.secret PASERK's public half does not match its seed");
		}
		return key;
	}

	/**
	 * Reads an Ed25519 private key in PEM: PKCS#8 {@code -----BEGIN PRIVATE KEY-----}, as
	 * written by {@code openssl genpkey -algorithm ed25519} and most key tools.
	 * @throws IllegalArgumentException when it is not one (the message never repeats it)
	 */
	public static SecretKey fromPem(String pem) {
		return new SecretKey(Pem.privateKey(pem));
	}

	/** This key in PEM (PKCS#8 {@code PRIVATE KEY}), for tools that do not read PASERK: secret. */
	public String toPem() {
		return Pem.write(this.parameters);
	}

	/** This key as a {@code k4.secret.} PASERK: secret, store it as such. */
	public String toPaserk() {
		byte[] bytes = new byte[64];
		this.parameters.encode(bytes, 0);
		System.arraycopy(this.publicKey.parameters().getEncoded(), 0, bytes, 32, 32);
		try {
			return Paserk.encode(Paserk.SECRET, bytes);
		}
		finally {
			Arrays.fill(bytes, (byte) 0);
		}
	}

	/** The public half, to give to verifiers. */
	public PublicKey publicKey() {
		return this.publicKey;
	}

	/** The {@code k4.pid.} of the public half: the {@code kid} of tokens this key signs. */
	public String id() {
		return this.publicKey.id();
	}

	/** The PASERK {@code k4.sid.} of this secret key. */
	public String secretId() {
		return Paserk.id(Paserk.SID, toPaserk());
	}

	Ed25519PrivateKeyParameters parameters() {
		return this.parameters;
	}

	Ed25519PublicKeyParameters publicParameters() {
		return this.publicKey.parameters();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof SecretKey that) && this.publicKey.equals(that.publicKey);
	}

	@Override
	public int hashCode() {
		return this.publicKey.hashCode();
	}

	@Override
	public String toString() {
		return "SecretKey[" + id() + "]";
	}

}
