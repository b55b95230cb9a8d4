package dev.tempid;

import dev.tempid.paseto.Base64Url;
import dev.tempid.paseto.Paserk;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SecretKeyTests {

	@Test
	void fromPaserkWhenRoundTrippedThenSignsTokensTheOriginalsPublicKeyVerifies() {
		SecretKey key = SecretKey.generate();
		String paserk = key.toPaserk();
		assertThat(paserk).startsWith("k4.secret.").hasSize(10 + 86);
		SecretKey read = SecretKey.fromPaserk(" " + paserk + " ");
		assertThat(read).isEqualTo(key).hasSameHashCodeAs(key);
		assertThat(key.hashCode()).isEqualTo(key.id().hashCode());
		assertThat(read.toPaserk()).isEqualTo(paserk);
		assertThat(read.publicKey()).isEqualTo(key.publicKey());
		String token = TokenService.builder().signingKey(read).build().issue(TokenRequest.forPurpose("p").build()).value();
		VerifiedToken verified = TokenService.builder().verificationKeys(key.publicKey()).build().verify(token, "p");
		assertThat(verified.keyId()).isEqualTo(key.id());
		assertThat(verified.format()).isEqualTo(TokenFormat.PUBLIC);
	}

	@Test
	void idWhenAskedThenThePublicHalfsPidWhileSecretIdIsItsOwnSid() {
		SecretKey key = SecretKey.generate();
		assertThat(key.id()).isEqualTo(key.publicKey().id()).startsWith("k4.pid.");
		assertThat(key.secretId()).isEqualTo(Paserk.id(Paserk.SID, key.toPaserk())).startsWith("k4.sid.");
		assertThat(key.secretId()).isNotEqualTo(key.id());
	}

	@Test
	void fromPaserkWhenThePublicHalfBelongsToAnotherSeedThenRefused() {
		byte[] mine = Base64Url.decode(SecretKey.generate().toPaserk().substring(10));
		byte[] other = Base64Url.decode(SecretKey.generate().toPaserk().substring(10));
		System.arraycopy(other, 32, mine, 32, 32);
		String forged = Paserk.encode(Paserk.SECRET, mine);
		assertThatIllegalArgumentException().isThrownBy(() -> SecretKey.fromPaserk(forged))
			.withMessage("the k4.secret PASERK's public half does not match its seed");
	}

	@Test
	void fromPaserkWhenAnotherTypeThenRefused() {
		String local = LocalKey.generate().toPaserk();
		assertThatIllegalArgumentException().isThrownBy(() -> SecretKey.fromPaserk(local))
			.withMessage("expected a PASERK of type k4.secret. but found k4.local.");
	}

	@Test
	void equalsWhenDifferentKeysThenNotEqual() {
		SecretKey one = SecretKey.generate();
		SecretKey two = SecretKey.generate();
		assertThat(one).isNotEqualTo(two).isNotEqualTo(one.publicKey()).isNotEqualTo(null);
		assertThat(one.id()).isNotEqualTo(two.id());
	}

	@Test
	void toStringWhenPrintedThenShowsThePublicIdOnly() {
		SecretKey key = SecretKey.generate();
		assertThat(key).hasToString("SecretKey[" + key.id() + "]");
		assertThat(key.toString()).doesNotContain(key.toPaserk().substring(10, 40));
	}

}
