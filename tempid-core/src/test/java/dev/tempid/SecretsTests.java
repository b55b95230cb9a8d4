package dev.tempid;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class SecretsTests {

	private static final SecureRandom RANDOM = new SecureRandom();

	@Test
	void checkWhenSecretIsAFamousSentenceThenRefusesAndSaysHowToMakeOne() {
		assertThatExceptionOfType(WeakSecretException.class)
			.isThrownBy(() -> Secrets.check("the quick brown fox jumps over the lazy dog"))
			.withMessageContaining("guessable")
			.withMessageContaining("openssl rand -base64 48")
			.withMessageNotContaining("quick");
	}

	@Test
	void checkWhenSecretIsARepeatedKeyboardWalkThenRefuses() {
		assertThatExceptionOfType(WeakSecretException.class)
			.isThrownBy(() -> Secrets.check("qazwsxedcr".repeat(4)))
			.withMessageContaining("guessable")
			.withMessageNotContaining("qazwsx");
	}

	@ParameterizedTest
	@ValueSource(strings = { "correct horse battery staple and more words", "Password1Password1Password1Password1",
			"1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.", "abcdefghijklmnopqrstuvwxyz0123456789",
			"iloveyou-sunshine-princess-football", "MyCompanyNameIsAcmeAndThisIsOurSecret!",
			"asdfghjklasdfghjklasdfghjklasdfghjkl", "monkey dragon master shadow letmein baseball" })
	void checkWhenSecretIsMadeOfWordsAndPatternsThenRefuses(String secret) {
		assertThatExceptionOfType(WeakSecretException.class).isThrownBy(() -> Secrets.check(secret));
	}

	@Test
	void checkWhenSecretIsLongAndPatternedThenRefusesQuickly() {
		String sentence = "the quick brown fox jumps over the lazy dog ".repeat(90);
		org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(2),
				() -> assertThatExceptionOfType(WeakSecretException.class).isThrownBy(() -> Secrets.check(sentence)));
	}

	@RepeatedTest(200)
	void checkWhenSecretIsOpensslRandBase64Of32BytesThenAccepts() {
		// what 'openssl rand -base64 32' prints: 32 random bytes, standard base64 with padding
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		String secret = Base64.getEncoder().encodeToString(bytes);
		assertThatNoException().isThrownBy(() -> Secrets.check(secret));
	}

	@RepeatedTest(200)
	void checkWhenSecretIsGeneratedThenAccepts() {
		assertThatNoException().isThrownBy(() -> Secrets.check(Secrets.generate()));
	}

	@RepeatedTest(50)
	void checkWhenSecretIsRandomHexOf32BytesThenAccepts() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		assertThatNoException().isThrownBy(() -> Secrets.check(java.util.HexFormat.of().formatHex(bytes)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "secret", "insert", "qwerty", "changeme", "placeholder" })
	void checkWhenAPlaceholderOfSixOrMoreCharactersIsInsideThenRefuses(String placeholder) {
		String random = Secrets.generate();
		String secret = random.substring(0, 20) + placeholder.toUpperCase(Locale.ROOT) + random.substring(20);
		assertThatExceptionOfType(WeakSecretException.class).isThrownBy(() -> Secrets.check(secret))
			.withMessageContaining("placeholder");
	}

	@ParameterizedTest
	@ValueSource(strings = { "todo", "xxxx" })
	void checkWhenAShortPlaceholderIsInsideAndNotAtTheStartThenAccepts(String placeholder) {
		String random = Secrets.generate();
		assertThatNoException().isThrownBy(() -> Secrets.check(random.substring(0, 20) + placeholder + random.substring(20)));
		assertThatExceptionOfType(WeakSecretException.class).isThrownBy(() -> Secrets.check(placeholder + random))
			.withMessageContaining("placeholder");
	}

	@Test
	void checkWhenEstimateIsExactlyTheMinimumThenAcceptsAndJustBelowThenRefuses() {
		// 32 hex characters without a pattern: 32 x 4 bits, exactly the minimum
		String exact = hexWithoutPatterns(32);
		assertThat(SecretStrength.bits(exact)).isEqualTo(Secrets.MIN_ENTROPY_BITS);
		assertThatNoException().isThrownBy(() -> Secrets.check(exact));
		// one character repeated: 4 + 1 bits for the pair instead of 8
		String below = exact.substring(0, 31) + exact.charAt(30);
		assertThat(SecretStrength.bits(below)).isLessThan(Secrets.MIN_ENTROPY_BITS);
		assertThatExceptionOfType(WeakSecretException.class).isThrownBy(() -> Secrets.check(below))
			.withMessageContaining("guessable");
	}

	/** A hex text the estimator prices as random: every character at log2(16). */
	private static String hexWithoutPatterns(int length) {
		Random random = new Random(128);
		while (true) {
			StringBuilder text = new StringBuilder();
			for (int i = 0; i < length; i++) {
				text.append("0123456789abcdef".charAt(random.nextInt(16)));
			}
			String candidate = text.toString();
			if (SecretStrength.bits(candidate) == 4.0 * length
					&& candidate.chars().distinct().count() >= Secrets.MIN_DISTINCT_CHARACTERS) {
				return candidate;
			}
		}
	}

	@Test
	void bitsWhenRandomThenCloseToLengthTimesAlphabetAndWhenPatternThenFarBelow() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		assertThat(SecretStrength.bits(Base64.getEncoder().encodeToString(bytes))).isGreaterThan(200);
		assertThat(SecretStrength.bits("qazwsxedcr".repeat(4))).isLessThan(40);
		assertThat(SecretStrength.bits("the quick brown fox jumps over the lazy dog")).isLessThan(Secrets.MIN_ENTROPY_BITS);
		assertThat(SecretStrength.bits("aaaa")).isLessThan(SecretStrength.bits("a8Qz"));
	}

}
