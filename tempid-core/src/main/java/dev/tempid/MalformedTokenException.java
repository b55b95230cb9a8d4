package dev.tempid;

import org.jspecify.annotations.Nullable;

/** The text is not a well-formed tempid token. Reason {@link Reason#MALFORMED}. */
public final class MalformedTokenException extends TempIdException {

	private static final long serialVersionUID = 1L;

	public MalformedTokenException(String message) {
		this(message, null, null);
	}

	public MalformedTokenException(String message, @Nullable String tokenId) {
		this(message, tokenId, null);
	}

	public MalformedTokenException(String message, @Nullable String tokenId, @Nullable Throwable cause) {
		super(Reason.MALFORMED, message, tokenId, cause);
	}

}
