package dev.tempid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The estimate itself, piece by piece: what each kind of piece costs, so that a secret
 * made of patterns is priced as the guesser would find it (the class javadoc of
 * {@link SecretStrength} gives the price list).
 */
class SecretStrengthTests {

	private static final double SEPARATOR_BITS = log2(11);

	private static final double WALK_START_BITS = log2(47);

	private static final double WALK_STEP_BITS = log2(6);

	@ParameterizedTest(name = "\"{0}\" draws from {1}")
	@CsvSource(delimiter = '|', value = {
			// hex (digits, a-f, A-F and '-', as in UUIDs): 16, whatever the case
			"a|16", "f|16", "A|16", "F|16", "0|16", "9|16", "09afAF|16",
			// lower or upper case beyond hex: 26 each
			"g|26", "z|26", "ag|26", "G|26", "Z|26", "AG|26", "gG|52",
			// digits beyond hex: 10
			"0g|36", "9g|36",
			// printable ASCII symbols: 33; all printable ASCII: 95
			"!|33", "`|33", "{|33", "@|33", "[|33", "g!|59", "gG7!|95",
			// anything else: 100 more
			"\u007f|100", "\u00e9|100", "g\u00e9|126" })
	void bitsWhenRandomLookingCharactersThenLog2OfTheAlphabetEach(String secret, int alphabet) {
		assertThat(SecretStrength.bits(secret)).isCloseTo(secret.length() * log2(alphabet), within(1e-9));
	}

	@Test
	void bitsWhenSeparatorsThenTheCheaperOfTheSeparatorsAndTheAlphabet() {
		// '-' keeps a text hex (16: 4 bits a character) and costs log2 of the 11 separators
		assertThat(SecretStrength.bits("7-")).isCloseTo(4 + SEPARATOR_BITS, within(1e-9));
		assertThat(SecretStrength.bits("g.")).isCloseTo(log2(59) + SEPARATOR_BITS, within(1e-9));
		// a space is printable ASCII (one of the 33 symbols), not a character from beyond it
		assertThat(SecretStrength.bits("g ")).isCloseTo(log2(59) + SEPARATOR_BITS, within(1e-9));
		assertThat(SecretStrength.bits("kq zx")).isCloseTo(4 * log2(59) + SEPARATOR_BITS, within(1e-9));
	}

	@Test
	void bitsWhenTheMostCommonPasswordThenOneBit() {
		// line 1 of common-words.txt: log2(1 + 1)
		assertThat(SecretStrength.bits("123456")).isEqualTo(1.0);
	}

	@Test
	void bitsWhenAWordIsCapitalisedThenOneBitMore() {
		double word = SecretStrength.bits("password");
		assertThat(word).isLessThan(8);
		assertThat(SecretStrength.bits("Password")).isCloseTo(word + 1, within(1e-9));
		assertThat(SecretStrength.bits("PASSWORD")).isCloseTo(word + 1, within(1e-9));
	}

