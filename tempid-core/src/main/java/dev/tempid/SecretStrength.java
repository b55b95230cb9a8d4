package dev.tempid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Estimates how many guesses a secret would take an attacker who knows how people make
 * secrets up, in the manner of zxcvbn: the secret is split into the cheapest sequence of
 * pieces, each costing the log2 of the guesses needed to find it:
 * <ul>
 * <li>a common word or password (ranked list {@code common-words.txt}): log2 of its rank,
 * plus one bit when capitalised;</li>
 * <li>a keyboard walk ({@code qaz}, {@code asdf}, {@code 1qaz2wsx}) on a US keyboard: the
 * starting key, then log2 of the neighbours of each following key;</li>
 * <li>a sequence ({@code abcd}, {@code 2468}): start, step and length;</li>
 * <li>a repetition of an earlier block ({@code xyzxyzxyz}): the block once, plus log2 of
 * the count;</li>
 * <li>a separator between words (space, dash, dot, ...): log2 of the separators;</li>
 * <li>any other character: log2 of the alphabet the whole secret draws from (16 for hex,
 * 26 for lower case, 95 for printable ASCII, ...).</li>
 * </ul>
 * Random output ({@code openssl rand -base64 32}: about 260 bits here) costs close to its
 * length times log2 of its alphabet; sentences and patterns cost a fraction of their length.
 */
final class SecretStrength {

	private static final String WORDS_RESOURCE = "common-words.txt";

	private static final int MIN_WORD_LENGTH = 3;

	private static final int MIN_WALK_LENGTH = 3;

	private static final int MAX_REPEAT_BLOCK = 64;

	private static final String SEPARATORS = " -_.,;:/+|~";

	private static final String[] KEYBOARD_ROWS = { "`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./" };

	private static final String[] SHIFTED_ROWS = { "~!@#$%^&*()_+", "QWERTYUIOP{}|", "ASDFGHJKL:\"", "ZXCVBNM<>?" };

	private static final double[] ROW_OFFSETS = { 0, 1.5, 1.75, 2.25 };

	/** log2 of the keys a walk may start on. */
	private static final double WALK_START_BITS = log2(47);

	/** log2 of the average number of neighbours of a key. */
	private static final double WALK_STEP_BITS = log2(6);

	private static final Map<Character, double[]> KEY_POSITIONS = keyPositions();

	/** The common words by rank, loaded with the class: every estimate needs them. */
	private static final Map<String, Integer> WORDS = loadWords();

	/** The longest common word: no longer piece of a secret can be one. */
	private static final int MAX_WORD_LENGTH = WORDS.keySet().stream().mapToInt(String::length).max().orElse(0);

	private SecretStrength() {
	}

	/** The most characters estimated: a secret must hold its strength in its first 512. */
	static final int MAX_ESTIMATED_LENGTH = 512;

	/**
	 * The estimated entropy of {@code secret}, in bits (of its first
	 * {@value #MAX_ESTIMATED_LENGTH} characters, which bounds the time taken: a longer
	 * secret is at least as strong as its beginning).
	 */
	static double bits(String secret) {
		return new Estimate(secret.substring(0, Math.min(secret.length(), MAX_ESTIMATED_LENGTH))).bits();
	}

	private static final class Estimate {

		private final String text;

		private final String lower;

		private final double charBits;

		private final Map<String, Double> blocks = new HashMap<>();

		Estimate(String text) {
			this.text = text;
			this.lower = text.toLowerCase(Locale.ROOT);
			this.charBits = log2(alphabet(text));
		}

		double bits() {
			return cost(this.text, this.lower);
		}

