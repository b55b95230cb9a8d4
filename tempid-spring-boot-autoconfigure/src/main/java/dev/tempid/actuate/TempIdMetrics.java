package dev.tempid.actuate;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.tempid.TokenEvent;
import dev.tempid.TokenListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records every token operation as the timer {@code tempid.tokens} (and so its count)
 * with the tags {@code purpose}, {@code operation} ({@code issue}, {@code verify},
 * {@code consume}, …) and {@code outcome} ({@code success} or the {@code Reason} name).
 *
 * <p>Purposes come from code and configuration, but to keep the tag's cardinality bounded
 * whatever a caller does, only the configured purposes and the first
 * {@value #MAX_DYNAMIC_PURPOSES} others seen are tagged by name; any further purpose is
 * tagged {@code other}.
 */
public class TempIdMetrics implements TokenListener {

	/** The metric's name. */
	public static final String METRIC = "tempid.tokens";

	/** How many purposes beyond the configured ones are tagged by name. */
	public static final int MAX_DYNAMIC_PURPOSES = 32;

	private final MeterRegistry registry;

	private final Set<String> purposes = ConcurrentHashMap.newKeySet();

	private final int limit;

	public TempIdMetrics(MeterRegistry registry, Collection<String> configuredPurposes) {
		this.registry = registry;
		this.purposes.addAll(configuredPurposes);
		this.limit = configuredPurposes.size() + MAX_DYNAMIC_PURPOSES;
	}

	@Override
	public void onEvent(TokenEvent event) {
		Timer.builder(METRIC)
			.description("Token operations of tempid")
			.tag("purpose", purposeTag(event.purpose()))
			.tag("operation", event.operation().name().toLowerCase(Locale.ROOT))
			.tag("outcome", event.outcome())
			.register(this.registry)
			.record(event.elapsed());
	}

	private String purposeTag(String purpose) {
		if (this.purposes.contains(purpose)) {
			return purpose;
		}
		if (this.purposes.size() < this.limit && purpose.length() <= 64) {
			this.purposes.add(purpose);
			return purpose;
		}
		return "other";
	}

}
