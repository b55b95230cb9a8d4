package dev.tempid.reactive;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

import dev.tempid.Expectation;
import dev.tempid.IssueLimit;
import dev.tempid.IssuedToken;
import dev.tempid.TempIdException;
import dev.tempid.TokenOperation;
import dev.tempid.TokenRequest;
import dev.tempid.TokenRevokedException;
import dev.tempid.TokenService;
import dev.tempid.TokenUsedUpException;
import dev.tempid.Usage;
import dev.tempid.VerifiedToken;
import dev.tempid.store.StoreFeatures;
import dev.tempid.store.StorePlan;
import dev.tempid.store.reactive.ReactiveUseStore;
import reactor.core.publisher.Mono;

/**
 * The reactive face of a {@link TokenService}, for applications on Spring WebFlux: every
 * operation that touches the use store, answered by a {@link Mono} on a
 * {@link ReactiveUseStore}. Each operation is the wrapped service's own
 * ({@link TokenService#operations()}): the same checks with the same keys, purposes,
 * issuer, audience and leeway, the same store calls in the same order (issue limits,
 * subject generations, login codes included), and the same events for the service's
 * listeners; only the store calls are reactive. Verification that touches no store stays
 * a plain call on {@link #tokens()} ({@link TokenService#inspect}), as does issuing a
 * token whose purpose has no issue limit, generation or code (it never touches the store
 * then); {@link #issue} is right for every token.
 *
 * <p>Nothing happens until the returned {@code Mono} is subscribed to; each subscription
 * runs the operation once more. Failures arrive as the {@code Mono}'s error: the
 * {@link TempIdException} the blocking method would throw, and
 * {@link IllegalStateException} or {@link IllegalArgumentException} where it would throw
 * those.
 */
public final class ReactiveTokenService {

	private final TokenService tokens;

	private final ReactiveUseStore store;