	@Test
	void bitsWhenTheLongestCommonWordThenItsRankAlone() throws IOException {
		String longest = "";
		int longestRank = 0;
		int rank = 0;
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(
				Objects.requireNonNull(SecretStrength.class.getResourceAsStream("common-words.txt")),
				StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (!line.isEmpty() && !line.startsWith("#")) {
					rank++;
					if (line.length() > longest.length()) {
						longest = line;
						longestRank = rank;
					}
				}
			}
		}
		assertThat(longest).hasSizeGreaterThan(12);
		assertThat(SecretStrength.bits(longest)).isCloseTo(log2(longestRank + 1), within(1e-9));
	}

	@Test
	void bitsWhenKeyboardWalkThenStartKeyAndNeighbours() {
		// a row, a column (q a z), and a diagonal as far as 0.75 of a key (w to a)
		assertThat(SecretStrength.bits("sdfghj")).isCloseTo(walk(6), within(1e-9));
		assertThat(SecretStrength.bits("sdf")).isCloseTo(walk(3), within(1e-9));
		assertThat(SecretStrength.bits("qaz")).isCloseTo(walk(3), within(1e-9));
		assertThat(SecretStrength.bits("qwa")).isCloseTo(walk(3), within(1e-9));
		// two keys are no walk
		assertThat(SecretStrength.bits("sd")).isCloseTo(2 * log2(26), within(1e-9));
		// a walk after another piece
		assertThat(SecretStrength.bits("\u00e9sdfghj")).isCloseTo(log2(126) + walk(6), within(1e-9));
		// keys far apart, or not on the keyboard, are no walk
		assertThat(SecretStrength.bits("qeu")).isCloseTo(3 * log2(26), within(1e-9));
		assertThat(SecretStrength.bits("\u00e4\u00f6\u00fc")).isCloseTo(3 * log2(100), within(1e-9));
	}

	@Test
	void bitsWhenAWalkUsesShiftThenOneBitMore() {
		assertThat(SecretStrength.bits("SDFGHJ")).isCloseTo(walk(6) + 1, within(1e-9));
		// shifted anywhere in the walk, the first key included
		assertThat(SecretStrength.bits("Sdfghj")).isCloseTo(walk(6) + 1, within(1e-9));
		assertThat(SecretStrength.bits("sdfghJ")).isCloseTo(walk(6) + 1, within(1e-9));
	}

	@Test
	void bitsWhenSequenceThenStartStepAndLength() {
		assertThat(SecretStrength.bits("mnopq")).isCloseTo(sequence(5), within(1e-9));
		assertThat(SecretStrength.bits("adgjm")).isCloseTo(sequence(5), within(1e-9));
		assertThat(SecretStrength.bits("wusqo")).isCloseTo(sequence(5), within(1e-9));
		// a sequence after another piece
		assertThat(SecretStrength.bits("\u00e9mnopq")).isCloseTo(log2(126) + sequence(5), within(1e-9));
		// steps of 4 or more are no sequence
		assertThat(SecretStrength.bits("kosw")).isCloseTo(4 * log2(26), within(1e-9));
	}

	@Test
	void bitsWhenABlockRepeatsThenTheBlockOnceAndLog2OfTheCount() {
		assertThat(SecretStrength.bits("qqqq")).isCloseTo(log2(26) + log2(4), within(1e-9));
		assertThat(SecretStrength.bits("xkqxkq")).isCloseTo(3 * log2(26) + 1, within(1e-9));
		assertThat(SecretStrength.bits("xkqxkqxkq")).isCloseTo(3 * log2(26) + log2(3), within(1e-9));
		// a last copy cut off costs as a whole one
		assertThat(SecretStrength.bits("xkqxkqxk")).isCloseTo(3 * log2(26) + log2(3), within(1e-9));
		assertThat(SecretStrength.bits("xkqxkqxk7")).isCloseTo(4 * log2(36) + log2(3), within(1e-9));
		// repetitions after another piece
		assertThat(SecretStrength.bits("\u00e9xkqxkqxkq")).isCloseTo(4 * log2(126) + log2(3), within(1e-9));
	}

	@Test
	void bitsWhenABlockOfUpTo64CharactersRepeatsThenTheSecondCopyIsNearlyFree() {
		String block64 = randomBase64(64, 1);
		assertThat(SecretStrength.bits(block64 + block64)).isCloseTo(SecretStrength.bits(block64) + 1, within(1e-9));
		String block65 = randomBase64(65, 2);
		assertThat(SecretStrength.bits(block65 + block65)).isGreaterThan(1.5 * SecretStrength.bits(block65));
	}

	@Test
	void bitsWhenLongerThan512CharactersThenOnlyTheFirst512Count() {
		String first = randomBase64(SecretStrength.MAX_ESTIMATED_LENGTH, 3);
		assertThat(SecretStrength.bits(first + randomBase64(100, 4))).isEqualTo(SecretStrength.bits(first));
	}

	private static double walk(int keys) {
		return WALK_START_BITS + (keys - 1) * WALK_STEP_BITS;
	}

	/** The start among 26, the step among 6 (1 to 3 up or down), the length. */
	private static double sequence(int length) {
		return log2(26) + log2(6) + log2(length);
	}

	private static String randomBase64(int length, long seed) {
		String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
		Random random = new Random(seed);
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return text.toString();
	}

	private static double log2(double value) {
		return Math.log(value) / Math.log(2);
	}

}
