package dev.tempid;

import org.jspecify.annotations.Nullable;

/** The token is not valid yet. Reason {@link Reason#NOT_YET_VALID}. */
public final class TokenNotYetValidException extends TempIdException {

	private static final long serialVersionUID = 1L;

	public TokenNotYetValidException(String message) {
		this(message, null, null);
	}

	public TokenNotYetValidException(String message, @Nullable String tokenId) {
		this(message, tokenId, null);
	}

	public TokenNotYetValidException(String message, @Nullable String tokenId, @Nullable Throwable cause) {
		super(Reason.NOT_YET_VALID, message, tokenId, cause);
	}

}
