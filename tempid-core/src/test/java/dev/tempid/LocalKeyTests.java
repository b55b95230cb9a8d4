package dev.tempid;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LocalKeyTests {

	private static final String SECRET = "Zq8xV3mN7pL2kR9tW4yB6cD1fG5hJ0sA-Qe7Uu2Ii9Oo";

	@Test
	void fromSecretWhenKnownSecretThenTheDocumentedHkdfKeyAndId() {
		// HKDF-SHA-256(ikm = secret, salt = "tempid", info = "tempid v4.local key"), computed apart with Python's hmac
		LocalKey key = LocalKey.fromSecret(SECRET);
		assertThat(key.toPaserk()).isEqualTo("k4.local.OOrqygfRv8MP38b0oig1WLh488-2_-4oZ8nPriwbuwo");
		assertThat(key.id()).isEqualTo("k4.lid.g3cSgQBGwQxRksQJIbQj-qUVLyBnkyDrNNKoPObUH1Fl");
	}

	@Test
	void fromSecretWhenSecretIsWeakThenRefusedBeforeAnyKeyIsMade() {
		assertThatExceptionOfType(WeakSecretException.class).isThrownBy(() -> LocalKey.fromSecret("short"));
	}

	@Test
	void fromPaserkWhenRoundTrippedThenTheSameKeyDecryptsTheOthersTokens() {
		LocalKey key = LocalKey.generate();
		String paserk = key.toPaserk();
		assertThat(paserk).startsWith("k4.local.").hasSize(9 + 43);
		LocalKey read = LocalKey.fromPaserk("  " + paserk + "\n");
		assertThat(read).isEqualTo(key).hasSameHashCodeAs(key);
		assertThat(key.hashCode()).isEqualTo(key.id().hashCode());
		assertThat(read.id()).isEqualTo(key.id()).startsWith("k4.lid.");
		String token = TokenService.builder().localKey(key).build().issue(TokenRequest.forPurpose("p").build()).value();
		assertThat(TokenService.builder().localKey(read).build().verify(token, "p").keyId()).isEqualTo(key.id());
	}

	@Test
	void generateWhenCalledTwiceThenDifferentKeys() {
		LocalKey one = LocalKey.generate();
		LocalKey two = LocalKey.generate();
		assertThat(one).isNotEqualTo(two);
		assertThat(one.id()).isNotEqualTo(two.id());
		assertThat(one.toPaserk()).isNotEqualTo(two.toPaserk());
		assertThat(one).isNotEqualTo(null).isNotEqualTo(one.id());
	}

	@Test
	void fromPaserkWhenAnotherTypeOrGarbageThenRefusedWithoutRepeatingIt() {
		String publicKey = SecretKey.generate().publicKey().toPaserk();
		assertThatIllegalArgumentException().isThrownBy(() -> LocalKey.fromPaserk(publicKey))
			.withMessage("expected a PASERK of type k4.local. but found k4.public.");
		assertThatIllegalArgumentException().isThrownBy(() -> LocalKey.fromPaserk("k4.local.not*base64"))
			.withMessage("the k4.local. PASERK is not valid base64url");
		assertThatIllegalArgumentException().isThrownBy(() -> LocalKey.fromPaserk("k4.local.AAAA"))
			.withMessage("a k4.local. PASERK holds 32 bytes, not 3");
	}

	@Test
	void toStringWhenPrintedThenShowsTheIdOnly() {
		LocalKey key = LocalKey.generate();
		assertThat(key).hasToString("LocalKey[" + key.id() + "]");
		assertThat(key.toString()).doesNotContain(key.toPaserk().substring(9));
		assertThat(key.cipher().toString()).isEqualTo("LocalCipher[key hidden]");
	}

}
