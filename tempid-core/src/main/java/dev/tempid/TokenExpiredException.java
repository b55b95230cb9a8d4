package dev.tempid;

import org.jspecify.annotations.Nullable;

/** The token has expired. Reason {@link Reason#EXPIRED}. */
public final class TokenExpiredException extends TempIdException {

	private static final long serialVersionUID = 1L;

	public TokenExpiredException(String message) {
		this(message, null, null);
	}

	public TokenExpiredException(String message, @Nullable String tokenId) {
		this(message, tokenId, null);
	}

	public TokenExpiredException(String message, @Nullable String tokenId, @Nullable Throwable cause) {
		super(Reason.EXPIRED, message, tokenId, cause);
	}

}
