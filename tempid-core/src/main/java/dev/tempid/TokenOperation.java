package dev.tempid;

import java.util.Objects;

import dev.tempid.TokenListeners.Observation;
import dev.tempid.store.StorePlan;
import dev.tempid.store.UseStore;
import org.jspecify.annotations.Nullable;

/**
 * One operation of a {@link TokenService} that needs its use store, observed by the
 * service's listeners: the operation's {@link StorePlan} and the report of how it ended.
 * The blocking methods of {@code TokenService} are {@code operations().x(...).runOn(store)};
 * a face of the service that talks to its store another way (tempid-spring's
 * {@code ReactiveTokenService}) runs the same plan itself, so that both take the same
 * steps, check the same answers and tell listeners the same events:
 *
 * <pre>{@code
 * TokenOperation<VerifiedToken> operation = tokens.operations().consume(token, expectation);
 * try {
 *     VerifiedToken result = run(operation.plan());      // each StoreCall, in order
 *     return operation.succeeded(result);
 * }
 * catch (TempIdException ex) {
 *     operation.failed(ex);
 *     throw ex;
 * }
 * }</pre>
 *
 * The listeners are told of the start when the operation is made (make it when the work
 * starts), and of the end by exactly one call of {@link #succeeded} or {@link #failed}.
 * Not thread-safe: one operation is run once.
 *
 * @param <T> the operation's result
 */
public final class TokenOperation<T> {

	private final Observation observation;

	private final Planner<T> planner;

	/** Whether a failure is reported with the token and subject known from the start. */
	private final boolean knownOnFailure;

	private final @Nullable String knownId;

	private final @Nullable String knownSubject;

	private @Nullable String reportedId;

	private @Nullable String reportedSubject;

	private TokenOperation(Observation observation, Planner<T> planner, boolean knownOnFailure,
			@Nullable String knownId, @Nullable String knownSubject) {
		this.observation = observation;
		this.planner = planner;
		this.knownOnFailure = knownOnFailure;
		this.knownId = knownId;
		this.knownSubject = knownSubject;
		this.reportedId = knownId;
		this.reportedSubject = knownSubject;
	}

	/** An operation on a token not known yet: a failure reports the exception's token id. */
	static <T> TokenOperation<T> of(Observation observation, Planner<T> planner) {
		return new TokenOperation<>(observation, planner, false, null, null);
	}

	/** An operation on a known token or subject: a failure reports them. */
	static <T> TokenOperation<T> known(Observation observation, @Nullable String tokenId, @Nullable String subject,
			Planner<T> planner) {
		return new TokenOperation<>(observation, planner, true, tokenId, subject);
	}

	/**
	 * Checks what needs no store (the token's tag or signature, lifetime, purpose and the
	 * rest) and returns the store calls left.
	 * @throws TempIdException when the token or request is refused before any store call
	 * (report it with {@link #failed})
	 */
	public StorePlan<T> plan() {
		return this.planner.plan(this);
	}

	/** Tells the listeners the operation succeeded with {@code result}, and returns it. */
	public T succeeded(T result) {
		Objects.requireNonNull(result, "result must not be null");
		this.observation.succeeded(this.reportedId, this.reportedSubject);
		return result;
	}

	/** Tells the listeners the operation failed. */
	public void failed(TempIdException ex) {
		Objects.requireNonNull(ex, "ex must not be null");
		if (this.knownOnFailure) {
			this.observation.failed(ex, this.knownId, this.knownSubject);
		}
		else {
			this.observation.failed(ex);
		}
	}

	/** Runs the operation on a blocking store, telling the listeners how it ended. */
	public T runOn(UseStore store) {
		try {
			return succeeded(plan().runOn(store));
		}
		catch (TempIdException ex) {
			failed(ex);
			throw ex;
		}
	}

	/** The token id and subject a success reports (once the token is read). */
	void report(@Nullable String tokenId, @Nullable String subject) {
		this.reportedId = tokenId;
		this.reportedSubject = subject;
	}

	/** Makes an operation's plan; may name the token it reports. */
	@FunctionalInterface
	interface Planner<T> {

		StorePlan<T> plan(TokenOperation<T> operation);

	}

}
