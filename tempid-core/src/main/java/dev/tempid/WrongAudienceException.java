package dev.tempid;

import org.jspecify.annotations.Nullable;

/** The token was issued for another audience. Reason {@link Reason#WRONG_AUDIENCE}. */
public final class WrongAudienceException extends TempIdException {

	private static final long serialVersionUID = 1L;

	public WrongAudienceException(String message) {
		this(message, null, null);
	}

	public WrongAudienceException(String message, @Nullable String tokenId) {
		this(message, tokenId, null);
	}

	public WrongAudienceException(String message, @Nullable String tokenId, @Nullable Throwable cause) {
		super(Reason.WRONG_AUDIENCE, message, tokenId, cause);
	}

}
