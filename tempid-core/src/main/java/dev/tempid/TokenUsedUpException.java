package dev.tempid;

import org.jspecify.annotations.Nullable;

/** Every use of the token has been taken. Reason {@link Reason#USED_UP}. */
public final class TokenUsedUpException extends TempIdException {

	private static final long serialVersionUID = 1L;

	public TokenUsedUpException(String message) {
		this(message, null, null);
	}

	public TokenUsedUpException(String message, @Nullable String tokenId) {
		this(message, tokenId, null);
	}

	public TokenUsedUpException(String message, @Nullable String tokenId, @Nullable Throwable cause) {
		super(Reason.USED_UP, message, tokenId, cause);
	}

}
