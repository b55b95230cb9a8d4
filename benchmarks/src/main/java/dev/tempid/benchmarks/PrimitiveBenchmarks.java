package dev.tempid.benchmarks;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

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

	private final byte[] pae = new byte[PAYLOAD + 32 + 60 + 48];

	private Ed25519PublicKeyParameters publicKey;

	private final byte[] signature = new byte[64];

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
	}

	/** The three BLAKE2b calls of a v4.local open: encryption key, auth key, tag. */
	@Benchmark
	public byte[] blake2bLocalKeysAndTag() {
		byte[] out = new byte[56];
		Blake2bDigest ek = new Blake2bDigest(this.key, 56, null, null);
		ek.update(this.nonce, 0, 32);
		ek.doFinal(out, 0);
		Blake2bDigest ak = new Blake2bDigest(this.key, 32, null, null);
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

	@Benchmark
	public boolean ed25519Verify() {
		return this.publicKey.verify(Ed25519.Algorithm.Ed25519, null, this.pae, 0, this.pae.length, this.signature, 0);
	}

}