	/**
	 * @param tokens the service whose keys, settings and listeners check and observe the
	 * tokens (its own store is not used by this face: share the backend, as the
	 * auto-configuration does, so that both faces count the same uses)
	 * @param store the store this face counts uses in
	 */
	public ReactiveTokenService(TokenService tokens, ReactiveUseStore store) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
		this.store = Objects.requireNonNull(store, "store must not be null");
		StoreFeatures.check(store, ReactiveUseStore.class, tokens.purposes(), tokens.issueLimiter().limitedPurposes());
	}

	/** The wrapped service, for verification that touches no store and for its settings. */
	public TokenService tokens() {
		return this.tokens;
	}

	/** The store this face counts uses in. */
	public ReactiveUseStore store() {
		return this.store;
	}

	/**
	 * {@link TokenService#issue(TokenRequest)}: the purpose's issue limit, the subject's
	 * generation and the login code are kept in the store before the token is sealed.
	 * @return the token; fails with {@link dev.tempid.TooManyIssuedException} beyond the
	 * issue limit
	 */
	public Mono<IssuedToken> issue(TokenRequest request) {
		Objects.requireNonNull(request, "request must not be null");
		return run(() -> this.tokens.operations().issue(request));
	}

	/**
	 * {@link TokenService#verify(String, String)}: reads the store when revocation checks
	 * are on or the token carries a subject generation.
	 */
	public Mono<VerifiedToken> verify(String token, String purpose) {
		return verify(token, Expectation.purpose(purpose));
	}

	/** {@link TokenService#verify(String, Expectation)}. */
	public Mono<VerifiedToken> verify(String token, Expectation expectation) {
		Objects.requireNonNull(expectation, "expectation must not be null");
		return run(() -> this.tokens.operations().verify(token, expectation));
	}

	/**
	 * {@link TokenService#consume(String, String)}: verifies the token and takes one use
	 * of it, atomically, in one round trip to the store.
	 * @return the token; fails with {@link TokenUsedUpException},
	 * {@link TokenRevokedException}, {@link dev.tempid.StoreUnavailableException} or the
	 * verification's {@link TempIdException}
	 */
	public Mono<VerifiedToken> consume(String token, String purpose) {
		return consume(token, Expectation.purpose(purpose));
	}

	/** {@link #consume(String, String)} against an {@link Expectation}. */
	public Mono<VerifiedToken> consume(String token, Expectation expectation) {
		Objects.requireNonNull(expectation, "expectation must not be null");
		return run(() -> this.tokens.operations().consume(token, expectation));
	}

	/**
	 * {@link TokenService#release(VerifiedToken)}: gives back one use of a consumed token.
	 * @return whether a use was given back
	 */
	public Mono<Boolean> release(VerifiedToken token) {
		Objects.requireNonNull(token, "token must not be null");
		return run(() -> this.tokens.operations().release(token));
	}

	/** {@link TokenService#usage(String, String)}: how much of a token has been used. */
	public Mono<Usage> usage(String token, String purpose) {
		Objects.requireNonNull(purpose, "purpose must not be null");
		return run(() -> this.tokens.operations().usage(token, purpose));
	}

	/**
	 * {@link TokenService#revoke(String, String)}: the store remembers it until the token
	 * expires.
	 * @return completes once recorded; fails with {@link IllegalStateException} when
	 * revocation checks are off and the token carries no subject generation (verify would
	 * not see the revocation; nothing is revoked)
	 */
	public Mono<Void> revoke(String token, String purpose) {
		Objects.requireNonNull(purpose, "purpose must not be null");
		return run(() -> this.tokens.operations().revoke(token, purpose)).then();
	}

	/**
	 * {@link TokenService#revoke(VerifiedToken)}: revokes a token that has already been
	 * verified; for a token of a cookie session, every token of the session.
	 * @return completes once recorded; fails with {@link IllegalStateException} when
	 * revocation checks are off and the token carries no subject generation
	 */
	public Mono<Void> revoke(VerifiedToken token) {
		Objects.requireNonNull(token, "token must not be null");
		return run(() -> this.tokens.operations().revoke(token)).then();
	}

	/** {@link TokenService#refresh(String, String)}: a new token with the old one's original lifetime. */
	public Mono<IssuedToken> refresh(String token, String purpose) {
		return refresh(token, Expectation.purpose(purpose));
	}

	/**
	 * {@link TokenService#refresh(String, String, Duration)}: exchanges a valid token for a
	 * new one with the same claims, a new id and a new lifetime. In one atomic store step
	 * the old token ends and hands over its remaining uses; of concurrent refreshes of one
	 * token, one wins.
	 * @throws IllegalArgumentException when {@code ttl} is not positive
	 */
	public Mono<IssuedToken> refresh(String token, String purpose, Duration ttl) {
		return refresh(token, Expectation.purpose(purpose), ttl);
	}

	/**
	 * {@link TokenService#refresh(String, Expectation, Duration)}: a token bound to
	 * application state gets a successor bound to the same state.
	 * @throws IllegalArgumentException when {@code ttl} is not positive
	 */
	public Mono<IssuedToken> refresh(String token, Expectation expectation, Duration ttl) {
		Objects.requireNonNull(expectation, "expectation must not be null");
		Objects.requireNonNull(ttl, "ttl must not be null");
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive");
		}
		return run(() -> this.tokens.operations().refresh(token, expectation, ttl));
	}

	/** {@link #refresh(String, Expectation, Duration)} with the old token's original lifetime. */
	public Mono<IssuedToken> refresh(String token, Expectation expectation) {
		Objects.requireNonNull(expectation, "expectation must not be null");
		return run(() -> this.tokens.operations().refresh(token, expectation));
	}

	/**
	 * {@link TokenService#revokeAll(String)}: ends every token and session of the subject
	 * that carries its generation, for every purpose, on every instance sharing the store.
	 * @return completes once recorded
	 */
	public Mono<Void> revokeAll(String subject) {
		return run(() -> this.tokens.operations().revokeAll(subject)).then();
	}

	/** {@link TokenService#revokeAll(String, String)}: {@link #revokeAll(String)} for one purpose. */
	public Mono<Void> revokeAll(String subject, String purpose) {
		return run(() -> this.tokens.operations().revokeAll(subject, purpose)).then();
	}

	/**
	 * {@link TokenService#consumeCode(String, String, String, String)}: signs in with a
	 * login code, taking the one use it shares with its token in one atomic store step.
	 * @return completes when the code signed in; fails with
	 * {@link dev.tempid.WrongCodeException}, {@link TokenRevokedException} (tries spent,
	 * or the token revoked or superseded) or {@link TokenUsedUpException}
	 */
	public Mono<Void> consumeCode(String purpose, String subject, String address, String code) {
		return run(() -> this.tokens.operations().consumeCode(purpose, subject, address, code)).then();
	}

	/**
	 * {@link dev.tempid.IssueLimiter#acquire(String, String, IssueLimit)} in this face's
	 * store: counts one event of {@code scope} for {@code subject} against {@code limit}
	 * (an application's own limit, such as requests per client address, or the same
	 * counter a purpose's issue limit touches for an address that has no account).
	 * @return completes when allowed; fails with {@link dev.tempid.TooManyIssuedException}
	 * beyond the limit (nothing counted then)
	 */
	public Mono<Void> acquire(String scope, String subject, IssueLimit limit) {
		Objects.requireNonNull(scope, "scope must not be null");
		Objects.requireNonNull(subject, "subject must not be null");
		Objects.requireNonNull(limit, "limit must not be null");
		return Mono.defer(() -> this.store.run(this.tokens.issueLimiter().plan(scope, subject, limit))).then();
	}

	/**
	 * {@link dev.tempid.IssueLimiter#acquire(String, String)}: counts one issuance of the
	 * purpose for the subject when the purpose has an issue limit.
	 */
	public Mono<Void> acquire(String purpose, String subject) {
		Objects.requireNonNull(purpose, "purpose must not be null");
		Objects.requireNonNull(subject, "subject must not be null");
		return Mono.defer(() -> this.store.run(this.tokens.issueLimiter().plan(purpose, subject))).then();
	}

	/**
	 * Runs one of the wrapped service's operations on this face's store: made at
	 * subscription (the listeners hear of its start then), its plan's store calls each
	 * subscribed after the answer to the one before, one event at the end.
	 */
	private <T> Mono<T> run(Supplier<TokenOperation<T>> operations) {
		return Mono.defer(() -> {
			TokenOperation<T> operation = operations.get();
			StorePlan<T> plan;
			try {
				plan = operation.plan();
			}
			catch (TempIdException ex) {
				operation.failed(ex);
				return Mono.error(ex);
			}
			return this.store.run(plan)
				.doOnNext(operation::succeeded)
				.doOnError(TempIdException.class, operation::failed);
		});
	}

	@Override
	public String toString() {
		return "ReactiveTokenService[" + this.tokens + ", store=" + this.store + "]";
	}

}
