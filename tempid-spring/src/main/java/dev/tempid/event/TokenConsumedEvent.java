package dev.tempid.event;

import dev.tempid.TokenEvent;

/** One use of a token was taken. */
public class TokenConsumedEvent extends TempIdTokenEvent {

	private static final long serialVersionUID = 1L;

	public TokenConsumedEvent(TokenEvent event) {
		super(event);
	}

}
