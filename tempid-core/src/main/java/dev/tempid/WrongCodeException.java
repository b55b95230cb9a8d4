package dev.tempid;

import org.jspecify.annotations.Nullable;

/**
 * A login code does not match (or no code is held for the subject and purpose). Reason
 * {@link Reason#WRONG_CODE}. Carries the wrong tries the code has left; never the code.
 */
public final class WrongCodeException extends TempIdException {

	private static final long serialVersionUID = 1L;

	private final int triesLeft;

	public WrongCodeException(String message, int triesLeft) {
		this(message, triesLeft, null);
	}

	public WrongCodeException(String message, int triesLeft, @Nullable Throwable cause) {
		super(Reason.WRONG_CODE, message, null, cause);
		this.triesLeft = triesLeft;
	}

	/** The wrong tries left before the code and its token die; 0 when none is held. */
	public int triesLeft() {
		return this.triesLeft;
	}

}
