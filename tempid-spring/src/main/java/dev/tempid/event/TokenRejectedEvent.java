package dev.tempid.event;

import dev.tempid.Reason;
import dev.tempid.TokenEvent;
import java.util.Objects;

/** A token was refused; {@link #getReason()} says why ({@code EXPIRED} is tempid's on-expire). */
public class TokenRejectedEvent extends TempIdTokenEvent {

	private static final long serialVersionUID = 1L;

	public TokenRejectedEvent(TokenEvent event) {
		super(event);
		Objects.requireNonNull(event.reason(), "a rejection has a reason");
	}

	/** Why the token was refused. */
	public Reason getReason() {
		return Objects.requireNonNull(getTokenEvent().reason());
	}

}
