package dev.tempid.event;

import dev.tempid.TokenEvent;
import org.springframework.context.ApplicationEvent;

/**
 * The root of tempid's application events. Its source is the {@link TokenEvent}; it never
 * holds a token value.
 */
public abstract class TempIdTokenEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	protected TempIdTokenEvent(TokenEvent event) {
		super(event);
	}

	/** What happened: operation, purpose, token id, subject, outcome, timing. */
	public TokenEvent getTokenEvent() {
		return (TokenEvent) getSource();
	}

}