		/** The cheapest split of {@code s} into pieces (dynamic programming over end positions). */
		private double cost(String s, String lowerS) {
			int n = s.length();
			double[] best = new double[n + 1];
			for (int j = 1; j <= n; j++) {
				best[j] = Double.MAX_VALUE;
			}
			for (int i = 0; i < n; i++) {
				double start = best[i];
				char c = s.charAt(i);
				// a single character, or a separator
				double single = (SEPARATORS.indexOf(c) >= 0) ? Math.min(this.charBits, log2(SEPARATORS.length()))
						: this.charBits;
				relax(best, i + 1, start + single);
				// common words and passwords
				for (int len = MIN_WORD_LENGTH; len <= MAX_WORD_LENGTH && i + len <= n; len++) {
					Integer rank = WORDS.get(lowerS.substring(i, i + len));
					if (rank != null) {
						boolean capitalised = !s.regionMatches(i, lowerS, i, len);
						relax(best, i + len, start + log2(rank + 1) + (capitalised ? 1 : 0));
					}
				}
				// keyboard walks
				int walk = i + 1;
				boolean shifted = isShifted(c);
				while (walk < n && adjacent(s.charAt(walk - 1), s.charAt(walk))) {
					shifted |= isShifted(s.charAt(walk));
					walk++;
					if (walk - i >= MIN_WALK_LENGTH) {
						relax(best, walk, start + WALK_START_BITS + (walk - i - 1) * WALK_STEP_BITS + (shifted ? 1 : 0));
					}
				}
				// sequences: abc, 1357, zyx
				if (i + 1 < n) {
					int step = s.charAt(i + 1) - c;
					if (step != 0 && Math.abs(step) <= 3) {
						int end = i + 2;
						while (end < n && s.charAt(end) - s.charAt(end - 1) == step) {
							end++;
						}
						for (int e = i + 3; e <= end; e++) {
							relax(best, e, start + log2(26) + log2(6) + log2(e - i));
						}
					}
				}
				// repetitions of a block (regionMatches is false where a copy would run past the end)
				for (int block = 1; block <= MAX_REPEAT_BLOCK; block++) {
					int count = 1;
					while (s.regionMatches(i, s, i + count * block, block)) {
						count++;
					}
					if (count >= 2) {
						double blockBits = blockCost(s.substring(i, i + block), lowerS.substring(i, i + block));
						for (int k = 2; k <= count; k++) {
							relax(best, i + k * block, start + blockBits + log2(k));
						}
						// a last, cut-off copy of the block (xyzxyzxy) costs no more than a whole one; it is
						// shorter than the block, or the count would include it (with none, this relaxes
						// nothing: the whole copies cost less)
						int end = i + count * block;
						int partial = 0;
						while (end + partial < n && s.charAt(end + partial) == s.charAt(i + partial)) {
							partial++;
						}
						relax(best, end + partial, start + blockBits + log2(count + 1));
					}
				}
			}
			return best[n];
		}

		private double blockCost(String block, String lowerBlock) {
			Double known = this.blocks.get(block);
			if (known == null) {
				known = cost(block, lowerBlock);
				this.blocks.put(block, known);
			}
			return known;
		}

		private static void relax(double[] best, int end, double cost) {
			best[end] = Math.min(best[end], cost);
		}

	}

	/** The size of the alphabet the secret appears to draw from. */
	private static int alphabet(String text) {
		boolean lower = false;
		boolean upper = false;
		boolean digit = false;
		boolean symbol = false;
		boolean other = false;
		boolean hex = true;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= 'a' && c <= 'z') {
				lower = true;
			}
			else if (c >= 'A' && c <= 'Z') {
				upper = true;
			}
			else if (c >= '0' && c <= '9') {
				digit = true;
			}
			else if (c >= ' ' && c < 127) {
				symbol = true;
			}
			else {
				other = true;
			}
			boolean hexDigit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-';
			hex &= hexDigit;
		}
		if (hex && !other) {
			return 16;
		}
		int size = 0;
		size += lower ? 26 : 0;
		size += upper ? 26 : 0;
		size += digit ? 10 : 0;
		size += symbol ? 33 : 0;
		size += other ? 100 : 0;
		return Math.max(size, 2);
	}

	private static boolean isShifted(char c) {
		double[] position = KEY_POSITIONS.get(c);
		return position != null && position[2] == 1;
	}

	private static boolean adjacent(char a, char b) {
		double[] pa = KEY_POSITIONS.get(a);
		double[] pb = KEY_POSITIONS.get(b);
		if (pa == null || pb == null) {
			return false;
		}
		double dy = Math.abs(pa[1] - pb[1]);
		double dx = Math.abs(pa[0] - pb[0]);
		return (dy == 0 && dx == 1) || (dy == 1 && dx <= 0.75);
	}

	private static Map<Character, double[]> keyPositions() {
		Map<Character, double[]> positions = new HashMap<>();
		for (int row = 0; row < KEYBOARD_ROWS.length; row++) {
			for (int col = 0; col < KEYBOARD_ROWS[row].length(); col++) {
				positions.put(KEYBOARD_ROWS[row].charAt(col), new double[] { ROW_OFFSETS[row] + col, row, 0 });
				positions.put(SHIFTED_ROWS[row].charAt(col), new double[] { ROW_OFFSETS[row] + col, row, 1 });
			}
		}
		return Map.copyOf(positions);
	}

	private static Map<String, Integer> loadWords() {
		InputStream in = SecretStrength.class.getResourceAsStream(WORDS_RESOURCE);
		if (in == null) {
			throw new IllegalStateException("tempid-core is missing its resource " + WORDS_RESOURCE);
		}
		Map<String, Integer> ranks = new HashMap<>(32768);
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			int rank = 0;
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.isEmpty() || line.startsWith("#")) {
					continue;
				}
				rank++;
				ranks.putIfAbsent(line, rank);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return Map.copyOf(ranks);
	}

	private static double log2(double value) {
		return Math.log(value) / Math.log(2);
	}

}
