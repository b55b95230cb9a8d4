package dev.tempid.paseto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The JDK's base64url without padding, made strict: no {@code =}, and the unused bits
 * of the last character must be zero, so that every value has exactly one encoding
 * (PASETO must-fail vectors 4-F-4 and 4-F-5).
 */
public final class Base64Url {

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	/** Each character at its 6-bit value. */
	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private Base64Url() {
	}

	public static String encode(byte[] bytes) {
		return ENCODER.encodeToString(bytes);
	}

	public static byte[] encodeToBytes(byte[] bytes) {
		return ENCODER.encode(bytes);
	}

	/**
	 * Decodes {@code text[from, to)} strictly.
	 * @throws IllegalArgumentException when it is not canonical unpadded base64url
	 */
	public static byte[] decode(String text, int from, int to) {
		int length = to - from;
		if (length == 0) {
			return new byte[0];
		}
		int rest = length & 3;
		if (rest == 1) {
			throw new IllegalArgumentException("base64url text has an impossible length");
		}
		// the JDK's decoder refuses every character outside the alphabet but accepts padding
		String range = text.substring(from, to);
		if (range.contains("=")) {
			throw new IllegalArgumentException("base64url text has a character outside the alphabet");
		}
		// characters beyond Latin-1 become '?', which the decoder refuses too
		byte[] ascii = range.getBytes(StandardCharsets.ISO_8859_1);
		byte[] decoded;
		try {
			decoded = DECODER.decode(ascii);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("base64url text has a character outside the alphabet");
		}
		if (rest != 0) {
			int last = ALPHABET.indexOf(ascii[length - 1]);
			int unusedMask = (rest == 2) ? 0x0F : 0x03;
			if ((last & unusedMask) != 0) {
				throw new IllegalArgumentException("base64url text is not canonical (non-zero trailing bits)");
			}
		}
		return decoded;
	}

	public static byte[] decode(String text) {
		return decode(text, 0, text.length());
	}

}
