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

	public TempIdAuthenticationException(TempIdException cause) {
		super(cause.getMessage(), cause);
		this.reason = cause.reason();
	}

	public TempIdAuthenticationException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	/** Why the token was refused. */
	public Reason reason() {
		return this.reason;
	}

}
