package dev.tempid;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Ed25519 keys in PEM, against keys and a signature made by OpenSSL 3 ({@link PemTestKeys}).
 */
class PemTests {

	private static final String OPENSSL_PRIVATE = PemTestKeys.OPENSSL_PRIVATE;

	private static final String OPENSSL_PUBLIC = PemTestKeys.OPENSSL_PUBLIC;

	private static final String OPENSSL_SIGNATURE_OF_HELLO = PemTestKeys.OPENSSL_SIGNATURE_OF_HELLO;

	private static final String OPENSSL_P256_PRIVATE = PemTestKeys.OPENSSL_P256_PRIVATE;


	@Test
	void fromPemWhenOpenSslPrivateKeyThenItsPublicHalfIsOpenSslsPublicKey() {
		SecretKey secret = SecretKey.fromPem(OPENSSL_PRIVATE);
		assertThat(secret.publicKey()).isEqualTo(PublicKey.fromPem(OPENSSL_PUBLIC));
		assertThat(secret.publicKey().toPem().strip()).isEqualTo(OPENSSL_PUBLIC.strip());
		// Bouncy Castle writes PKCS#8 v2 (the public key beside the seed), which OpenSSL reads too
		assertThat(SecretKey.fromPem(secret.toPem()).toPaserk()).isEqualTo(secret.toPaserk());
	}

	@Test
	void fromPemWhenOpenSslPublicKeyThenOpenSslsSignatureVerifies() {
		PublicKey key = PublicKey.fromPem(OPENSSL_PUBLIC);
		byte[] message = "hello".getBytes(StandardCharsets.US_ASCII);
		Ed25519Signer verifier = new Ed25519Signer();
		verifier.init(false, key.parameters());
		verifier.update(message, 0, message.length);
		assertThat(verifier.verifySignature(Base64.getDecoder().decode(OPENSSL_SIGNATURE_OF_HELLO))).isTrue();
		verifier.init(false, SecretKey.generate().publicKey().parameters());
		verifier.update(message, 0, message.length);
		assertThat(verifier.verifySignature(Base64.getDecoder().decode(OPENSSL_SIGNATURE_OF_HELLO))).isFalse();
	}

	@Test
	void fromPemWhenKeysImportedThenTokensSignedWithOneVerifyWithTheOther() {
		TokenService signer = TokenService.builder().signingKey(SecretKey.fromPem(OPENSSL_PRIVATE)).build();
		TokenService verifier = TokenService.builder().verificationKeys(PublicKey.fromPem(OPENSSL_PUBLIC)).build();
		IssuedToken token = signer.issue(TokenRequest.forPurpose("api").subject("svc").build());
		assertThat(token.value()).startsWith("v4.public.");
		assertThat(verifier.verify(token.value(), "api").subject()).isEqualTo("svc");
	}

	@Test
	void toPemWhenReadBackThenSameKey() {
		SecretKey key = SecretKey.generate();
		assertThat(SecretKey.fromPem(key.toPem())).isEqualTo(key);
		assertThat(SecretKey.fromPem(key.toPem()).toPaserk()).isEqualTo(key.toPaserk());
		assertThat(PublicKey.fromPem(key.publicKey().toPem())).isEqualTo(key.publicKey());
	}

	@Test
	void fromPemWhenNotEd25519ThenSaysWhatItIsAndHowToMakeOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> SecretKey.fromPem(OPENSSL_P256_PRIVATE))
			.withMessageContaining("not an Ed25519 key")
			.withMessageContaining("openssl genpkey -algorithm ed25519");
	}

	@Test
	void fromPemWhenWrongBlockTypeThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> SecretKey.fromPem(OPENSSL_PUBLIC))
			.withMessageContaining("expected a PEM PRIVATE KEY block but found PUBLIC KEY");
		assertThatIllegalArgumentException().isThrownBy(() -> PublicKey.fromPem(OPENSSL_PRIVATE))
			.withMessageContaining("expected a PEM PUBLIC KEY block");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SecretKey.fromPem(OPENSSL_PRIVATE.replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY")))
			.withMessageContaining("decrypt it first");
	}

	@Test
	void fromPemWhenGarbageThenRefusedWithoutRepeatingTheInput() {
		String damaged = OPENSSL_PRIVATE.replace("MC4CAQAw", "MC4CAQBB");
		assertThatIllegalArgumentException().isThrownBy(() -> SecretKey.fromPem(damaged))
			.withMessageNotContaining("MC4C");
		assertThatIllegalArgumentException().isThrownBy(() -> SecretKey.fromPem("k4.secret.nope"))
			.withMessageContaining("no PEM block");
		assertThatIllegalArgumentException().isThrownBy(() -> PublicKey.fromPem(""));
	}

}
