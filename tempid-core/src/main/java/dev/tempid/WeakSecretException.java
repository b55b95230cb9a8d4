package dev.tempid;

/**
 * A configured secret is too weak to derive a key from. Thrown at configuration time,
 * never for a token; the message says what is wrong and how to make a good secret, and
 * never repeats the secret.
 */
public final class WeakSecretException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	/** How to make a good secret, for messages. */
	public static final String ADVICE = "Use at least 32 random characters, for example the output of "
			+ "'openssl rand -base64 48' or of dev.tempid.Secrets.generate(), and keep it out of source control.";

	public WeakSecretException(String problem) {
		super(problem + " " + ADVICE);
	}

}
