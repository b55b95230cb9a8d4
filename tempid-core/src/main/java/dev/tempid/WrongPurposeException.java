package dev.tempid;

import org.jspecify.annotations.Nullable;

/** The token was issued for another purpose. Reason {@link Reason#WRONG_PURPOSE}. */
public final class WrongPurposeException extends TempIdException {

	private static final long serialVersionUID = 1L;

	public WrongPurposeException(String message) {
		this(message, null, null);
	}

	public WrongPurposeException(String message, @Nullable String tokenId) {
		this(message, tokenId, null);
	}

	public WrongPurposeException(String message, @Nullable String tokenId, @Nullable Throwable cause) {
		super(Reason.WRONG_PURPOSE, message, tokenId, cause);
	}

}
