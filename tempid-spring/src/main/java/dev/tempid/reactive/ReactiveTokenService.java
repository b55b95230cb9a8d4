package dev.tempid.reactive;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import dev.tempid.Expectation;
import dev.tempid.IssuedToken;
import dev.tempid.Operation;
import dev.tempid.Reason;
import dev.tempid.TempIdException;
import dev.tempid.TokenEvent;
import dev.tempid.TokenListener;
import dev.tempid.TokenRevokedException;
import dev.tempid.TokenService;
import dev.tempid.TokenUsedUpException;
import dev.tempid.Usage;
import dev.tempid.VerifiedToken;
import dev.tempid.store.reactive.ReactiveUseStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The reactive face of a {@link TokenService}: the operations that touch the use store
 * (consume, release, usage, revoke, refresh, and verify when revocation checks are on)
 * answered by a {@link Mono} on a {@link ReactiveUseStore}, for applications on Spring
 * WebFlux. Everything a token carries is checked by the wrapped service, with its keys,
 * purposes, issuer, audience and leeway; only the store step is reactive. Issuing and
 * verification that touches no store stay plain calls on {@link #tokens()}: they take
 * microseconds and never block.
 *
 * <p>The wrapped service's listeners hear of every operation, as they do of the blocking
 * ones. Nothing happens until the returned {@code Mono} is subscribed to.
 */
public final class ReactiveTokenService {

	private final TokenService tokens;

	private final ReactiveUseStore store;

	/**
	 * @param tokens the service whose keys and settings check the tokens (its own store is
	 * not used by this face)
	 * @param store the store this face counts uses in
	 */
	public ReactiveTokenService(TokenService tokens, ReactiveUseStore store) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
		this.store = Objects.requireNonNull(store, "store must not be null");
	}

	/** The wrapped service, for issuing and for verification that touches no store. */
	public TokenService tokens() {
		return this.tokens;
	}

	/** The store this face counts uses in. */
	public ReactiveUseStore store() {
		return this.store;
	}

	/** {@link TokenService#verify(String, String)}: reads the store only when revocation checks are on. */
	public Mono<VerifiedToken> verify(String token, String purpose) {
		return verify(token, Expectation.purpose(purpose));
	}

	/** {@link TokenService#verify(String, Expectation)}: reads the store only when revocation checks are on. */
	public Mono<VerifiedToken> verify(String token, Expectation expectation) {
		return observed(Operation.VERIFY, expectation.purpose(), null, () -> {
			VerifiedToken verified = this.tokens.verifyWithoutStore(token, expectation);
			if (!this.tokens.revocationChecks()) {
				return Mono.just(verified);
			}
			return this.store.usage(verified.id()).handle((state, sink) -> {
				if (state.revoked()) {
					sink.error(new TokenRevokedException("the token was revoked", verified.id()));
				}
				else {
					sink.next(verified);
				}
			});
		}, VerifiedToken::id, VerifiedToken::subject);
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
		return observed(Operation.CONSUME, expectation.purpose(), null, () -> {
			// every consume reads the store, tokens without a use limit too, as TokenService's does
			VerifiedToken verified = this.tokens.verifyWithoutStore(token, expectation);
			return this.store.consume(verified.id(), verified.maxUses(), this.tokens.storeTtlOf(verified))
				.map((decision) -> this.tokens.consumed(verified, decision));
		}, VerifiedToken::id, VerifiedToken::subject);
	}

	/**
	 * {@link TokenService#release(VerifiedToken)}: gives back one use of a consumed token.
	 * @return whether a use was given back
	 */
	public Mono<Boolean> release(VerifiedToken token) {
		Objects.requireNonNull(token, "token must not be null");
		return observed(Operation.RELEASE, token.purpose(), token, () -> this.store.release(token.id()),
				(released) -> token.id(), (released) -> token.subject());
	}

	/** {@link TokenService#usage(String, String)}: how much of a token has been used. */
	public Mono<Usage> usage(String token, String purpose) {
		return observed(Operation.USAGE, purpose, null, () -> {
			VerifiedToken verified = this.tokens.verifyWithoutStore(token, Expectation.purpose(purpose));
			return this.store.usage(verified.id())
				.map((record) -> new UsageOf(new Usage(verified.maxUses(), record.used(), record.revoked()), verified));
		}, (usage) -> usage.token().id(), (usage) -> usage.token().subject()).map(UsageOf::usage);
	}

	/**
	 * {@link TokenService#revoke(String, String)}: the store remembers it until the token
	 * expires.
	 * @throws IllegalStateException when revocation checks are off (verify would not see
	 * the revocation), before anything is subscribed
	 */
	public Mono<Void> revoke(String token, String purpose) {
		this.tokens.requireRevocationChecks("revoke");
		return observed(Operation.REVOKE, purpose, null, () -> {
			VerifiedToken verified = this.tokens.verifyWithoutStore(token, Expectation.purpose(purpose));
			return this.store.revoke(verified.id(), this.tokens.storeTtlOf(verified)).thenReturn(verified);
		}, VerifiedToken::id, VerifiedToken::subject).then();
	}

	/**
	 * {@link TokenService#revoke(VerifiedToken)}: revokes a token that has already been
	 * verified.
	 * @throws IllegalStateException when revocation checks are off
	 */
	public Mono<Void> revoke(VerifiedToken token) {
		Objects.requireNonNull(token, "token must not be null");
		this.tokens.requireRevocationChecks("revoke");
		return observed(Operation.REVOKE, token.purpose(), token,
				() -> this.store.revoke(token.id(), this.tokens.storeTtlOf(token)).thenReturn(token),
				VerifiedToken::id, VerifiedToken::subject)
			.then();
	}

	/** {@link TokenService#refresh(String, String)}: a new token with the old one's original lifetime. */
	public Mono<IssuedToken> refresh(String token, String purpose) {
		return doRefresh(token, Expectation.purpose(purpose), null);
	}

	/**
	 * {@link TokenService#refresh(String, String, Duration)}: exchanges a valid token for a
	 * new one with the same claims, a new id and a new lifetime. In one atomic store step
	 * ({@link ReactiveUseStore#retire}) the old token ends and hands over its remaining
	 * uses; of concurrent refreshes of one token, one wins.
	 * @throws IllegalStateException (when subscribed) when the token has no use limit and
	 * revocation checks are off
	 */
	public Mono<IssuedToken> refresh(String token, String purpose, Duration ttl) {
		return refresh(token, Expectation.purpose(purpose), ttl);
	}

	/**
	 * {@link TokenService#refresh(String, Expectation, Duration)}: a token bound to
	 * application state gets a successor bound to the same state.
	 */
	public Mono<IssuedToken> refresh(String token, Expectation expectation, Duration ttl) {
		Objects.requireNonNull(ttl, "ttl must not be null");
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive");
		}
		return doRefresh(token, expectation, ttl);
	}

	/** {@link #refresh(String, Expectation, Duration)} with the old token's original lifetime. */
	public Mono<IssuedToken> refresh(String token, Expectation expectation) {
		return doRefresh(token, expectation, null);
	}

	private Mono<IssuedToken> doRefresh(String token, Expectation expectation, @Nullable Duration ttl) {
		Objects.requireNonNull(expectation, "expectation must not be null");
		return observed(Operation.REFRESH, expectation.purpose(), null, () -> {
			VerifiedToken old = this.tokens.verifyWithoutStore(token, expectation);
			if (old.maxUses() == 0) {
				this.tokens.requireRevocationChecks("refresh a token without a use limit");
			}
			return this.store.retire(old.id(), old.maxUses(), this.tokens.storeTtlOf(old))
				.map((decision) -> new Refreshed(this.tokens.successor(old, expectation, decision, ttl),
						old.subject()));
		}, (refreshed) -> refreshed.token().id(), Refreshed::subject).map(Refreshed::token);
	}

	/**
	 * Runs a store-touching operation and tells the wrapped service's listeners how it
	 * went, as the blocking operations do: started at subscription, one event at the end.
	 */
	private <T> Mono<T> observed(Operation operation, String purpose, @Nullable VerifiedToken known,
			StoreStep<T> step, Function<T, @Nullable String> tokenId, Function<T, @Nullable String> subject) {
		List<TokenListener> listeners = this.tokens.listeners();
		if (listeners.isEmpty()) {
			return Mono.defer(step::run);
		}
		return Mono.defer(() -> {
			long started = System.nanoTime();
			Instant at = this.tokens.clock().instant();
			@Nullable Object[] contexts = new Object[listeners.size()];
			for (int i = 0; i < contexts.length; i++) {
				try {
					contexts[i] = listeners.get(i).onStart(operation, purpose);
				}
				catch (RuntimeException ex) {
					// observing must never break a token flow
				}
			}
			return Mono.defer(step::run)
				.doOnNext((result) -> publish(listeners, contexts, new TokenEvent(operation, purpose, null,
						tokenId.apply(result), subject.apply(result), at, Duration.ofNanos(System.nanoTime() - started))))
				.doOnError(TempIdException.class, (ex) -> publish(listeners, contexts,
						new TokenEvent(operation, purpose, ex.reason(), (known != null) ? known.id() : ex.tokenId(),
								(known != null) ? known.subject() : null, at,
								Duration.ofNanos(System.nanoTime() - started))));
		});
	}

	private static void publish(List<TokenListener> listeners, @Nullable Object[] contexts, TokenEvent event) {
		for (int i = 0; i < contexts.length; i++) {
			try {
				listeners.get(i).onEvent(event, contexts[i]);
			}
			catch (RuntimeException ex) {
				// observing must never break a token flow
			}
		}
	}

	@Override
	public String toString() {
		return "ReactiveTokenService[" + this.tokens + ", store=" + this.store + "]";
	}

	@FunctionalInterface
	private interface StoreStep<T> {

		Mono<T> run();

	}

	private record UsageOf(Usage usage, VerifiedToken token) {

	}

	private record Refreshed(IssuedToken token, @Nullable String subject) {

	}

}
