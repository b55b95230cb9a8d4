package dev.tempid.paseto;

import java.security.SecureRandom;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PasetoV4Tests {

	private final Ed25519PrivateKeyParameters secret = new Ed25519PrivateKeyParameters(new SecureRandom());

	private final Ed25519PublicKeyParameters publicKey = this.secret.generatePublicKey();

	@Test
	void verifyWhenTheMessageIsEmptyThenTheBodyIsTheSignatureAlone() {
		byte[] body = PasetoV4.sign(this.secret, this.publicKey, new byte[0], new byte[0], new byte[0]);
		assertThat(body).hasSize(PasetoV4.SIGNATURE_LENGTH);
		assertThat(PasetoV4.verify(this.publicKey, body, new byte[0], new byte[0])).isEmpty();
	}

	@Test
	void localCipherWhenTheMessageIsEmptyThenTheBodyIsNonceAndTagAlone() {
		PasetoV4.LocalCipher cipher = new PasetoV4.LocalCipher(new byte[32]);
		byte[] body = cipher.encrypt(new byte[0], new byte[0], new byte[0]);
		assertThat(body).hasSize(PasetoV4.NONCE_LENGTH + PasetoV4.TAG_LENGTH);
		assertThat(cipher.decrypt(body, new byte[0], new byte[0])).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> cipher.decrypt(new byte[63], new byte[0], new byte[0]))
			.withMessage("v4.local token is too short");
	}

	@Test
	void localCipherWhenTheSameMessageIsEncryptedTwiceThenFreshNoncesMakeDifferentBodies() {
		PasetoV4.LocalCipher cipher = new PasetoV4.LocalCipher(new byte[32]);
		byte[] first = cipher.encrypt(new byte[] { 1 }, new byte[0], new byte[0]);
		byte[] second = cipher.encrypt(new byte[] { 1 }, new byte[0], new byte[0]);
		assertThat(first).isNotEqualTo(second);
		assertThat(cipher.decrypt(second, new byte[0], new byte[0])).containsExactly(1);
	}

	@Test
	void localCipherWhenTheKeyIsNot32BytesThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PasetoV4.LocalCipher(new byte[31]))
			.withMessage("a v4.local key is 32 bytes");
		assertThatIllegalArgumentException().isThrownBy(() -> new PasetoV4.LocalCipher(new byte[33]))
			.withMessage("a v4.local key is 32 bytes");
	}

	@Test
	void verifyWhenShorterThanASignatureThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PasetoV4.verify(this.publicKey, new byte[63], new byte[0], new byte[0]))
			.withMessage("v4.public token is too short");
	}

}
