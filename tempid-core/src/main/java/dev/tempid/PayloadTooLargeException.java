package dev.tempid;

import org.jspecify.annotations.Nullable;

/** The application payload is over the configured limit. Reason {@link Reason#PAYLOAD_TOO_LARGE}. */
public final class PayloadTooLargeException extends TempIdException {

	private static final long serialVersionUID = 1L;

	public PayloadTooLargeException(String message) {
		this(message, null, null);
	}

	public PayloadTooLargeException(String message, @Nullable String tokenId) {
		this(message, tokenId, null);
	}

	public PayloadTooLargeException(String message, @Nullable String tokenId, @Nullable Throwable cause) {
		super(Reason.PAYLOAD_TOO_LARGE, message, tokenId, cause);
	}

}
