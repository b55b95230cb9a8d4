package dev.tempid.event;

import dev.tempid.TokenEvent;

/** A token was revoked. */
public class TokenRevokedEvent extends TempIdTokenEvent {

	private static final long serialVersionUID = 1L;

	public TokenRevokedEvent(TokenEvent event) {
		super(event);
	}

}
