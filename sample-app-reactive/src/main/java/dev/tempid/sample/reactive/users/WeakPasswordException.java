package dev.tempid.sample.reactive.users;

/**
 * A password the policy refuses.
 */
public class WeakPasswordException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public WeakPasswordException(String message) {
		super(message);
	}

}
