package dev.tempid.actuate;

import dev.tempid.store.UseStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.core.NestedExceptionUtils;

/**
 * The {@code tempid} health: UP when the use store answers a ping (the in-memory store
 * always does; the JDBC store also reads its table), DOWN when it does not, with the
 * store's own reason (for a database, the message of the driver's exception, such as
 * {@code relation "tempid_uses" does not exist}) in the {@code reason} detail. Bounded
 * by the store's own timeout.
 */
public class TempIdHealthIndicator extends AbstractHealthIndicator {

	private final UseStore store;

	public TempIdHealthIndicator(UseStore store) {
		super("tempid use store health check failed");
		this.store = store;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("store", this.store.getClass().getSimpleName());
		try {
			this.store.ping();
		}
		catch (RuntimeException ex) {
			Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
			String reason = (cause.getMessage() != null) ? cause.getMessage().strip() : cause.getClass().getSimpleName();
			builder.down(ex).withDetail("reason", reason);
			return;
		}
		builder.up();
	}

}
