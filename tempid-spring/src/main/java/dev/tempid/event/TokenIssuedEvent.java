package dev.tempid.event;

import dev.tempid.TokenEvent;

/** A token was issued. */
public class TokenIssuedEvent extends TempIdTokenEvent {

	private static final long serialVersionUID = 1L;

	public TokenIssuedEvent(TokenEvent event) {
		super(event);
	}

}
