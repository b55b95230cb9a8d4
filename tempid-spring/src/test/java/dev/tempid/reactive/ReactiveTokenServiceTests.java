package dev.tempid.reactive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tempid.Expectation;
import dev.tempid.IssuedToken;
import dev.tempid.LocalKey;
import dev.tempid.PurposePolicy;
import dev.tempid.Reason;
import dev.tempid.StateChangedException;
import dev.tempid.TempIdException;
import dev.tempid.TokenEvent;
import dev.tempid.TokenRequest;
import dev.tempid.TokenRevokedException;
import dev.tempid.TokenService;
import dev.tempid.TokenUsedUpException;
import dev.tempid.VerifiedToken;
import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.reactive.InMemoryReactiveUseStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The store steps of {@link ReactiveTokenService}, mirroring {@link TokenService}'s: one
 * atomic {@code retire} per refresh, revocation refused while checks are off, every
 * consume read from the store.
 */
class ReactiveTokenServiceTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final InMemoryUseStore memory = new InMemoryUseStore();

	private ReactiveTokenService service(boolean revocationChecks) {
		TokenService tokens = TokenService.builder()
			.localKey(LocalKey.generate())
			.store(this.memory)
			.revocationChecks(revocationChecks)
			.build();
		return new ReactiveTokenService(tokens, new InMemoryReactiveUseStore(this.memory));
	}

	private static IssuedToken issue(ReactiveTokenService service, int maxUses) {
		TokenRequest.Builder request = TokenRequest.forPurpose("p").subject("alice");
		return service.tokens().issue(((maxUses > 0) ? request.maxUses(maxUses) : request).build());
	}

	@Test
	void refreshWhenUsesAreLeftThenSuccessorCarriesThemAndTheOldTokenEnds() {
		ReactiveTokenService service = service(false);
		IssuedToken old = issue(service, 3);
		service.consume(old.value(), "p").block(WAIT);
		IssuedToken renewed = service.refresh(old.value(), "p", Duration.ofMinutes(5)).block(WAIT);
		assertThat(renewed.maxUses()).isEqualTo(2);
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> service.consume(old.value(), "p").block(WAIT));
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> service.refresh(old.value(), "p").block(WAIT));
		assertThat(service.consume(renewed.value(), "p").block(WAIT).usesLeft()).isEqualTo(1);
	}

	@Test
	void refreshWhenUsedUpThenRefusedAndNothingIssued() {
		ReactiveTokenService service = service(false);
		IssuedToken old = issue(service, 1);
		service.consume(old.value(), "p").block(WAIT);
		assertThatExceptionOfType(TokenUsedUpException.class)
			.isThrownBy(() -> service.refresh(old.value(), "p").block(WAIT));
		assertThat(this.memory.usage(old.id()).revoked()).isFalse();
	}

	@ParameterizedTest(name = "maxUses {0}")
	@ValueSource(ints = { 0, 2 })
	void refreshWhenManySubscribersRaceThenExactlyOneWins(int maxUses) {
		ReactiveTokenService service = service(true);
		for (int round = 0; round < 20; round++) {
			IssuedToken old = issue(service, maxUses);
			List<Mono<Optional<IssuedToken>>> racers = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				racers.add(service.refresh(old.value(), "p")
					.map(Optional::of)
					.onErrorResume(TokenRevokedException.class, (ex) -> Mono.just(Optional.empty()))
					.subscribeOn(Schedulers.parallel()));
			}
			List<Optional<IssuedToken>> results = Flux.merge(racers).collectList().block(WAIT);
			assertThat(results.stream().filter(Optional::isPresent).count()).as("round %d", round).isEqualTo(1);
		}
	}

	@Test
	void refreshWhenBoundToStateThenSuccessorIsBoundToTheSameState() {
		ReactiveTokenService service = service(false);
		IssuedToken old = service.tokens()
			.issue(TokenRequest.forPurpose("p").subject("alice").maxUses(2).bindTo("hash-1").build());
		IssuedToken renewed = service.refresh(old.value(), Expectation.purpose("p").state("hash-1")).block(WAIT);
		assertThat(service.verify(renewed.value(), Expectation.purpose("p").state("hash-1")).block(WAIT).id())
			.isEqualTo(renewed.id());
		assertThatExceptionOfType(StateChangedException.class).isThrownBy(
				() -> service.verify(renewed.value(), Expectation.purpose("p").state("hash-2")).block(WAIT));
	}

	@Test
	void refreshWhenUnlimitedAndRevocationChecksOffThenIllegalState() {
		ReactiveTokenService service = service(false);
		IssuedToken old = issue(service, 0);
		assertThatIllegalStateException().isThrownBy(() -> service.refresh(old.value(), "p").block(WAIT));
		assertThat(this.memory.usage(old.id()).revoked()).isFalse();
	}

	@Test
	void revokeWhenRevocationChecksOffThenIllegalStateAndNothingRevoked() {
		ReactiveTokenService service = service(false);
		IssuedToken token = issue(service, 0);
		Mono<Void> revoke = service.revoke(token.value(), "p");
		assertThatIllegalStateException().isThrownBy(() -> revoke.block(WAIT));
		VerifiedToken verified = service.tokens().verify(token.value(), "p");
		assertThatIllegalStateException().isThrownBy(() -> service.revoke(verified).block(WAIT));
		assertThat(this.memory.usage(token.id()).revoked()).isFalse();
	}

	@Test
	void consumeWhenUnlimitedTokenWasRevokedThenRefusedAndCounted() {
		ReactiveTokenService service = service(true);
		IssuedToken token = issue(service, 0);
		VerifiedToken first = service.consume(token.value(), "p").block(WAIT);
		assertThat(first.usesLeft()).isEqualTo(VerifiedToken.UNLIMITED);
		assertThat(this.memory.usage(token.id()).used()).isEqualTo(1);
		service.revoke(token.value(), "p").block(WAIT);
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> service.consume(token.value(), "p").block(WAIT));
	}

	@Test
	void operationsWhenRunReactivelyThenListenersHearTheEventsOfTheBlockingOnes() {
		List<TokenEvent> blockingEvents = new CopyOnWriteArrayList<>();
		List<TokenEvent> reactiveEvents = new CopyOnWriteArrayList<>();
		LocalKey key = LocalKey.generate();
		TokenService blocking = listened(key, new InMemoryUseStore(), blockingEvents);
		InMemoryUseStore shared = new InMemoryUseStore();
		ReactiveTokenService reactive = new ReactiveTokenService(listened(key, shared, reactiveEvents),
				new InMemoryReactiveUseStore(shared));
		IssuedToken fromBlocking = blocking.issue(TokenRequest.forPurpose("p").subject("alice").maxUses(1).build());
		blocking.consume(fromBlocking.value(), "p");
		assertThatExceptionOfType(TokenUsedUpException.class).isThrownBy(() -> blocking.consume(fromBlocking.value(), "p"));
		blocking.revokeAll("alice");
		IssuedToken fromReactive = reactive.issue(TokenRequest.forPurpose("p").subject("alice").maxUses(1).build())
			.block(WAIT);
		reactive.consume(fromReactive.value(), "p").block(WAIT);
		assertThatExceptionOfType(TokenUsedUpException.class)
			.isThrownBy(() -> reactive.consume(fromReactive.value(), "p").block(WAIT));
		reactive.revokeAll("alice").block(WAIT);
		assertThat(reactiveEvents).hasSameSizeAs(blockingEvents).hasSize(4);
		for (int i = 0; i < blockingEvents.size(); i++) {
			TokenEvent expected = blockingEvents.get(i);
			TokenEvent actual = reactiveEvents.get(i);
			assertThat(actual.operation()).isEqualTo(expected.operation());
			assertThat(actual.purpose()).isEqualTo(expected.purpose());
			assertThat(actual.reason()).isEqualTo(expected.reason());
			assertThat(actual.subject()).isEqualTo(expected.subject());
			assertThat(actual.tokenId() != null).isEqualTo(expected.tokenId() != null);
		}
		assertThat(reactiveEvents.get(1).tokenId()).isEqualTo(fromReactive.id());
		assertThat(reactiveEvents.get(2).reason()).isEqualTo(Reason.USED_UP);
	}

	@Test
	void operationWhenNotSubscribedThenNothingHappensAndNoListenerHears() {
		List<TokenEvent> events = new CopyOnWriteArrayList<>();
		InMemoryUseStore shared = new InMemoryUseStore();
		ReactiveTokenService reactive = new ReactiveTokenService(listened(LocalKey.generate(), shared, events),
				new InMemoryReactiveUseStore(shared));
		IssuedToken token = reactive.tokens().issue(TokenRequest.forPurpose("p").maxUses(1).build());
		events.clear();
		Mono<VerifiedToken> consume = reactive.consume(token.value(), "p");
		assertThat(shared.usage(token.id()).used()).isZero();
		assertThat(events).isEmpty();
		consume.block(WAIT);
		assertThatExceptionOfType(TokenUsedUpException.class).isThrownBy(() -> consume.block(WAIT));
		assertThat(events).hasSize(2);
	}

	private static TokenService listened(LocalKey key, InMemoryUseStore store, List<TokenEvent> events) {
		return TokenService.builder()
			.localKey(key)
			.store(store)
			.purpose("p", PurposePolicy.NONE.withRevocableBySubject(true))
			.listener(events::add)
			.build();
	}

	@Test
	void releaseWhenUseWasTakenThenGivesItBack() {
		ReactiveTokenService service = service(false);
		IssuedToken token = issue(service, 1);
		VerifiedToken consumed = service.consume(token.value(), "p").block(WAIT);
		assertThat(service.release(consumed).block(WAIT)).isTrue();
		assertThat(service.consume(token.value(), "p").block(WAIT).usesLeft()).isZero();
		assertThatExceptionOfType(TempIdException.class).isThrownBy(() -> service.consume(token.value(), "p").block(WAIT));
	}

}
