package dev.tempid.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import dev.tempid.paseto.PasetoV4;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.engines.XChaCha20Engine;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bare primitives on the sizes of the tokens in {@link TokenBenchmarks}: the floor
 * under what a verify can cost. A v4.local verify is two keyed BLAKE2b derivations, one
 * BLAKE2b MAC over the PAE and one XChaCha20 pass; a v4.public verify is one Ed25519
 * verification over the PAE.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PrimitiveBenchmarks {

	/** About the size of the claims of the benchmark token. */
	private static final int PAYLOAD = 200;

	private final byte[] key = new byte[32];

	private final byte[] nonce = new byte[32];

	private final byte[] payload = new byte[PAYLOAD];

	/** PAE(h, n, c, f, i): six lengths, the header, nonce, payload and a tempid-sized footer. */
	private final byte[] pae = new byte[8 * 6 + 9 + 32 + PAYLOAD + 61];

	private Ed25519PublicKeyParameters publicKey;

	private final byte[] signature = new byte[64];

	private static final byte[] ENCRYPTION_KEY_INFO = "paseto-encryption-key".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] AUTH_KEY_INFO = "paseto-auth-key-for-aead".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] NO_IMPLICIT = new byte[0];

	/** A footer of the size tempid writes ({"kid":"k4.lid.…"}). */
	private final byte[] footer = new byte[61];

	private PasetoV4.LocalCipher cipher;

	private byte[] body;

	@Setup
	public void setUp() {
		SecureRandom random = new SecureRandom();
		random.nextBytes(this.key);
		random.nextBytes(this.nonce);
		random.nextBytes(this.payload);
		random.nextBytes(this.pae);
		Ed25519PrivateKeyParameters secret = new Ed25519PrivateKeyParameters(random);
		this.publicKey = secret.generatePublicKey();
		secret.sign(Ed25519.Algorithm.Ed25519, this.publicKey, null, this.pae, 0, this.pae.length, this.signature, 0);
		random.nextBytes(this.footer);
		this.cipher = new PasetoV4.LocalCipher(this.key);
		this.body = this.cipher.encrypt(this.payload, this.footer, NO_IMPLICIT);
	}

	/**
	 * The three BLAKE2b calls of a v4.local open as the specification writes them:
	 * encryption key, auth key, tag (eight compressions).
	 */
	@Benchmark
	public byte[] blake2bLocalKeysAndTag() {
		byte[] out = new byte[56];
		Blake2bDigest ek = new Blake2bDigest(this.key, 56, null, null);
		ek.update(ENCRYPTION_KEY_INFO, 0, ENCRYPTION_KEY_INFO.length);
		ek.update(this.nonce, 0, 32);
		ek.doFinal(out, 0);
		Blake2bDigest ak = new Blake2bDigest(this.key, 32, null, null);
		ak.update(AUTH_KEY_INFO, 0, AUTH_KEY_INFO.length);
		ak.update(this.nonce, 0, 32);
		byte[] auth = new byte[32];
		ak.doFinal(auth, 0);
		Blake2bDigest mac = new Blake2bDigest(auth, 32, null, null);
		mac.update(this.pae, 0, this.pae.length);
		mac.doFinal(out, 0);
		return out;
	}

	@Benchmark
	public byte[] xchacha20Payload() {
		byte[] out = new byte[PAYLOAD];
		XChaCha20Engine engine = new XChaCha20Engine();
		engine.init(false, new ParametersWithIV(new KeyParameter(this.key), this.nonce, 0, 24));
		engine.processBytes(this.payload, 0, PAYLOAD, out, 0);
		return out;
	}

	/**
	 * tempid's whole v4.local open of a body of the same size, crypto only: the three
	 * BLAKE2b calls (the two derivations start from the state cached per key, six
	 * compressions in all), the constant-time tag check and XChaCha20. What a verify costs
	 * before base64url, JSON and the claim checks.
	 */
	@Benchmark
	public byte[] v4LocalOpen() {
		return this.cipher.decrypt(this.body, this.footer, NO_IMPLICIT);
	}

	@Benchmark
	public boolean ed25519Verify() {
		return this.publicKey.verify(Ed25519.Algorithm.Ed25519, null, this.pae, 0, this.pae.length, this.signature, 0);
	}

}
