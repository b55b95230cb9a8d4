package dev.tempid;

import org.jspecify.annotations.Nullable;

/** The application state the token was bound to has changed. Reason {@link Reason#STATE_CHANGED}. */
public final class StateChangedException extends TempIdException {

	private static final long serialVersionUID = 1L;

	public StateChangedException(String message) {
		this(message, null, null);
	}

	public StateChangedException(String message, @Nullable String tokenId) {
		this(message, tokenId, null);
	}

	public StateChangedException(String message, @Nullable String tokenId, @Nullable Throwable cause) {
		super(Reason.STATE_CHANGED, message, tokenId, cause);
	}

}
