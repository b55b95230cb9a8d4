package dev.tempid.security;

import dev.tempid.Reason;
import dev.tempid.TempIdException;

import org.springframework.security.core.AuthenticationException;

/**
 * A refused tempid token, as Spring Security sees it. {@link #reason()} decides the answer
 * (see {@link TempIdAuthenticationEntryPoint}).
 */
public class TempIdAuthenticationException extends AuthenticationException {

	private static final long serialVersionUID = 1L;

	private final Reason reason;

	private final boolean invalidRequest;

	public TempIdAuthenticationException(TempIdException cause) {
		super(cause.getMessage(), cause);
		this.reason = cause.reason();
		this.invalidRequest = false;
	}

	public TempIdAuthenticationException(Reason reason, String message) {
		this(reason, message, false);
	}

	private TempIdAuthenticationException(Reason reason, String message, boolean invalidRequest) {
		super(message);
		this.reason = reason;
		this.invalidRequest = invalidRequest;
	}

	/** The request itself is malformed (two tokens, a broken {@code Authorization} header): RFC 6750 {@code invalid_request}. */
	public static TempIdAuthenticationException invalidRequest(String message) {
		return new TempIdAuthenticationException(Reason.MALFORMED, message, true);
	}

	/** Whether the request, rather than the token, is malformed. */
	public boolean isInvalidRequest() {
		return this.invalidRequest;
	}

	/** Why the token was refused. */
	public Reason reason() {
		return this.reason;
	}

}
