package dev.tempid.paseto;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * PASERK k4 serialization of keys ({@code k4.local.}, {@code k4.secret.},
 * {@code k4.public.}) and key ids ({@code k4.lid.}, {@code k4.pid.}, {@code k4.sid.}).
 */
public final class Paserk {

	public static final String LOCAL = "k4.local.";

	public static final String SECRET = "k4.secret.";

	public static final String PUBLIC = "k4.public.";

	public static final String LID = "k4.lid.";

	public static final String PID = "k4.pid.";

	public static final String SID = "k4.sid.";

	private Paserk() {
	}

	/**
	 * Serializes key bytes.
	 * @throws IllegalArgumentException when the bytes are not of the type's length
	 */
	public static String encode(String prefix, byte[] key) {
		int expected = switch (prefix) {
			case LOCAL, PUBLIC -> 32;
			case SECRET -> 64;
			default -> throw new IllegalArgumentException("not a PASERK key type: " + prefix);
		};
		if (key.length != expected) {
			throw new IllegalArgumentException("a " + prefix + " key is " + expected + " bytes, not " + key.length);
		}
		return prefix + Base64Url.encode(key);
	}

	/**
	 * Decodes a PASERK string of the given type.
	 * @throws IllegalArgumentException when it is of another type or length; the message
	 * never repeats the input
	 */
	public static byte[] decode(String prefix, String paserk, int length) {
		if (!paserk.startsWith(prefix)) {
			String found = typeOf(paserk);
			throw new IllegalArgumentException("expected a PASERK of type " + prefix + " but found "
					+ ((found != null) ? found : "something else"));
		}
		byte[] key;
		try {
			key = Base64Url.decode(paserk, prefix.length(), paserk.length());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("the " + prefix + " PASERK is not valid base64url");
		}
		if (key.length != length) {
			throw new IllegalArgumentException("a " + prefix + " PASERK holds " + length + " bytes, not " + key.length);
		}
		return key;
	}

	/** The id of a serialized key: {@code h || base64url(BLAKE2b-264(h || paserk))}. */
	public static String id(String idPrefix, String paserk) {
		byte[] h = idPrefix.getBytes(StandardCharsets.US_ASCII);
		byte[] d = PasetoV4.blake2b(null, 33, h, paserk.getBytes(StandardCharsets.US_ASCII), 0, paserk.length());
		return idPrefix + Base64Url.encode(d);
	}

	/** The {@code k4.xxx.} prefix of a PASERK-looking string, or {@code null}. */
	static @Nullable String typeOf(String text) {
		for (String prefix : new String[] { LOCAL, SECRET, PUBLIC, LID, PID, SID }) {
			if (text.startsWith(prefix)) {
				return prefix;
			}
		}
		return null;
	}

}
