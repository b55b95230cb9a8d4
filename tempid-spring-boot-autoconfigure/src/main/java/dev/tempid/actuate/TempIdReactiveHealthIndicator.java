package dev.tempid.actuate;

import java.util.Objects;

import dev.tempid.store.reactive.ReactiveUseStore;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.core.NestedExceptionUtils;
import reactor.core.publisher.Mono;

/**
 * The {@code tempidReactive} health of a reactive application: the
 * {@link TempIdHealthIndicator} of its {@link ReactiveUseStore}, checked without blocking.
 * UP when the store answers a ping (the in-memory store always does; the R2DBC store also
 * reads its table), DOWN when it does not, with the store's own reason in the
 * {@code reason} detail. Bounded by the store's own timeout.
 */
public class TempIdReactiveHealthIndicator extends AbstractReactiveHealthIndicator {

	private final ReactiveUseStore store;

	public TempIdReactiveHealthIndicator(ReactiveUseStore store) {
		super("tempid reactive use store health check failed");
		this.store = Objects.requireNonNull(store, "store must not be null");
	}

	@Override
	protected Mono<Health> doHealthCheck(Health.Builder builder) {
		builder.withDetail("store", this.store.getClass().getSimpleName());
		return this.store.ping().then(Mono.fromCallable(() -> builder.up().build())).onErrorResume((ex) -> {
			Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
			String reason = (cause.getMessage() != null) ? cause.getMessage().strip() : cause.getClass().getSimpleName();
			return Mono.just(builder.down(ex).withDetail("reason", reason).build());
		});
	}

}
