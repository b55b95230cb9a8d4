package dev.tempid.paseto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Strict base64url: one encoding per value, nothing outside the alphabet. */
class Base64UrlTests {

	@Test
	void decodeWhenEncodedThenSameBytesForEveryLength() {
		Random random = new Random(7);
		for (int length = 0; length <= 70; length++) {
			byte[] bytes = new byte[length];
			random.nextBytes(bytes);
			String text = Base64Url.encode(bytes);
			assertThat(text).doesNotContain("=");
			assertThat(Base64Url.decode(text)).isEqualTo(bytes);
			assertThat(Base64Url.decode("xx" + text + "yy", 2, 2 + text.length())).isEqualTo(bytes);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "AAA=", "AA==", "AAAA====", "AA+A", "AA/A", "AA A", "AA\nA", "AA\u00e9A", "AA.A",
			// a character whose low byte is 'A': it must not pass for one
			"AA\u0141A", "AA\uff21A", "AA\u0000A" })
	void decodeWhenCharacterOutsideTheAlphabetThenRefused(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Base64Url.decode(text))
			.withMessage("base64url text has a character outside the alphabet");
	}

	@ParameterizedTest
	@ValueSource(strings = { "A", "AAAAA", "AAAAAAAAA" })
	void decodeWhenImpossibleLengthThenRefused(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Base64Url.decode(text))
			.withMessage("base64url text has an impossible length");
	}

	@ParameterizedTest
	@ValueSource(strings = { "AB", "AP", "AAB", "AAD", "AAAAAAF" })
	void decodeWhenTrailingBitsAreNotZeroThenRefused(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Base64Url.decode(text))
			.withMessage("base64url text is not canonical (non-zero trailing bits)");
	}

	@Test
	void decodeWhenCanonicalTrailingCharactersThenAccepted() {
		assertThat(Base64Url.decode("AA")).containsExactly(0);
		assertThat(Base64Url.decode("AQ")).containsExactly(1);
		assertThat(Base64Url.decode("AAE")).containsExactly(0, 1);
		assertThat(Base64Url.decode("__8")).containsExactly(0xff, 0xff);
	}

	@Test
	void encodeToBytesWhenAnyInputThenTheAsciiOfEncode() {
		byte[] bytes = { (byte) 0xfb, (byte) 0xff, 0x3e, 0x00 };
		assertThat(new String(Base64Url.encodeToBytes(bytes), StandardCharsets.US_ASCII))
			.isEqualTo(Base64Url.encode(bytes))
			.isEqualTo("-_8-AA");
	}

	@Test
	void decodeWhenRangeIsEmptyThenNoBytesWhateverSurroundsIt() {
		assertThat(Base64Url.decode("=====", 2, 2)).isEmpty();
		assertThat(Base64Url.decode("")).isEmpty();
	}

	@Test
	void decodeWhenPaddingLiesOutsideTheRangeThenIgnored() {
		assertThat(Base64Url.decode("AQ==", 0, 2)).containsExactly(1);
		assertThat(Base64Url.decode("==AQ", 2, 4)).containsExactly(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Ah", "A-", "A_", "A9", "Az", "AZ", "AAz", "AA9", "AA-", "AA_", "AAB" })
	void decodeWhenTheLastCharacterOfAnyClassHasUnusedBitsSetThenRefused(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> Base64Url.decode(text))
			.withMessage("base64url text is not canonical (non-zero trailing bits)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Ag", "Aw", "AQ", "AAQ", "AAg", "AAw", "AA0", "AA4", "AA8" })
	void decodeWhenTheLastCharacterOfAnyClassHasOnlyUsedBitsThenAccepted(String text) {
		assertThat(Base64Url.decode(text)).hasSize(text.length() * 3 / 4)
			.isEqualTo(Base64.getUrlDecoder().decode(text));
	}


	@Test
	void decodeWhenPaddingIsTheFirstCharacterThenRefusedAsOutsideTheAlphabet() {
		assertThatIllegalArgumentException().isThrownBy(() -> Base64Url.decode("=AAA", 0, 4))
			.withMessage("base64url text has a character outside the alphabet");
		assertThat(Base64Url.decode("AAAA=", 0, 4)).containsExactly(0, 0, 0);
	}
}
