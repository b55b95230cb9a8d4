package dev.tempid;

import org.jspecify.annotations.Nullable;

/**
 * The root of every tempid failure. Catch this one type; {@link #reason()} tells why.
 *
 * <p>Messages never contain a token value or key material. {@link #tokenId()} is the
 * token's {@code jti}, known only once the token's tag or signature has been checked.
 */
public abstract sealed class TempIdException extends RuntimeException
		permits MalformedTokenException, BadSignatureException, UnknownKeyException, TokenExpiredException,
		TokenNotYetValidException, WrongPurposeException, WrongAudienceException, WrongIssuerException,
		TokenUsedUpException, TokenRevokedException, StateChangedException, PayloadTooLargeException,
		StoreUnavailableException, WrongCodeException, TooManyIssuedException {

	private static final long serialVersionUID = 1L;

	private final Reason reason;

	private final @Nullable String tokenId;

	TempIdException(Reason reason, String message, @Nullable String tokenId, @Nullable Throwable cause) {
		super(message, cause);
		this.reason = reason;
		this.tokenId = tokenId;
	}

	/** Why the token was refused. */
	public Reason reason() {
		return this.reason;
	}

	/** The token id ({@code jti}) when it is known and authenticated, otherwise {@code null}. */
	public @Nullable String tokenId() {
		return this.tokenId;
	}

	@Override
	public String getMessage() {
		String message = super.getMessage();
		return (this.tokenId != null) ? message + " [token " + this.tokenId + "]" : message;
	}

}
