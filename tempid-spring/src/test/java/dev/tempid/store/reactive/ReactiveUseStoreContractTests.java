package dev.tempid.store.reactive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tempid.IssueLimit;
import dev.tempid.IssuedToken;
import dev.tempid.LocalKey;
import dev.tempid.PurposePolicy;
import dev.tempid.Reason;
import dev.tempid.StoreUnavailableException;
import dev.tempid.TempIdException;
import dev.tempid.TokenRequest;
import dev.tempid.TokenRevokedException;
import dev.tempid.TokenService;
import dev.tempid.TokenUsedUpException;
import dev.tempid.TooManyIssuedException;
import dev.tempid.WrongCodeException;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.store.CodeDecision;
import dev.tempid.store.Generation;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import dev.tempid.store.UseStore;
import dev.tempid.store.WindowCount;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The contract every {@link ReactiveUseStore} must keep, the reactive twin of tempid-core's
 * {@code UseStoreContractTests}: run against the in-memory store and, on the real servers,
 * Redis, PostgreSQL and MariaDB. Every operation is subscribed on Reactor's parallel
 * scheduler, whose threads BlockHound (installed for this module's tests) watches: a
 * store that blocks fails here. Besides the store's own operations, it runs
 * {@link ReactiveTokenService} over the store for consume races, supersede, revoke-all,
 * sessions, login codes and issue limits (its blocking service's own store refuses every
 * call).
 */
public abstract class ReactiveUseStoreContractTests {

	/** Subscribers released together in the race tests. */
	protected static final int SUBSCRIBERS = 32;

	/** Tokens raced, one after the other, through two {@link ReactiveTokenService}s. */
	protected static final int SERVICE_RACE_ROUNDS = 20;

	/** How long a test waits for one answer. */
	protected static final Duration WAIT = Duration.ofSeconds(30);

	private final List<AutoCloseable> resources = new ArrayList<>();

	/**
	 * A store on the backend under test, as an application builds it; each call a new
	 * instance (with its own connections where the backend has any) counting in the same
	 * backend as the others.
	 */
	protected abstract ReactiveUseStore createStore();

	/** A second, independent store instance (its own connections) on the same backend. */
	protected abstract ReactiveUseStore createSecondStore();

	/**
	 * A store of this backend whose server is at {@code port} on the loopback address,
	 * with the given timeout; {@code null} when the backend has no server.
	 */
	protected abstract ReactiveUseStore createStoreOn(int port, Duration timeout);

	/** Tokens raced per round in the race tests. */
	protected int raceTokens() {
		return 25;
	}

	/** Closes a resource after the test. */
	protected void closeAfterTest(AutoCloseable resource) {
		this.resources.add(resource);
	}

	@AfterEach
	void closeResources() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	protected static String newId() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	protected static Duration inMinutes(int minutes) {
		return Duration.ofMinutes(minutes);
	}

	/** Subscribes on a non-blocking thread (watched by BlockHound) and waits for the answer. */
	protected static <T> T await(Mono<T> operation) {
		return operation.subscribeOn(Schedulers.parallel()).block(WAIT);
	}

	@Test
	void consumeWhenUsesAreLeftThenGrantsAndCounts() {
		ReactiveUseStore store = createStore();
		String id = newId();
		assertThat(await(store.consume(id, 3, inMinutes(5)))).isEqualTo(UseDecision.granted(1));
		assertThat(await(store.consume(id, 3, inMinutes(5)))).isEqualTo(UseDecision.granted(2));
		assertThat(await(store.consume(id, 3, inMinutes(5)))).isEqualTo(UseDecision.granted(3));
		assertThat(await(store.consume(id, 3, inMinutes(5)))).isEqualTo(UseDecision.usedUp(3));
		assertThat(await(store.usage(id))).isEqualTo(new UseRecord(3, false));
	}

	@Test
	void consumeWhenUnlimitedThenCountsWithoutLimit() {
		ReactiveUseStore store = createStore();
		String id = newId();
		for (int i = 1; i <= 5; i++) {
			assertThat(await(store.consume(id, 0, inMinutes(5)))).isEqualTo(UseDecision.granted(i));
		}
	}

	@Test
	void consumeWhenNotSubscribedThenTakesNothing() {
		ReactiveUseStore store = createStore();
		String id = newId();
		store.consume(id, 1, inMinutes(5));
		store.revoke(id, inMinutes(5));
		assertThat(await(store.usage(id))).isEqualTo(UseRecord.UNSEEN);
	}

	@Test
	void consumeWhenSubscribedTwiceThenTakesTwoUses() {
		ReactiveUseStore store = createStore();
		String id = newId();
		Mono<UseDecision> consume = store.consume(id, 2, inMinutes(5));
		assertThat(await(consume).granted()).isTrue();
		assertThat(await(consume)).isEqualTo(UseDecision.granted(2));
		assertThat(await(consume)).isEqualTo(UseDecision.usedUp(2));
	}

	@Test
	void usageWhenIdIsUnknownThenNothingUsedAndNotRevoked() {
		assertThat(await(createStore().usage(newId()))).isEqualTo(UseRecord.UNSEEN);
	}

	@Test
	void releaseWhenUseWasTakenThenGivesItBack() {
		ReactiveUseStore store = createStore();
		String id = newId();
		await(store.consume(id, 1, inMinutes(5)));
		assertThat(await(store.consume(id, 1, inMinutes(5))).granted()).isFalse();
		assertThat(await(store.release(id))).isTrue();
		assertThat(await(store.usage(id)).used()).isZero();
		assertThat(await(store.consume(id, 1, inMinutes(5))).granted()).isTrue();
	}

	@Test
	void releaseWhenNothingWasTakenThenDoesNothing() {
		ReactiveUseStore store = createStore();
		String id = newId();
		assertThat(await(store.release(id))).isFalse();
		assertThat(await(store.usage(id))).isEqualTo(UseRecord.UNSEEN);
	}

	@Test
	void revokeWhenTokenIsLiveThenEveryLaterConsumeIsDenied() {
		ReactiveUseStore store = createStore();
		String id = newId();
		await(store.consume(id, 5, inMinutes(5)));
		await(store.revoke(id, inMinutes(5)));
		assertThat(await(store.consume(id, 5, inMinutes(5)))).isEqualTo(UseDecision.revoked());
		assertThat(await(store.consume(id, 0, inMinutes(5)))).isEqualTo(UseDecision.revoked());
		assertThat(await(store.usage(id))).isEqualTo(new UseRecord(1, true));
	}

	@Test
	void revokeWhenTokenWasNeverUsedThenConsumeIsDenied() {
		ReactiveUseStore store = createStore();
		String id = newId();
		await(store.revoke(id, inMinutes(5)));
		assertThat(await(store.consume(id, 1, inMinutes(5))).outcome()).isEqualTo(UseDecision.Outcome.REVOKED);
		assertThat(await(store.usage(id)).revoked()).isTrue();
	}

	@Test
	void entriesWhenTheirTokenExpiredThenAreForgotten() throws Exception {
		ReactiveUseStore store = createStore();
		String id = newId();
		Duration soon = Duration.ofMillis(1500);
		await(store.consume(id, 1, soon));
		await(store.revoke(newId(), soon));
		assertThat(await(store.usage(id)).used()).isEqualTo(1);
		Thread.sleep(soon.toMillis() + 1200);
		assertThat(await(store.usage(id))).isEqualTo(UseRecord.UNSEEN);
	}

	@Test
	void consumeWhenLaterCallAsksForLessTimeThenEntryIsNotShortened() throws Exception {
		ReactiveUseStore store = createStore();
		String id = newId();
		await(store.consume(id, 0, inMinutes(5)));
		await(store.consume(id, 0, Duration.ofMillis(300)));
		await(store.revoke(id, Duration.ofMillis(300)));
		Thread.sleep(1500);
		assertThat(await(store.usage(id))).isEqualTo(new UseRecord(2, true));
	}

	@Test
	void consumeWhenTtlIsNotPositiveThenRefused() {
		ReactiveUseStore store = createStore();
		assertThatIllegalArgumentException().isThrownBy(() -> await(store.consume(newId(), 1, Duration.ZERO)));
		assertThatIllegalArgumentException().isThrownBy(() -> await(store.retire(newId(), 1, Duration.ZERO)));
		assertThatIllegalArgumentException().isThrownBy(() -> await(store.revoke(newId(), Duration.ofMillis(-1))));
	}

	@Test
	void retireWhenUsesAreLeftThenEndsTheTokenAndReportsUsesTaken() {
		ReactiveUseStore store = createStore();
		String id = newId();
		await(store.consume(id, 3, inMinutes(5)));
		assertThat(await(store.retire(id, 3, inMinutes(5)))).isEqualTo(UseDecision.granted(1));
		assertThat(await(store.usage(id))).isEqualTo(new UseRecord(1, true));
		assertThat(await(store.consume(id, 3, inMinutes(5))).outcome()).isEqualTo(UseDecision.Outcome.REVOKED);
		assertThat(await(store.retire(id, 3, inMinutes(5))).outcome()).isEqualTo(UseDecision.Outcome.REVOKED);
	}

	@Test
	void retireWhenTokenWasNeverSeenOrUnlimitedThenGrantedWithNoUsesTaken() {
		ReactiveUseStore store = createStore();
		String unseen = newId();
		assertThat(await(store.retire(unseen, 1, inMinutes(5)))).isEqualTo(UseDecision.granted(0));
		assertThat(await(store.usage(unseen)).revoked()).isTrue();
		String unlimited = newId();
		await(store.consume(unlimited, 0, inMinutes(5)));
		await(store.consume(unlimited, 0, inMinutes(5)));
		assertThat(await(store.retire(unlimited, 0, inMinutes(5)))).isEqualTo(UseDecision.granted(2));
		assertThat(await(store.consume(unlimited, 0, inMinutes(5))).outcome()).isEqualTo(UseDecision.Outcome.REVOKED);
	}

	@Test
	void retireWhenUsedUpOrRevokedThenDeniedAndNothingChanges() {
		ReactiveUseStore store = createStore();
		String usedUp = newId();
		await(store.consume(usedUp, 1, inMinutes(5)));
		assertThat(await(store.retire(usedUp, 1, inMinutes(5)))).isEqualTo(UseDecision.usedUp(1));
		assertThat(await(store.usage(usedUp))).isEqualTo(new UseRecord(1, false));
		String revoked = newId();
		await(store.revoke(revoked, inMinutes(5)));
		assertThat(await(store.retire(revoked, 1, inMinutes(5))).outcome()).isEqualTo(UseDecision.Outcome.REVOKED);
	}

	@ParameterizedTest(name = "maxUses {0}")
	@ValueSource(ints = { 0, 2 })
	void retireWhenManySubscribersRaceThenExactlyOneWins(int maxUses) {
		ReactiveUseStore first = createStore();
		ReactiveUseStore second = createSecondStore();
		for (int round = 0; round < raceTokens(); round++) {
			String id = newId();
			List<Mono<Boolean>> racers = new ArrayList<>();
			for (int s = 0; s < SUBSCRIBERS; s++) {
				ReactiveUseStore store = (s % 2 == 0) ? first : second;
				racers.add(store.retire(id, maxUses, inMinutes(5)).map(UseDecision::granted).subscribeOn(Schedulers.parallel()));
			}
			List<Boolean> results = Flux.merge(racers).collectList().block(WAIT);
			assertThat(results.stream().filter(Boolean::booleanValue).count())
				.as("retires granted for token %d of %d", round, raceTokens())
				.isEqualTo(1);
			assertThat(await(first.usage(id)).revoked()).isTrue();
		}
	}

	@Test
	void pingWhenStoreIsReachableThenCompletes() {
		await(createStore().ping());
	}

	@Test
	void consumeWhenServerIsDownThenStoreUnavailableWithinTheTimeout() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		ReactiveUseStore down = createStoreOn(closedPort, Duration.ofMillis(500));
		if (down == null) {
			return;
		}
		assertFailsClosedWithin(down, Duration.ofSeconds(5));
	}

	@Test
	void consumeWhenServerDoesNotAnswerThenStoreUnavailableWithinTheTimeout() throws IOException {
		try (SilentServer silent = new SilentServer()) {
			ReactiveUseStore store = createStoreOn(silent.port(), Duration.ofMillis(500));
			if (store == null) {
				return;
			}
			assertFailsClosedWithin(store, Duration.ofSeconds(3));
		}
	}

	private static void assertFailsClosedWithin(ReactiveUseStore store, Duration limit) {
		long started = System.nanoTime();
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> await(store.consume("x", 1, inMinutes(1))));
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> await(store.usage("x")));
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> await(store.ping()));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(limit.multipliedBy(3));
	}

	@ParameterizedTest(name = "maxUses {0}")
	@ValueSource(ints = { 1, 3 })
	void consumeWhenManySubscribersRaceThenExactlyMaxUsesWin(int maxUses) {
		ReactiveUseStore store = createStore();
		assertExactlyMaxUsesWin(maxUses, store, store);
	}

	@ParameterizedTest(name = "maxUses {0}")
	@ValueSource(ints = { 1, 3 })
	void consumeWhenTwoStoreInstancesRaceThenExactlyMaxUsesWin(int maxUses) {
		assertExactlyMaxUsesWin(maxUses, createStore(), createSecondStore());
	}

	private void assertExactlyMaxUsesWin(int maxUses, ReactiveUseStore first, ReactiveUseStore second) {
		for (int round = 0; round < raceTokens(); round++) {
			String id = newId();
			Duration expiresAt = inMinutes(5);
			List<Mono<Boolean>> racers = new ArrayList<>();
			for (int s = 0; s < SUBSCRIBERS; s++) {
				ReactiveUseStore store = (s % 2 == 0) ? first : second;
				racers.add(store.consume(id, maxUses, expiresAt)
					.map(UseDecision::granted)
					.subscribeOn(Schedulers.parallel()));
			}
			List<Boolean> results = Flux.merge(racers).collectList().block(WAIT);
			assertThat(results).hasSize(SUBSCRIBERS);
			assertThat(results.stream().filter(Boolean::booleanValue).count())
				.as("winners for token %d of %d", round, raceTokens())
				.isEqualTo(maxUses);
			assertThat(await(first.usage(id)).used()).isEqualTo(maxUses);
		}
	}

	/**
	 * Two application instances spend one token at once through {@link ReactiveTokenService}:
	 * both stores built alike by {@link #createStore} (for Redis, two stores of the plain
	 * constructor, each on its own connection factory that shares its native connection), or
	 * the second by {@link #createSecondStore}. Each round's first subscribers meet stores that
	 * are still connecting; exactly one subscriber wins, every other is told the token is used
	 * up, and none waits out the store's timeout.
	 */
	@ParameterizedTest(name = "second instance {0}")
	@EnumSource(SecondInstance.class)
	void consumeWhenSubscribersOfTwoServiceInstancesRaceThenExactlyOneWins(SecondInstance kind) {
		LocalKey key = LocalKey.generate();
		ReactiveTokenService first = service(key, createStore());
		ReactiveTokenService second = service(key,
				(kind == SecondInstance.BUILT_ALIKE) ? createStore() : createSecondStore());
		for (int round = 0; round < SERVICE_RACE_ROUNDS; round++) {
			IssuedToken token = await(first.issue(TokenRequest.forPurpose("once").subject(user()).build()));
			List<Mono<Boolean>> racers = new ArrayList<>();
			for (int s = 0; s < SUBSCRIBERS; s++) {
				ReactiveTokenService tokens = (s % 2 == 0) ? first : second;
				racers.add(tokens.consume(token.value(), "once").thenReturn(true)
					.onErrorResume(TempIdException.class, (ex) -> {
						assertThat(ex.reason()).isEqualTo(Reason.USED_UP);
						return Mono.just(false);
					})
					.subscribeOn(Schedulers.parallel()));
			}
			List<Boolean> results = Flux.merge(racers).collectList().block(WAIT);
			assertThat(results).hasSize(SUBSCRIBERS);
			assertThat(results.stream().filter(Boolean::booleanValue).count())
				.as("winners for token %d of %d", round, SERVICE_RACE_ROUNDS)
				.isEqualTo(1);
			assertThat(await(second.usage(token.value(), "once")).used()).isEqualTo(1);
		}
	}

	/** How the second instance of {@link #consumeWhenSubscribersOfTwoServiceInstancesRaceThenExactlyOneWins} is built. */
	private enum SecondInstance {

		/** By {@link #createStore}, as the first. */
		BUILT_ALIKE,

		/** By {@link #createSecondStore}. */
		SECOND_STORE

	}

	// ------------------------------------------------------------------ per-subject control

	/**
	 * A blocking service for the keys and settings, and its reactive face on {@code store}:
	 * every store call of these tests goes through the reactive store.
	 */
	private static ReactiveTokenService service(LocalKey key, ReactiveUseStore store) {
		TokenService tokens = TokenService.builder()
			.localKey(key)
			.store(new RefusingUseStore())
			.purpose("once", PurposePolicy.NONE.withMaxUses(1))
			.purpose("magic", PurposePolicy.NONE.withSingleActive(true).withMaxUses(1))
			.purpose("session", PurposePolicy.NONE.withRevocableBySubject(true))
			.issueLimit("limited", IssueLimit.valueOf("3 per 15m"))
			.build();
		return new ReactiveTokenService(tokens, store);
	}

	private static String user() {
		return "user-" + newId() + "@example.com";
	}

	private static String subjectTag() {
		return newId();
	}

	private static String purposeTag() {
		return newId().substring(0, 16);
	}

	private static String entryOf(String subject) {
		return subject + "." + newId().substring(0, 22);
	}

	@Test
	void generationWhenAdvancedThenTheEarlierGenerationIsDeniedInTheSameStep() {
		ReactiveUseStore store = createStore();
		String subject = subjectTag();
		String purpose = purposeTag();
		long first = await(store.generation(subject, purpose, false, inMinutes(5)));
		assertThat(first).isEqualTo(1);
		assertThat(await(store.generation(subject, purpose, false, inMinutes(5)))).isEqualTo(1);
		String id = entryOf(subject);
		Generation generation = new Generation(subject, purpose, first);
		assertThat(await(store.consume(id, 0, inMinutes(5), generation)).granted()).isTrue();
		assertThat(await(store.usage(id, generation))).isEqualTo(new UseRecord(1, false));
		assertThat(await(store.generation(subject, purpose, true, inMinutes(5)))).isEqualTo(2);
		assertThat(await(store.consume(id, 0, inMinutes(5), generation))).isEqualTo(UseDecision.revoked());
		assertThat(await(store.retire(id, 0, inMinutes(5), generation))).isEqualTo(UseDecision.revoked());
		assertThat(await(store.usage(id, generation)).revoked()).isTrue();
		assertThat(await(store.consume(id, 0, inMinutes(5), new Generation(subject, purpose, 2))).granted()).isTrue();
	}

	@Test
	void generationWhenTheStoreHoldsNoneThenTheTokenIsDenied() {
		ReactiveUseStore store = createStore();
		String subject = subjectTag();
		Generation never = new Generation(subject, purposeTag(), 1);
		assertThat(await(store.consume(entryOf(subject), 1, inMinutes(5), never))).isEqualTo(UseDecision.revoked());
		assertThat(await(store.usage(entryOf(subject), never)).revoked()).isTrue();
	}

	@Test
	void retireWithGenerationWhenCurrentThenEndsTheTokenOnce() {
		ReactiveUseStore store = createStore();
		String subject = subjectTag();
		String purpose = purposeTag();
		Generation generation = new Generation(subject, purpose,
				await(store.generation(subject, purpose, false, inMinutes(5))));
		String id = entryOf(subject);
		await(store.consume(id, 3, inMinutes(5), generation));
		assertThat(await(store.retire(id, 3, inMinutes(5), generation))).isEqualTo(UseDecision.granted(1));
		assertThat(await(store.retire(id, 3, inMinutes(5), generation))).isEqualTo(UseDecision.revoked());
		assertThat(await(store.consume(id, 3, inMinutes(5), generation))).isEqualTo(UseDecision.revoked());
	}

	@Test
	void advanceGenerationsWhenForEveryPurposeThenOtherSubjectsKeepTheirs() {
		ReactiveUseStore store = createStore();
		String subject = subjectTag();
		String other = subjectTag();
		String a = purposeTag();
		String b = purposeTag();
		Generation ga = new Generation(subject, a, await(store.generation(subject, a, false, inMinutes(5))));
		Generation gb = new Generation(subject, b, await(store.generation(subject, b, false, inMinutes(5))));
		Generation go = new Generation(other, a, await(store.generation(other, a, false, inMinutes(5))));
		await(store.advanceGenerations(subject, a));
		assertThat(await(store.usage(entryOf(subject), ga)).revoked()).isTrue();
		assertThat(await(store.usage(entryOf(subject), gb)).revoked()).isFalse();
		await(store.advanceGenerations(subject, null));
		assertThat(await(store.usage(entryOf(subject), gb)).revoked()).isTrue();
		assertThat(await(store.usage(entryOf(other), go)).revoked()).isFalse();
		// a subject the store holds nothing of: nothing to end, nothing created
		await(store.advanceGenerations(subjectTag(), null));
	}

	@Test
	void issueWhenPurposeIsSingleActiveThenTheNewTokenSupersedesTheEarlierOne() {
		ReactiveTokenService tokens = service(LocalKey.generate(), createStore());
		String subject = user();
		IssuedToken first = await(tokens.issue(TokenRequest.forPurpose("magic").subject(subject).build()));
		IssuedToken second = await(tokens.issue(TokenRequest.forPurpose("magic").subject(subject).build()));
		IssuedToken otherUser = await(tokens.issue(TokenRequest.forPurpose("magic").subject(user()).build()));
		assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> await(tokens.verify(first.value(), "magic")));
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> await(tokens.consume(first.value(), "magic")));
		assertThat(await(tokens.consume(second.value(), "magic")).subject()).isEqualTo(subject);
		assertThatExceptionOfType(TokenUsedUpException.class)
			.isThrownBy(() -> await(tokens.consume(second.value(), "magic")));
		assertThat(await(tokens.consume(otherUser.value(), "magic"))).isNotNull();
	}

	@Test
	void revokeAllWhenCalledOnAnotherInstanceThenEveryTokenAndSessionOfTheSubjectEnds() {
		LocalKey key = LocalKey.generate();
		ReactiveTokenService first = service(key, createStore());
		ReactiveTokenService second = service(key, createSecondStore());
		String subject = user();
		IssuedToken link = await(first.issue(TokenRequest.forPurpose("magic").subject(subject).build()));
		IssuedToken session = await(first.issue(TokenRequest.forPurpose("session").subject(subject)
			.sessionId("s" + newId().substring(0, 20)).build()));
		IssuedToken kept = await(first.issue(TokenRequest.forPurpose("session").subject(user()).build()));
		assertThat(await(second.verify(session.value(), "session")).subject()).isEqualTo(subject);
		await(second.revokeAll(subject, "session"));
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> await(first.verify(session.value(), "session")));
		assertThat(await(first.verify(link.value(), "magic"))).isNotNull();
		await(second.revokeAll(subject));
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> await(first.consume(link.value(), "magic")));
		assertThat(await(first.verify(kept.value(), "session"))).isNotNull();
		IssuedToken after = await(first.issue(TokenRequest.forPurpose("session").subject(subject).build()));
		assertThat(await(second.verify(after.value(), "session"))).isNotNull();
	}

	@Test
	void revokeWhenTokenIsInASessionThenEveryTokenOfTheSessionEnds() {
		ReactiveTokenService tokens = service(LocalKey.generate(), createStore());
		String subject = user();
		String sid = "s" + newId().substring(0, 20);
		IssuedToken first = await(
				tokens.issue(TokenRequest.forPurpose("session").subject(subject).sessionId(sid).build()));
		IssuedToken renewed = await(
				tokens.issue(TokenRequest.forPurpose("session").subject(subject).sessionId(sid).build()));
		IssuedToken otherSession = await(tokens.issue(TokenRequest.forPurpose("session").subject(subject)
			.sessionId("t" + newId().substring(0, 20)).build()));
		// revocation checks are off: a token with a generation is revocable all the same
		await(tokens.revoke(await(tokens.verify(first.value(), "session"))));
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> await(tokens.verify(renewed.value(), "session")));
		assertThat(await(tokens.verify(otherSession.value(), "session"))).isNotNull();
	}

	@Test
	void refreshWhenTokenCarriesAGenerationThenTheSuccessorDiesWithARevokeAll() {
		ReactiveTokenService tokens = service(LocalKey.generate(), createStore());
		String subject = user();
		IssuedToken old = await(tokens.issue(TokenRequest.forPurpose("session").subject(subject).maxUses(3).build()));
		await(tokens.consume(old.value(), "session"));
		IssuedToken renewed = await(tokens.refresh(old.value(), "session"));
		assertThat(renewed.maxUses()).isEqualTo(2);
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> await(tokens.consume(old.value(), "session")));
		assertThat(await(tokens.consume(renewed.value(), "session")).usesLeft()).isEqualTo(1);
		await(tokens.revokeAll(subject));
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> await(tokens.consume(renewed.value(), "session")));
	}

	@Test
	void consumeCodeWhenLinkAndCodeRaceAcrossTwoInstancesThenExactlyOneWins() {
		LocalKey key = LocalKey.generate();
		ReactiveTokenService first = service(key, createStore());
		ReactiveTokenService second = service(key, createSecondStore());
		for (int round = 0; round < Math.max(1, raceTokens() / 5); round++) {
			String subject = user();
			IssuedToken link = await(
					first.issue(TokenRequest.forPurpose("magic").subject(subject).withCode(subject).build()));
			assertThat(link.code()).matches("[0-9]{6}");
			List<Mono<Boolean>> racers = new ArrayList<>();
			for (int s = 0; s < SUBSCRIBERS; s++) {
				ReactiveTokenService tokens = (s % 4 < 2) ? first : second;
				Mono<?> attempt = (s % 2 == 0) ? tokens.consumeCode("magic", subject, subject, link.code())
						: tokens.consume(link.value(), "magic");
				racers.add(attempt.thenReturn(true).onErrorResume(TempIdException.class, (ex) -> {
					assertThat(ex.reason()).isEqualTo(Reason.USED_UP);
					return Mono.just(false);
				}).subscribeOn(Schedulers.parallel()));
			}
			List<Boolean> results = Flux.merge(racers).collectList().block(WAIT);
			assertThat(results).hasSize(SUBSCRIBERS);
			assertThat(results.stream().filter(Boolean::booleanValue).count()).as("winners of round %d", round)
				.isEqualTo(1);
		}
	}

	@Test
	void consumeCodeWhenWrongCodesRaceThenExactlyTheTriesAreComparedAndTheLinkDies() {
		LocalKey key = LocalKey.generate();
		ReactiveTokenService first = service(key, createStore());
		ReactiveTokenService second = service(key, createSecondStore());
		String subject = user();
		IssuedToken link = await(first.issue(TokenRequest.forPurpose("magic").subject(subject).withCode(subject).build()));
		String wrong = String.format("%06d", (Integer.parseInt(link.code()) + 1) % 1_000_000);
		List<Mono<Reason>> racers = new ArrayList<>();
		for (int s = 0; s < SUBSCRIBERS; s++) {
			ReactiveTokenService tokens = (s % 2 == 0) ? first : second;
			racers.add(tokens.consumeCode("magic", subject, subject, wrong)
				.then(Mono.<Reason>error(new AssertionError("a wrong code signed in")))
				.onErrorResume(TempIdException.class, (ex) -> Mono.just(ex.reason()))
				.subscribeOn(Schedulers.parallel()));
		}
		List<Reason> reasons = Flux.merge(racers).collectList().block(WAIT);
		assertThat(reasons).hasSize(SUBSCRIBERS).allMatch((r) -> r == Reason.WRONG_CODE || r == Reason.REVOKED);
		// the last wrong try is answered as the death of the code: the tries before it as wrong
		assertThat(reasons.stream().filter((r) -> r == Reason.WRONG_CODE).count())
			.isEqualTo(TokenService.MAX_CODE_TRIES - 1);
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> await(first.consumeCode("magic", subject, subject, link.code())));
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> await(second.consume(link.value(), "magic")));
	}

	@Test
	void consumeCodeWhenCodeOrAddressBelongsToAnotherUserThenRefused() {
		ReactiveTokenService tokens = service(LocalKey.generate(), createStore());
		String alice = user();
		String bob = user();
		IssuedToken aliceLink = await(tokens.issue(TokenRequest.forPurpose("magic").subject(alice).withCode(alice).build()));
		IssuedToken bobLink = await(tokens.issue(TokenRequest.forPurpose("magic").subject(bob).withCode(bob).build()));
		if (!aliceLink.code().equals(bobLink.code())) {
			assertThatExceptionOfType(WrongCodeException.class)
				.isThrownBy(() -> await(tokens.consumeCode("magic", bob, bob, aliceLink.code())));
		}
		assertThatExceptionOfType(WrongCodeException.class)
			.isThrownBy(() -> await(tokens.consumeCode("magic", bob, alice, bobLink.code())));
		assertThatExceptionOfType(WrongCodeException.class)
			.isThrownBy(() -> await(tokens.consumeCode("magic", alice, bob, bobLink.code())));
		await(tokens.consumeCode("magic", alice, alice.toUpperCase(Locale.ROOT), aliceLink.code()));
		await(tokens.consumeCode("magic", bob, bob, bobLink.code()));
		assertThatExceptionOfType(TokenUsedUpException.class)
			.isThrownBy(() -> await(tokens.consume(aliceLink.value(), "magic")));
		assertThatExceptionOfType(TokenUsedUpException.class)
			.isThrownBy(() -> await(tokens.consumeCode("magic", alice, alice, aliceLink.code())));
	}

	@Test
	void consumeCodeWhenALaterLinkSupersedesThenTheEarlierCodeIsReplaced() {
		ReactiveTokenService tokens = service(LocalKey.generate(), createStore());
		String subject = user();
		IssuedToken first = await(tokens.issue(TokenRequest.forPurpose("magic").subject(subject).withCode(subject).build()));
		IssuedToken second = await(
				tokens.issue(TokenRequest.forPurpose("magic").subject(subject).withCode(subject).build()));
		if (!first.code().equals(second.code())) {
			assertThatExceptionOfType(WrongCodeException.class)
				.isThrownBy(() -> await(tokens.consumeCode("magic", subject, subject, first.code())));
		}
		await(tokens.consumeCode("magic", subject, subject, second.code()));
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> await(tokens.consume(first.value(), "magic")));
	}

	@Test
	void consumeCodeWhenNoneWasIssuedThenWrongCode() {
		ReactiveTokenService tokens = service(LocalKey.generate(), createStore());
		String subject = user();
		assertThatExceptionOfType(WrongCodeException.class)
			.isThrownBy(() -> await(tokens.consumeCode("magic", subject, subject, "123456")));
	}

	@Test
	void countWhenUnderTheLimitThenAllowsAndCountsAndBeyondItDeniesWithTheTimeLeft() {
		ReactiveUseStore store = createStore();
		String key = "#" + newId();
		for (int i = 1; i <= 3; i++) {
			WindowCount count = await(store.count(key, 3, inMinutes(15)));
			assertThat(count.allowed()).isTrue();
			assertThat(count.count()).isEqualTo(i);
		}
		WindowCount denied = await(store.count(key, 3, inMinutes(15)));
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.count()).isEqualTo(3);
		assertThat(denied.retryAfter()).isGreaterThan(inMinutes(14)).isLessThanOrEqualTo(inMinutes(15));
		assertThat(await(store.count("#" + newId(), 3, inMinutes(15))).allowed()).isTrue();
		assertThat(await(store.usage(newId()))).isEqualTo(UseRecord.UNSEEN);
	}

	@Test
	void countWhenTheWindowHasEndedThenStartsANewOne() throws Exception {
		ReactiveUseStore store = createStore();
		String key = "#" + newId();
		Duration window = Duration.ofMillis(1500);
		assertThat(await(store.count(key, 2, window)).allowed()).isTrue();
		assertThat(await(store.count(key, 2, window)).allowed()).isTrue();
		assertThat(await(store.count(key, 2, window)).allowed()).isFalse();
		Thread.sleep(window.toMillis() + 1200);
		WindowCount fresh = await(store.count(key, 2, window));
		assertThat(fresh.allowed()).isTrue();
		assertThat(fresh.count()).isEqualTo(1);
	}

	@Test
	void countWhenLimitOrWindowIsInvalidThenRefused() {
		ReactiveUseStore store = createStore();
		assertThatIllegalArgumentException().isThrownBy(() -> await(store.count("#" + newId(), 0, inMinutes(1))));
		assertThatIllegalArgumentException().isThrownBy(() -> await(store.count("#" + newId(), 1, Duration.ZERO)));
	}

	@ParameterizedTest(name = "limit {0}")
	@ValueSource(ints = { 1, 5 })
	void countWhenSubscribersOfTwoStoreInstancesRaceThenExactlyTheLimitIsAllowed(int limit) {
		ReactiveUseStore first = createStore();
		ReactiveUseStore second = createSecondStore();
		for (int round = 0; round < 10; round++) {
			String key = "#" + newId();
			List<Mono<Boolean>> racers = new ArrayList<>();
			for (int s = 0; s < SUBSCRIBERS; s++) {
				ReactiveUseStore store = (s % 2 == 0) ? first : second;
				racers.add(store.count(key, limit, inMinutes(15)).map(WindowCount::allowed)
					.subscribeOn(Schedulers.parallel()));
			}
			List<Boolean> results = Flux.merge(racers).collectList().block(WAIT);
			assertThat(results.stream().filter(Boolean::booleanValue).count()).as("allowed in round %d", round)
				.isEqualTo(limit);
		}
	}

	@Test
	void issueWhenThePurposesIssueLimitIsReachedThenTooManyIssuedWithRetryAfter() {
		ReactiveTokenService tokens = service(LocalKey.generate(), createStore());
		String subject = user();
		for (int i = 0; i < 3; i++) {
			await(tokens.issue(TokenRequest.forPurpose("limited").subject(subject).build()));
		}
		assertThatExceptionOfType(TooManyIssuedException.class)
			.isThrownBy(() -> await(tokens.issue(TokenRequest.forPurpose("limited").subject(subject).build())))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(Reason.TOO_MANY_ISSUED);
				assertThat(ex.retryAfter()).isGreaterThan(inMinutes(14)).isLessThanOrEqualTo(inMinutes(15));
				assertThat(ex.getMessage()).doesNotContain(subject);
			});
		await(tokens.issue(TokenRequest.forPurpose("limited").subject("other-" + subject).build()));
		await(tokens.issue(TokenRequest.forPurpose("magic").subject(subject).build()));
		// the counter the purpose's limit touches, for an address without an account
		assertThatExceptionOfType(TooManyIssuedException.class)
			.isThrownBy(() -> await(tokens.acquire("limited", subject)));
		await(tokens.acquire("limited", "unknown-" + subject));
		// an application's own limit in the same store
		await(tokens.acquire("client", "10.0.0.1", IssueLimit.valueOf("1 per 1m")));
		assertThatExceptionOfType(TooManyIssuedException.class)
			.isThrownBy(() -> await(tokens.acquire("client", "10.0.0.1", IssueLimit.valueOf("1 per 1m"))));
	}

	/**
	 * The blocking store of the service that only lends its keys and settings to the
	 * reactive face in these tests: any call on it fails the test.
	 */
	private static final class RefusingUseStore implements UseStore {

		private static AssertionError used() {
			return new AssertionError("the blocking store was used by a reactive operation");
		}

		@Override
		public UseDecision consume(String tokenId, int maxUses, Duration ttl) {
			throw used();
		}

		@Override
		public boolean release(String tokenId) {
			throw used();
		}

		@Override
		public void revoke(String tokenId, Duration ttl) {
			throw used();
		}

		@Override
		public UseDecision retire(String tokenId, int maxUses, Duration ttl) {
			throw used();
		}

		@Override
		public UseRecord usage(String tokenId) {
			throw used();
		}

		@Override
		public WindowCount count(String key, int limit, Duration window) {
			throw used();
		}

		@Override
		public long generation(String subject, String purpose, boolean advance, Duration ttl) {
			throw used();
		}

		@Override
		public void advanceGenerations(String subject, @Nullable String purpose) {
			throw used();
		}

		@Override
		public UseDecision consume(String tokenId, int maxUses, Duration ttl, Generation generation) {
			throw used();
		}

		@Override
		public UseDecision retire(String tokenId, int maxUses, Duration ttl, Generation generation) {
			throw used();
		}

		@Override
		public UseRecord usage(String tokenId, Generation generation) {
			throw used();
		}

		@Override
		public void putCode(String codeId, String hash, String tokenId, Generation generation, Duration ttl) {
			throw used();
		}

		@Override
		public CodeDecision useCode(String codeId, String hash, int maxTries, int maxUses, Duration ttl) {
			throw used();
		}

	}

	/** A TCP server that accepts connections and never answers. */
	protected static final class SilentServer implements AutoCloseable {

		private final ServerSocket socket;

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		public SilentServer() throws IOException {
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(() -> {
				while (!this.socket.isClosed()) {
					try {
						this.accepted.add(this.socket.accept());
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "silent-server");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		public int port() {
			return this.socket.getLocalPort();
		}

		@Override
		public void close() {
			try {
				this.socket.close();
				for (Socket s : this.accepted) {
					s.close();
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
