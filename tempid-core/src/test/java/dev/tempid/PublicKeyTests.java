package dev.tempid;

import dev.tempid.paseto.Paserk;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PublicKeyTests {

	@Test
	void fromPaserkWhenRoundTrippedThenTheSameKeyWithTheSameId() {
		PublicKey key = SecretKey.generate().publicKey();
		String paserk = key.toPaserk();
		assertThat(paserk).startsWith("k4.public.").hasSize(10 + 43);
		PublicKey read = PublicKey.fromPaserk("\t" + paserk + " ");
		assertThat(read).isEqualTo(key).hasSameHashCodeAs(key);
		assertThat(read.toPaserk()).isEqualTo(paserk);
		assertThat(read.id()).isEqualTo(key.id()).isEqualTo(Paserk.id(Paserk.PID, paserk));
	}

	@Test
	void fromPaserkWhenNotAPointOnTheCurveThenRefused() {
		// y = 2 has no x on edwards25519
		byte[] notAPoint = new byte[32];
		notAPoint[0] = 2;
		String paserk = Paserk.encode(Paserk.PUBLIC, notAPoint);
		assertThatIllegalArgumentException().isThrownBy(() -> PublicKey.fromPaserk(paserk))
			.withMessage("the k4.public PASERK is not a valid Ed25519 public key");
	}

	@Test
	void fromPaserkWhenASecretKeyIsGivenThenRefusedWithoutRepeatingIt() {
		String secret = SecretKey.generate().toPaserk();
		assertThatIllegalArgumentException().isThrownBy(() -> PublicKey.fromPaserk(secret))
			.withMessage("expected a PASERK of type k4.public. but found k4.secret.");
	}

	@Test
	void equalsWhenDifferentKeysThenNotEqual() {
		PublicKey one = SecretKey.generate().publicKey();
		PublicKey two = SecretKey.generate().publicKey();
		assertThat(one).isNotEqualTo(two).isNotEqualTo(null).isNotEqualTo(one.id());
		assertThat(one.hashCode()).isEqualTo(one.id().hashCode());
	}

	@Test
	void toStringWhenPrintedThenShowsTheId() {
		PublicKey key = SecretKey.generate().publicKey();
		assertThat(key).hasToString("PublicKey[" + key.id() + "]");
	}

}
