package dev.tempid;

import org.jspecify.annotations.Nullable;

/** The use store could not be reached; consuming fails closed. Reason {@link Reason#STORE_UNAVAILABLE}. */
public final class StoreUnavailableException extends TempIdException {

	private static final long serialVersionUID = 1L;

	public StoreUnavailableException(String message) {
		this(message, null, null);
	}

	public StoreUnavailableException(String message, @Nullable String tokenId) {
		this(message, tokenId, null);
	}

	public StoreUnavailableException(String message, @Nullable String tokenId, @Nullable Throwable cause) {
		super(Reason.STORE_UNAVAILABLE, message, tokenId, cause);
	}

}
