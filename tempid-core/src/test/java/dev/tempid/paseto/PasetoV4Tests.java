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
	void verifyWhenShorterThanASignatureThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PasetoV4.verify(this.publicKey, new byte[63], new byte[0], new byte[0]))
			.withMessage("v4.public token is too short");
	}

}
