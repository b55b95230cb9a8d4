package dev.tempid;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One operation of a {@link TokenService}, reported to its {@link TokenListener}s after
 * it finished. Never holds a token value or key material.
 *
 * @param operation what was done
 * @param purpose the purpose the caller asked for (or the token's, when issuing);
 * {@code "*"} for {@link Operation#INSPECT}
 * @param reason why the token was refused, or {@code null} when the operation succeeded
 * @param tokenId the token id, when it is known and authenticated
 * @param subject the token's subject, when known
 * @param at when the operation started, by the service's clock
 * @param elapsed how long it took
 */
public record TokenEvent(Operation operation, String purpose, @Nullable Reason reason, @Nullable String tokenId,
		@Nullable String subject, Instant at, Duration elapsed) {

	/** Whether the operation succeeded. */
	public boolean succeeded() {
		return this.reason == null;
	}

	/** {@code "success"} or the name of the {@link Reason}: the {@code outcome} tag of metrics. */
	public String outcome() {
		return (this.reason != null) ? this.reason.name() : "success";
	}

}
