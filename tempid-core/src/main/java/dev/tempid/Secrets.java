package dev.tempid;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Locale;

import dev.tempid.paseto.Base64Url;

/**
 * Makes and checks the shared secrets that {@link LocalKey#fromSecret(String)} derives
 * keys from.
 */
public final class Secrets {

	/** The fewest characters a secret may have. */
	public static final int MIN_LENGTH = 32;

	/** The fewest distinct characters a secret may have. */
	public static final int MIN_DISTINCT_CHARACTERS = 10;

	/**
	 * The least estimated entropy of a secret, in bits: as strong as the 256-bit key derived
	 * from it is meant to be against guessing. HKDF adds no stretching, so whoever holds
	 * one {@code v4.local} token can test guesses of the secret offline.
	 */
	public static final int MIN_ENTROPY_BITS = 128;

	private static final String[] PLACEHOLDERS = { "changeme", "change-me", "change_me", "your-secret", "your_secret",
			"yoursecret", "secret", "password", "example", "placeholder", "insert", "replace", "todo", "xxxx",
			"1234567890", "abcdefgh", "qwerty" };

	private static final SecureRandom RANDOM = new SecureRandom();

	private Secrets() {
	}

	/** A new secret: 48 random bytes, base64url-encoded (64 characters). */
	public static String generate() {
		byte[] bytes = new byte[48];
		RANDOM.nextBytes(bytes);
		return Base64Url.encode(bytes);
	}

	/**
	 * Checks that a secret is strong enough to derive a key from.
	 * @throws WeakSecretException when it is empty, shorter than {@value #MIN_LENGTH}
	 * characters, made of too few distinct characters, a recognizable placeholder, or
	 * guessable: made of common words, keyboard walks, sequences or repetitions so that its
	 * estimated entropy is below {@value #MIN_ENTROPY_BITS} bits (an estimate in the manner of
	 * zxcvbn: the cheapest split of the secret into words, patterns and random characters)
	 */
	public static void check(String secret) {
		if (secret.isBlank()) {
			throw new WeakSecretException("The tempid secret is empty.");
		}
		int length = secret.codePointCount(0, secret.length());
		if (length < MIN_LENGTH) {
			throw new WeakSecretException("The tempid secret has " + length + " characters; it needs at least "
					+ MIN_LENGTH + ".");
		}
		long distinct = secret.codePoints().distinct().count();
		if (distinct < MIN_DISTINCT_CHARACTERS) {
			throw new WeakSecretException("The tempid secret uses only " + distinct
					+ " distinct characters; it looks typed by hand, not random.");
		}
		String lower = secret.toLowerCase(Locale.ROOT);
		for (String placeholder : PLACEHOLDERS) {
			if (lower.startsWith(placeholder) || (placeholder.length() >= 6 && lower.contains(placeholder))) {
				throw new WeakSecretException("The tempid secret looks like a placeholder, not a random value.");
			}
		}
		if (secret.getBytes(StandardCharsets.UTF_8).length > 4096) {
			throw new WeakSecretException("The tempid secret is longer than 4096 bytes.");
		}
		double bits = SecretStrength.bits(secret);
		if (bits < MIN_ENTROPY_BITS) {
			throw new WeakSecretException("The tempid secret is guessable: made of common words, keyboard patterns, "
					+ "sequences or repetitions, it is worth about " + (int) bits + " bits of guessing; it needs at least "
					+ MIN_ENTROPY_BITS + ".");
		}
	}

}
