package dev.tempid;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Ed25519 keys in PEM, as OpenSSL writes them ({@code openssl genpkey -algorithm ed25519}):
 * PKCS#8 {@code PRIVATE KEY} and X.509 {@code PUBLIC KEY} (SubjectPublicKeyInfo), parsed
 * and written by Bouncy Castle. Error messages never repeat the input.
 */
final class Pem {

	static final String PRIVATE_KEY = "PRIVATE KEY";

	static final String PUBLIC_KEY = "PUBLIC KEY";

	private Pem() {
	}

	static Ed25519PrivateKeyParameters privateKey(String pem) {
		byte[] der = read(pem, PRIVATE_KEY);
		AsymmetricKeyParameter key;
		try {
			key = PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(der));
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalArgumentException("the PEM PRIVATE KEY is not a readable PKCS#8 key");
		}
		if (key instanceof Ed25519PrivateKeyParameters ed25519) {
			return ed25519;
		}
		throw new IllegalArgumentException("the PEM PRIVATE KEY is not an Ed25519 key (it is "
				+ key.getClass().getSimpleName().replace("PrivateKeyParameters", "") + "); tempid signs with Ed25519 only: "
				+ "openssl genpkey -algorithm ed25519");
	}

	static Ed25519PublicKeyParameters publicKey(String pem) {
		byte[] der = read(pem, PUBLIC_KEY);
		AsymmetricKeyParameter key;
		try {
			key = PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(der));
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalArgumentException("the PEM PUBLIC KEY is not a readable X.509 SubjectPublicKeyInfo");
		}
		if (key instanceof Ed25519PublicKeyParameters ed25519) {
			return ed25519;
		}
		throw new IllegalArgumentException("the PEM PUBLIC KEY is not an Ed25519 key (it is "
				+ key.getClass().getSimpleName().replace("PublicKeyParameters", "") + ")");
	}

	static String write(Ed25519PrivateKeyParameters key) {
		try {
			return write(PRIVATE_KEY, PrivateKeyInfoFactory.createPrivateKeyInfo(key).getEncoded());
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot encode the Ed25519 private key", ex);
		}
	}

	static String write(Ed25519PublicKeyParameters key) {
		try {
			return write(PUBLIC_KEY, SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key).getEncoded());
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot encode the Ed25519 public key", ex);
		}
	}

	private static byte[] read(String pem, String type) {
		PemObject object;
		try (PemReader reader = new PemReader(new StringReader(pem))) {
			object = reader.readPemObject();
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalArgumentException("the text is not PEM (-----BEGIN " + type + "-----)");
		}
		if (object == null) {
			throw new IllegalArgumentException("the text holds no PEM block; expected -----BEGIN " + type + "-----");
		}
		if (!type.equals(object.getType())) {
			throw new IllegalArgumentException("expected a PEM " + type + " block but found " + object.getType()
					+ (object.getType().contains("ENCRYPTED") ? " (decrypt it first: openssl pkey -in key.pem)" : ""));
		}
		return object.getContent();
	}

	private static String write(String type, byte[] der) throws IOException {
		StringWriter out = new StringWriter();
		try (PemWriter writer = new PemWriter(out)) {
			writer.writeObject(new PemObject(type, der));
		}
		return out.toString();
	}

}
