package dev.tempid.actuate;

import dev.tempid.store.UseStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code tempid} health: UP when the use store answers a ping (the in-memory store
 * always does), DOWN with the cause when it does not. Bounded by the store's own timeout.
 */
public class TempIdHealthIndicator extends AbstractHealthIndicator {

	private final UseStore store;

	public TempIdHealthIndicator(UseStore store) {
		super("tempid use store health check failed");
		this.store = store;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		this.store.ping();
		builder.up().withDetail("store", this.store.getClass().getSimpleName());
	}

}
