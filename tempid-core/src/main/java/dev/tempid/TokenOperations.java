package dev.tempid;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The operations of a {@link TokenService} that need its use store, each as a
 * {@link TokenOperation}: its store plan and its report to the service's listeners. The
 * service's blocking methods run these very operations on its store; a face of the
 * service that talks to a store another way (tempid-spring's {@code ReactiveTokenService},
 * on a reactive store) runs them itself, so that both check the same things, make the same
 * store calls in the same order and tell listeners the same events. Obtained from
 * {@link TokenService#operations()}; each method makes a new operation and tells the
 * listeners it starts, so call it when the work starts. Thread-safe.
 */
public final class TokenOperations {

	private final TokenService tokens;

	private final TokenListeners listeners;

	TokenOperations(TokenService tokens, TokenListeners listeners) {
		this.tokens = tokens;
		this.listeners = listeners;
	}

	/** {@link TokenService#issue(TokenRequest)}. */
	public TokenOperation<IssuedToken> issue(TokenRequest request) {
		Objects.requireNonNull(request, "request must not be null");
		Instant now = this.tokens.clock().instant().truncatedTo(ChronoUnit.SECONDS);
		return TokenOperation.known(this.listeners.start(Operation.ISSUE, request.purpose(), now), null,
				request.subject(), (operation) -> this.tokens.issuePlan(request, now).map((token) -> {
					operation.report(token.id(), request.subject());
					return token;
				}));
	}

	/** {@link TokenService#verify(String, Expectation)}: reads the store only for revocation checks or a generation. */
	public TokenOperation<VerifiedToken> verify(@Nullable String token, Expectation expectation) {
		Objects.requireNonNull(expectation, "expectation must not be null");
		Instant now = this.tokens.clock().instant();
		return TokenOperation.of(this.listeners.start(Operation.VERIFY, expectation.purpose(), now),
				(operation) -> this.tokens.verifyPlan(token, expectation, now, operation));
	}

	/** {@link TokenService#consume(String, Expectation)}. */
	public TokenOperation<VerifiedToken> consume(@Nullable String token, Expectation expectation) {
		Objects.requireNonNull(expectation, "expectation must not be null");
		Instant now = this.tokens.clock().instant();
		return TokenOperation.of(this.listeners.start(Operation.CONSUME, expectation.purpose(), now),
				(operation) -> this.tokens.consumePlan(token, expectation, now, operation));
	}

	/** {@link TokenService#release(VerifiedToken)}: answers whether a use was given back. */
	public TokenOperation<Boolean> release(VerifiedToken token) {
		Objects.requireNonNull(token, "token must not be null");
		return TokenOperation.known(
				this.listeners.start(Operation.RELEASE, token.purpose(), this.tokens.clock().instant()), token.id(),
				token.subject(), (operation) -> this.tokens.releasePlan(token));
	}

	/** {@link TokenService#usage(String, String)}. */
	public TokenOperation<Usage> usage(@Nullable String token, String purpose) {
		Objects.requireNonNull(purpose, "purpose must not be null");
		Instant now = this.tokens.clock().instant();
		return TokenOperation.of(this.listeners.start(Operation.USAGE, purpose, now),
				(operation) -> this.tokens.usagePlan(token, purpose, now, operation));
	}

	/**
	 * {@link TokenService#revoke(String, String)}: answers {@code true} once recorded. The
	 * plan throws {@link IllegalStateException} when revocation checks are off and the
	 * token carries no subject generation.
	 */
	public TokenOperation<Boolean> revoke(@Nullable String token, String purpose) {
		Objects.requireNonNull(purpose, "purpose must not be null");
		Instant now = this.tokens.clock().instant();
		return TokenOperation.of(this.listeners.start(Operation.REVOKE, purpose, now),
				(operation) -> this.tokens.revokePlan(token, purpose, now, operation));
	}

	/**
	 * {@link TokenService#revoke(VerifiedToken)}: answers {@code true} once recorded.
	 * @throws IllegalStateException when revocation checks are off and the token carries
	 * no subject generation (before any listener is told)
	 */
	public TokenOperation<Boolean> revoke(VerifiedToken token) {
		this.tokens.checkRevocable(token);
		Instant now = this.tokens.clock().instant();
		return TokenOperation.known(this.listeners.start(Operation.REVOKE, token.purpose(), now), token.id(),
				token.subject(), (operation) -> this.tokens.revokePlan(token, now));
	}

	/**
	 * {@link TokenService#refresh(String, Expectation, Duration)}.
	 * @throws IllegalArgumentException when {@code ttl} is not positive
	 */
	public TokenOperation<IssuedToken> refresh(@Nullable String token, Expectation expectation, Duration ttl) {
		return doRefresh(token, expectation, TokenService.checkRefreshTtl(ttl));
	}

	/** {@link TokenService#refresh(String, Expectation)}: the old token's original lifetime. */
	public TokenOperation<IssuedToken> refresh(@Nullable String token, Expectation expectation) {
		return doRefresh(token, expectation, null);
	}

	private TokenOperation<IssuedToken> doRefresh(@Nullable String token, Expectation expectation,
			@Nullable Duration ttl) {
		Objects.requireNonNull(expectation, "expectation must not be null");
		Instant now = this.tokens.clock().instant();
		return TokenOperation.of(this.listeners.start(Operation.REFRESH, expectation.purpose(), now),
				(operation) -> this.tokens.refreshPlan(token, expectation, ttl, now, operation));
	}

	/** {@link TokenService#revokeAll(String)}: answers {@code true} once recorded. */
	public TokenOperation<Boolean> revokeAll(String subject) {
		return doRevokeAll(TokenRequest.checkName("subject", subject), null);
	}

	/** {@link TokenService#revokeAll(String, String)}: answers {@code true} once recorded. */
	public TokenOperation<Boolean> revokeAll(String subject, String purpose) {
		return doRevokeAll(TokenRequest.checkName("subject", subject), TokenRequest.checkName("purpose", purpose));
	}

	private TokenOperation<Boolean> doRevokeAll(String subject, @Nullable String purpose) {
		return TokenOperation.known(this.listeners.start(Operation.REVOKE, (purpose != null) ? purpose : "*",
				this.tokens.clock().instant()), null, subject,
				(operation) -> this.tokens.revokeAllPlan(subject, purpose));
	}

	/**
	 * {@link TokenService#consumeCode(String, String, String, String)}: answers {@code true}
	 * when the code signed in.
	 */
	public TokenOperation<Boolean> consumeCode(String purpose, String subject, String address, String code) {
		TokenRequest.checkName("purpose", purpose);
		TokenRequest.checkName("subject", subject);
		TokenRequest.checkName("address", address);
		Objects.requireNonNull(code, "code must not be null");
		return TokenOperation.known(this.listeners.start(Operation.CONSUME, purpose, this.tokens.clock().instant()),
				null, subject, (operation) -> this.tokens.consumeCodePlan(purpose, subject, address, code));
	}

	@Override
	public String toString() {
		return "TokenOperations[" + this.tokens + "]";
	}

}
