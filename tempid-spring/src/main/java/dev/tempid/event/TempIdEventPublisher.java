package dev.tempid.event;

import dev.tempid.TokenEvent;
import dev.tempid.TokenListener;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes {@link TokenIssuedEvent}, {@link TokenConsumedEvent}, {@link TokenRevokedEvent}
 * and, for every refusal, {@link TokenRejectedEvent} as Spring application events.
 */
public class TempIdEventPublisher implements TokenListener {

	private final ApplicationEventPublisher publisher;

	public TempIdEventPublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void onEvent(TokenEvent event) {
		if (!event.succeeded()) {
			this.publisher.publishEvent(new TokenRejectedEvent(event));
			return;
		}
		switch (event.operation()) {
			case ISSUE, REFRESH -> this.publisher.publishEvent(new TokenIssuedEvent(event));
			case CONSUME -> this.publisher.publishEvent(new TokenConsumedEvent(event));
			case REVOKE -> this.publisher.publishEvent(new TokenRevokedEvent(event));
			default -> {
			}
		}
	}

}
