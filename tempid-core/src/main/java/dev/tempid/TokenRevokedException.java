package dev.tempid;

import org.jspecify.annotations.Nullable;

/** The token was revoked. Reason {@link Reason#REVOKED}. */
public final class TokenRevokedException extends TempIdException {

	private static final long serialVersionUID = 1L;

	public TokenRevokedException(String message) {
		this(message, null, null);
	}

	public TokenRevokedException(String message, @Nullable String tokenId) {
		this(message, tokenId, null);
	}

	public TokenRevokedException(String message, @Nullable String tokenId, @Nullable Throwable cause) {
		super(Reason.REVOKED, message, tokenId, cause);
	}

}
