package dev.tempid.security;

import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Published when a tempid token is refused by the bearer filter or magic-link login. The
 * exception is a {@link TempIdAuthenticationException}, whose reason says why.
 */
public class TempIdAuthenticationFailureEvent extends AbstractAuthenticationFailureEvent {

	private static final long serialVersionUID = 1L;

	public TempIdAuthenticationFailureEvent(Authentication authentication, AuthenticationException exception) {
		super(authentication, exception);
	}

}
