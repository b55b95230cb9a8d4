package dev.tempid;

import dev.tempid.paseto.Paserk;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.jspecify.annotations.Nullable;

/**
 * An Ed25519 public key that verifies {@code v4.public} tokens: serialized as PASERK
 * {@code k4.public.}, identified by its PASERK {@code k4.pid.}. Safe to publish.
 */
public final class PublicKey {

	private final Ed25519PublicKeyParameters parameters;

	private final String paserk;

	private final String id;

	PublicKey(Ed25519PublicKeyParameters parameters) {
		this.parameters = parameters;
		this.paserk = Paserk.encode(Paserk.PUBLIC, parameters.getEncoded());
		this.id = Paserk.id(Paserk.PID, this.paserk);
	}

	/**
	 * Reads a {@code k4.public.} PASERK.
	 * @throws IllegalArgumentException when it is not one, or not a valid Ed25519 point
	 */
	public static PublicKey fromPaserk(String paserk) {
		byte[] bytes = Paserk.decode(Paserk.PUBLIC, paserk.strip(), Ed25519PublicKeyParameters.KEY_SIZE);
		try {
			return new PublicKey(new Ed25519PublicKeyParameters(bytes, 0));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("the k4.public PASERK is not a valid Ed25519 public key");
		}
	}

	/**
	 * Reads an Ed25519 public key in PEM: X.509 {@code -----BEGIN PUBLIC KEY-----}, as
	 * written by {@code openssl pkey -pubout}.
	 * @throws IllegalArgumentException when it is not one
	 */
	public static PublicKey fromPem(String pem) {
		return new PublicKey(Pem.publicKey(pem));
	}

	/** This key in PEM (X.509 {@code PUBLIC KEY}), for tools that do not read PASERK. */
	public String toPem() {
		return Pem.write(this.parameters);
	}

	/** This key as a {@code k4.public.} PASERK. */
	public String toPaserk() {
		return this.paserk;
	}

	/** The PASERK {@code k4.pid.} of this key, the {@code kid} of the tokens it verifies. */
	public String id() {
		return this.id;
	}

	Ed25519PublicKeyParameters parameters() {
		return this.parameters;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof PublicKey that) && this.id.equals(that.id);
	}

	@Override
	public int hashCode() {
		return this.id.hashCode();
	}

	@Override
	public String toString() {
		return "PublicKey[" + this.id + "]";
	}

}
