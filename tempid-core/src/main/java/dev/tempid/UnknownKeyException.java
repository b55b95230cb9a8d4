package dev.tempid;

import org.jspecify.annotations.Nullable;

/** The token names a key this service does not hold. Reason {@link Reason#UNKNOWN_KEY}. */
public final class UnknownKeyException extends TempIdException {

	private static final long serialVersionUID = 1L;

	public UnknownKeyException(String message) {
		this(message, null, null);
	}

	public UnknownKeyException(String message, @Nullable String tokenId) {
		this(message, tokenId, null);
	}

	public UnknownKeyException(String message, @Nullable String tokenId, @Nullable Throwable cause) {
		super(Reason.UNKNOWN_KEY, message, tokenId, cause);
	}

}
