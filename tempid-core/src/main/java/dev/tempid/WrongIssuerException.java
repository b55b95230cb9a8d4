package dev.tempid;

import org.jspecify.annotations.Nullable;

/** The token was issued by another issuer. Reason {@link Reason#WRONG_ISSUER}. */
public final class WrongIssuerException extends TempIdException {

	private static final long serialVersionUID = 1L;

	public WrongIssuerException(String message) {
		this(message, null, null);
	}

	public WrongIssuerException(String message, @Nullable String tokenId) {
		this(message, tokenId, null);
	}

	public WrongIssuerException(String message, @Nullable String tokenId, @Nullable Throwable cause) {
		super(Reason.WRONG_ISSUER, message, tokenId, cause);
	}

}
