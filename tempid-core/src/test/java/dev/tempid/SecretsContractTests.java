package dev.tempid;

import java.util.HashSet;
import java.util.Set;

import dev.tempid.paseto.Base64Url;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The public contract of {@link Secrets}; the exact strength rule may tighten. */
class SecretsContractTests {

	@Test
	void generateWhenCalledThenSixtyFourBase64UrlCharactersOfFortyEightRandomBytesThatPassTheCheck() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 20; i++) {
			String secret = Secrets.generate();
			assertThat(secret).hasSize(64);
			assertThat(Base64Url.decode(secret)).hasSize(48);
			assertThatNoException().isThrownBy(() -> Secrets.check(secret));
			seen.add(secret);
		}
		assertThat(seen).hasSize(20);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "\t\n" })
	void checkWhenBlankThenWeakAndSaysSo(String secret) {
		assertThatExceptionOfType(WeakSecretException.class).isThrownBy(() -> Secrets.check(secret))
			.withMessageStartingWith("The tempid secret is empty.");
	}

	@Test
	void checkWhenOneCharacterShortThenWeakAndTheMessageGivesBothLengths() {
		String secret = Secrets.generate().substring(0, Secrets.MIN_LENGTH - 1);
		assertThatExceptionOfType(WeakSecretException.class).isThrownBy(() -> Secrets.check(secret))
			.withMessageStartingWith("The tempid secret has 31 characters; it needs at least 32.");
		assertThatNoException().isThrownBy(() -> Secrets.check("Zq8xV3mN7pL2kR9tW4yB6cD1fG5hJ0sA"));
	}

	@Test
	void checkWhenLengthIsCountedThenInCharactersNotBytesOrChars() {
		// 31 emoji are 62 chars and 124 bytes, still 31 characters
		String emoji = "\uD83D\uDE00\uD83D\uDE01\uD83D\uDE02\uD83D\uDE03\uD83D\uDE04\uD83D\uDE05\uD83D\uDE06\uD83D\uDE07"
				+ "\uD83D\uDE08\uD83D\uDE09\uD83D\uDE0A";
		String secret = emoji + emoji + emoji.substring(0, 18);
		assertThat(secret.codePointCount(0, secret.length())).isEqualTo(31);
		assertThatExceptionOfType(WeakSecretException.class).isThrownBy(() -> Secrets.check(secret))
			.withMessageStartingWith("The tempid secret has 31 characters");
	}

	@Test
	void checkWhenTooFewDistinctCharactersThenWeak() {
		assertThatExceptionOfType(WeakSecretException.class)
			.isThrownBy(() -> Secrets.check("abcabcabcabcabcabcabcabcabcabcabcabc"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "ChangeMe-Zq8xV3mN7pL2kR9tW4yB6cD1fG5", "Zq8xV3mN7pL2kR9tW4yB6-your-secret-cD1fG5",
			"Zq8xV3mN7pL2kR9tW4yB6cD1fG5-PASSWORD", "todo-Zq8xV3mN7pL2kR9tW4yB6cD1fG5hJ0" })
	void checkWhenAPlaceholderShowsThenWeakWithoutRepeatingTheSecret(String secret) {
		assertThatExceptionOfType(WeakSecretException.class).isThrownBy(() -> Secrets.check(secret))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("placeholder").doesNotContain(secret));
	}

	@Test
	void checkWhenAShortPlaceholderWordIsInsideARandomSecretThenAccepted() {
		// words shorter than six characters only count at the start
		assertThatNoException().isThrownBy(() -> Secrets.check("Zq8xV3mN7pL2kR9tW4yB6todocD1fG5hJ0"));
	}

	@Test
	void checkWhenLongerThan4096BytesThenWeak() {
		StringBuilder random = new StringBuilder();
		for (int i = 0; i < 64; i++) {
			random.append(Secrets.generate());
		}
		String atTheLimit = random.toString();
		assertThat(atTheLimit).hasSize(4096);
		assertThatNoException().isThrownBy(() -> Secrets.check(atTheLimit));
		assertThatExceptionOfType(WeakSecretException.class).isThrownBy(() -> Secrets.check(atTheLimit + "A"))
			.withMessageContaining("4096 bytes");
	}

}
