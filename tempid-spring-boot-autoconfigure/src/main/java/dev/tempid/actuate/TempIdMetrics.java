package dev.tempid.actuate;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.tempid.Operation;
import dev.tempid.TokenEvent;
import dev.tempid.TokenListener;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Observes every token operation as the Micrometer {@link Observation} {@code tempid.tokens}
 * (and so, with a meter handler, a timer of that name with its counts, and a span with a
 * tracer) with the low-cardinality keys {@code purpose}, {@code operation}
 * ({@code issue}, {@code verify}, {@code consume}, …) and {@code outcome}
 * ({@code success} or the {@code Reason} name). The observation starts when the
 * operation starts and stops when it ends.
 *
 * <p>Purposes come from code and configuration, but to keep the key's cardinality bounded
 * whatever a caller does, only the configured purposes and the first
 * {@value #MAX_DYNAMIC_PURPOSES} others seen are named; any further purpose is
 * {@code other}.
 */
public class TempIdMetrics implements TokenListener {

	/** The observation's (and the timer's) name. */
	public static final String METRIC = "tempid.tokens";

	/** How many purposes beyond the configured ones are named. */
	public static final int MAX_DYNAMIC_PURPOSES = 32;

	private final ObservationRegistry registry;

	private final Set<String> purposes = ConcurrentHashMap.newKeySet();

	private final int limit;

	public TempIdMetrics(ObservationRegistry registry, Collection<String> configuredPurposes) {
		this.registry = registry;
		this.purposes.addAll(configuredPurposes);
		this.limit = configuredPurposes.size() + MAX_DYNAMIC_PURPOSES;
	}

	@Override
	public @Nullable Object onStart(Operation operation, String purpose) {
		return Observation.createNotStarted(METRIC, this.registry)
			.contextualName("tempid " + operation.name().toLowerCase(Locale.ROOT))
			.lowCardinalityKeyValue("purpose", purposeTag(purpose))
			.lowCardinalityKeyValue("operation", operation.name().toLowerCase(Locale.ROOT))
			.start();
	}

	@Override
	public void onEvent(TokenEvent event, @Nullable Object context) {
		if (context instanceof Observation observation) {
			observation.lowCardinalityKeyValue("outcome", event.outcome()).stop();
		}
	}

	@Override
	public void onEvent(TokenEvent event) {
		// everything happens in onEvent(event, context)
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
