package dev.tempid;

import org.jspecify.annotations.Nullable;

/** The token's tag or signature does not check. Reason {@link Reason#BAD_SIGNATURE}. */
public final class BadSignatureException extends TempIdException {

	private static final long serialVersionUID = 1L;

	public BadSignatureException(String message) {
		this(message, null, null);
	}

	public BadSignatureException(String message, @Nullable String tokenId) {
		this(message, tokenId, null);
	}

	public BadSignatureException(String message, @Nullable String tokenId, @Nullable Throwable cause) {
		super(Reason.BAD_SIGNATURE, message, tokenId, cause);
	}

}
