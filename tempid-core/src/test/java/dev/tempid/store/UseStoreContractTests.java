package dev.tempid.store;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.tempid.IssueLimit;
import dev.tempid.IssuedToken;
import dev.tempid.LocalKey;
import dev.tempid.Reason;
import dev.tempid.TokenRequest;
import dev.tempid.TokenRevokedException;
import dev.tempid.TokenService;
import dev.tempid.TooManyIssuedException;
import dev.tempid.TokenUsedUpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The contract every {@link UseStore} must keep, run against each implementation: the
 * in-memory store here, Redis and the JDBC databases in tempid-spring (this class ships
 * in tempid-core's test-jar). Besides the store's own operations, it runs the token
 * service over the store: a refresh race and an application clock 30 s off the store's.
 */
public abstract class UseStoreContractTests {

	/** Threads released together in the race tests. */
	protected static final int THREADS = 32;

	private final List<UseStore> created = new ArrayList<>();

	/** A store on the backend under test. */
	protected abstract UseStore createStore();

	/** A second, independent store instance on the same backend (another application instance). */
	protected UseStore createSecondStore() {
		return createStore();
	}

	/** Rounds of the refresh race. */
	protected static final int REFRESH_ROUNDS = 200;

	/** Tokens raced per round in the race tests. */
	protected int raceTokens() {
		return 100;
	}

	private UseStore store() {
		UseStore store = createStore();
		this.created.add(store);
		return store;
	}

	@AfterEach
	void closeStores() throws Exception {
		for (UseStore store : this.created) {
			if (store instanceof AutoCloseable closeable) {
				closeable.close();
			}
		}
	}

	protected static String newId() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	protected static Duration inMinutes(int minutes) {
		return Duration.ofMinutes(minutes);
	}

	/** Runs the store's expired-entry cleanup, where it has one (JDBC). */
	protected void cleanUp(UseStore store) {
	}

	@Test
	void consumeWhenUsesAreLeftThenGrantsAndCounts() {
		UseStore store = store();
		String id = newId();
		assertThat(store.consume(id, 3, inMinutes(5))).isEqualTo(UseDecision.granted(1));
		assertThat(store.consume(id, 3, inMinutes(5))).isEqualTo(UseDecision.granted(2));
		assertThat(store.consume(id, 3, inMinutes(5))).isEqualTo(UseDecision.granted(3));
		UseDecision denied = store.consume(id, 3, inMinutes(5));
		assertThat(denied.outcome()).isEqualTo(UseDecision.Outcome.USED_UP);
		assertThat(denied.used()).isEqualTo(3);
		assertThat(store.usage(id)).isEqualTo(new UseRecord(3, false));
	}

	@Test
	void consumeWhenUnlimitedThenCountsWithoutLimit() {
		UseStore store = store();
		String id = newId();
		for (int i = 1; i <= 5; i++) {
			assertThat(store.consume(id, 0, inMinutes(5))).isEqualTo(UseDecision.granted(i));
		}
	}

	@Test
	void usageWhenIdIsUnknownThenNothingUsedAndNotRevoked() {
		assertThat(store().usage(newId())).isEqualTo(UseRecord.UNSEEN);
	}

	@Test
	void releaseWhenUseWasTakenThenGivesItBack() {
		UseStore store = store();
		String id = newId();
		store.consume(id, 1, inMinutes(5));
		assertThat(store.consume(id, 1, inMinutes(5)).granted()).isFalse();
		assertThat(store.release(id)).isTrue();
		assertThat(store.usage(id).used()).isZero();
		assertThat(store.consume(id, 1, inMinutes(5)).granted()).isTrue();
	}

	@Test
	void releaseWhenNothingWasTakenThenDoesNothing() {
		UseStore store = store();
		String id = newId();
		assertThat(store.release(id)).isFalse();
		assertThat(store.usage(id)).isEqualTo(UseRecord.UNSEEN);
	}

	@Test
	void revokeWhenTokenIsLiveThenEveryLaterConsumeIsDenied() {
		UseStore store = store();
		String id = newId();
		store.consume(id, 5, inMinutes(5));
		store.revoke(id, inMinutes(5));
		assertThat(store.consume(id, 5, inMinutes(5)).outcome()).isEqualTo(UseDecision.Outcome.REVOKED);
		assertThat(store.consume(id, 0, inMinutes(5)).outcome()).isEqualTo(UseDecision.Outcome.REVOKED);
		assertThat(store.usage(id)).isEqualTo(new UseRecord(1, true));
	}

	@Test
	void revokeWhenTokenWasNeverUsedThenConsumeIsDenied() {
		UseStore store = store();
		String id = newId();
		store.revoke(id, inMinutes(5));
		assertThat(store.consume(id, 1, inMinutes(5)).outcome()).isEqualTo(UseDecision.Outcome.REVOKED);
		assertThat(store.usage(id).revoked()).isTrue();
	}

	@Test
	void entriesWhenTheirTokenExpiredThenAreForgotten() throws Exception {
		UseStore store = store();
		String id = newId();
		Duration soon = Duration.ofMillis(1500);
		store.consume(id, 1, soon);
		store.revoke(newId(), soon);
		assertThat(store.usage(id).used()).isEqualTo(1);
		Thread.sleep(soon.toMillis() + 1200);
		cleanUp(store);
		assertThat(store.usage(id)).isEqualTo(UseRecord.UNSEEN);
	}

	@Test
	void consumeWhenLaterCallAsksForLessTimeThenEntryIsNotShortened() throws Exception {
		UseStore store = store();
		String id = newId();
		store.consume(id, 2, inMinutes(5));
		store.consume(id, 2, Duration.ofMillis(1));
		Thread.sleep(1100);
		cleanUp(store);
		assertThat(store.usage(id)).isEqualTo(new UseRecord(2, false));
		assertThat(store.consume(id, 2, Duration.ofMillis(1)).outcome()).isEqualTo(UseDecision.Outcome.USED_UP);
	}

	@Test
	void consumeWhenTtlIsNotPositiveThenRefused() {
		UseStore store = store();
		assertThatIllegalArgumentException().isThrownBy(() -> store.consume(newId(), 1, Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> store.revoke(newId(), Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> store.retire(newId(), 1, Duration.ZERO));
	}

	@Test
	void retireWhenUsesAreLeftThenEndsTheTokenAndReportsUsesTaken() {
		UseStore store = store();
		String id = newId();
		store.consume(id, 3, inMinutes(5));
		assertThat(store.retire(id, 3, inMinutes(5))).isEqualTo(UseDecision.granted(1));
		assertThat(store.usage(id)).isEqualTo(new UseRecord(1, true));
		assertThat(store.consume(id, 3, inMinutes(5)).outcome()).isEqualTo(UseDecision.Outcome.REVOKED);
		assertThat(store.retire(id, 3, inMinutes(5)).outcome()).isEqualTo(UseDecision.Outcome.REVOKED);
	}

	@Test
	void retireWhenTokenWasNeverSeenOrUnlimitedThenGrantedWithNoUsesTaken() {
		UseStore store = store();
		String unseen = newId();
		assertThat(store.retire(unseen, 1, inMinutes(5))).isEqualTo(UseDecision.granted(0));
		assertThat(store.usage(unseen).revoked()).isTrue();
		String unlimited = newId();
		store.consume(unlimited, 0, inMinutes(5));
		store.consume(unlimited, 0, inMinutes(5));
		assertThat(store.retire(unlimited, 0, inMinutes(5))).isEqualTo(UseDecision.granted(2));
		assertThat(store.consume(unlimited, 0, inMinutes(5)).outcome()).isEqualTo(UseDecision.Outcome.REVOKED);
	}

	@Test
	void retireWhenUsedUpOrRevokedThenDeniedAndNothingChanges() {
		UseStore store = store();
		String usedUp = newId();
		store.consume(usedUp, 1, inMinutes(5));
		assertThat(store.retire(usedUp, 1, inMinutes(5))).isEqualTo(UseDecision.usedUp(1));
		assertThat(store.usage(usedUp)).isEqualTo(new UseRecord(1, false));
		String revoked = newId();
		store.revoke(revoked, inMinutes(5));
		assertThat(store.retire(revoked, 1, inMinutes(5)).outcome()).isEqualTo(UseDecision.Outcome.REVOKED);
	}

	@ParameterizedTest(name = "application clock {0} s off the store's")
	@ValueSource(ints = { -30, 30 })
	void consumeWhenApplicationClockIsSkewedThenNeverMoreThanMaxUses(int skewSeconds) throws Exception {
		UseStore store = store();
		TokenService tokens = TokenService.builder()
			.localKey(LocalKey.generate())
			.store(store)
			.revocationChecks(true)
			.clock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(skewSeconds)))
			.build();
		IssuedToken single = tokens.issue(TokenRequest.forPurpose("skew").ttl(Duration.ofSeconds(10)).maxUses(1).build());
		IssuedToken revoked = tokens.issue(TokenRequest.forPurpose("skew").ttl(Duration.ofSeconds(10)).build());
		tokens.consume(single.value(), "skew");
		tokens.revoke(revoked.value(), "skew");
		cleanUp(store);
		assertThatExceptionOfType(TokenUsedUpException.class).isThrownBy(() -> tokens.consume(single.value(), "skew"));
		assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> tokens.verify(revoked.value(), "skew"));
		assertThat(store.usage(single.id())).isEqualTo(new UseRecord(1, false));
	}

	@ParameterizedTest(name = "maxUses {0}, revocation checks {1}")
	@CsvSource({ "1, false", "1, true", "2, false", "0, true" })
	void refreshWhenTwoRefreshesAndAConsumeRaceThenTheUsesAreSpentOnceEveryRound(int maxUses, boolean checks)
			throws Exception {
		UseStore store = store();
		TokenService tokens = TokenService.builder().localKey(LocalKey.generate()).store(store)
			.revocationChecks(checks).build();
		ExecutorService pool = Executors.newFixedThreadPool(3);
		try {
			for (int round = 0; round < REFRESH_ROUNDS; round++) {
				IssuedToken old = tokens.issue(limited("race", maxUses));
				CyclicBarrier start = new CyclicBarrier(3);
				Future<Optional<IssuedToken>> first = pool.submit(() -> refresh(tokens, old, start));
				Future<Optional<IssuedToken>> second = pool.submit(() -> refresh(tokens, old, start));
				Future<Boolean> consumed = pool.submit(() -> {
					start.await(10, TimeUnit.SECONDS);
					return tokens.tryConsume(old.value(), "race").isPresent();
				});
				List<IssuedToken> renewed = new ArrayList<>();
				first.get(30, TimeUnit.SECONDS).ifPresent(renewed::add);
				second.get(30, TimeUnit.SECONDS).ifPresent(renewed::add);
				int oldUses = consumed.get(30, TimeUnit.SECONDS) ? 1 : 0;
				assertThat(renewed).as("refreshes granted in round %d", round).hasSizeLessThanOrEqualTo(1);
				int newUses = 0;
				for (IssuedToken token : renewed) {
					while (newUses < maxUses + 1 && tokens.tryConsume(token.value(), "race").isPresent()) {
						newUses++;
					}
				}
				while (oldUses < maxUses + 1 && tokens.tryConsume(old.value(), "race").isPresent()) {
					oldUses++;
				}
				if (maxUses > 0) {
					assertThat(oldUses + newUses).as("uses spent in round %d", round).isEqualTo(maxUses);
				}
				else {
					// unlimited: a consume never blocks the refresh, and one of the two refreshes wins
					assertThat(renewed).as("refreshes granted in round %d", round).hasSize(1);
				}
				if (!renewed.isEmpty()) {
					assertThatExceptionOfType(TokenRevokedException.class)
						.isThrownBy(() -> tokens.consume(old.value(), "race"));
				}
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static Optional<IssuedToken> refresh(TokenService tokens, IssuedToken old, CyclicBarrier start)
			throws Exception {
		start.await(10, TimeUnit.SECONDS);
		try {
			return Optional.of(tokens.refresh(old.value(), "race"));
		}
		catch (TokenRevokedException | TokenUsedUpException ex) {
			return Optional.empty();
		}
	}

	@Test
	void pingWhenStoreIsReachableThenReturns() {
		store().ping();
	}

	@ParameterizedTest(name = "maxUses {0}")
	@ValueSource(ints = { 1, 3 })
	void consumeWhenManyThreadsRaceThenExactlyMaxUsesWin(int maxUses) throws Exception {
		UseStore store = store();
		assertExactlyMaxUsesWin(maxUses, store, store);
	}

	@ParameterizedTest(name = "maxUses {0}")
	@ValueSource(ints = { 1, 3 })
	void consumeWhenTwoStoreInstancesRaceThenExactlyMaxUsesWin(int maxUses) throws Exception {
		UseStore first = store();
		UseStore second = createSecondStore();
		this.created.add(second);
		assertExactlyMaxUsesWin(maxUses, first, second);
	}

	private void assertExactlyMaxUsesWin(int maxUses, UseStore first, UseStore second) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			for (int round = 0; round < raceTokens(); round++) {
				String id = newId();
				Duration expiresAt = inMinutes(5);
				CyclicBarrier start = new CyclicBarrier(THREADS);
				List<Future<Boolean>> results = new ArrayList<>();
				for (int t = 0; t < THREADS; t++) {
					UseStore store = (t % 2 == 0) ? first : second;
					results.add(pool.submit(() -> {
						start.await(10, TimeUnit.SECONDS);
						return store.consume(id, maxUses, expiresAt).granted();
					}));
				}
				int winners = 0;
				for (Future<Boolean> result : results) {
					if (result.get(30, TimeUnit.SECONDS)) {
						winners++;
					}
				}
				assertThat(winners).as("winners for token %d of %d", round, raceTokens()).isEqualTo(maxUses);
				assertThat(first.usage(id).used()).isEqualTo(maxUses);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	// ------------------------------------------------------------------ per-subject control

	private static TokenService service(LocalKey key, UseStore store) {
		return TokenService.builder().localKey(key).store(store)
			.purpose("magic", dev.tempid.PurposePolicy.NONE.withSingleActive(true).withMaxUses(1))
			.purpose("session", dev.tempid.PurposePolicy.NONE.withRevocableBySubject(true))
			.build();
	}

	/** A second instance on the same backend, or {@code store} itself for a store that cannot be shared. */
	private UseStore secondStoreOr(UseStore store) {
		try {
			UseStore second = createSecondStore();
			this.created.add(second);
			return second;
		}
		catch (UnsupportedOperationException ex) {
			return store;
		}
	}

	private static String user() {
		return "user-" + newId() + "@example.com";
	}

	@Test
	void generationWhenAdvancedThenTheEarlierGenerationIsDeniedInTheSameStep() {
		UseStore store = store();
		String subject = newId().substring(0, 32);
		String purpose = newId().substring(0, 16);
		long first = store.generation(subject, purpose, false, inMinutes(5));
		assertThat(first).isEqualTo(1);
		assertThat(store.generation(subject, purpose, false, inMinutes(5))).isEqualTo(1);
		String id = subject + "." + newId().substring(0, 22);
		Generation generation = new Generation(subject, purpose, first);
		assertThat(store.consume(id, 0, inMinutes(5), generation).granted()).isTrue();
		assertThat(store.usage(id, generation)).isEqualTo(new UseRecord(1, false));
		assertThat(store.generation(subject, purpose, true, inMinutes(5))).isEqualTo(2);
		assertThat(store.consume(id, 0, inMinutes(5), generation).outcome()).isEqualTo(UseDecision.Outcome.REVOKED);
		assertThat(store.retire(id, 0, inMinutes(5), generation).outcome()).isEqualTo(UseDecision.Outcome.REVOKED);
		assertThat(store.usage(id, generation).revoked()).isTrue();
		assertThat(store.consume(id, 0, inMinutes(5), new Generation(subject, purpose, 2)).granted()).isTrue();
	}

	@Test
	void generationWhenTheStoreHoldsNoneThenTheTokenIsDenied() {
		UseStore store = store();
		String subject = newId().substring(0, 32);
		Generation never = new Generation(subject, newId().substring(0, 16), 1);
		assertThat(store.consume(subject + "." + newId().substring(0, 22), 1, inMinutes(5), never).outcome())
			.isEqualTo(UseDecision.Outcome.REVOKED);
	}

	@Test
	void advanceGenerationsWhenForEveryPurposeThenOtherSubjectsKeepTheirs() {
		UseStore store = store();
		String subject = newId().substring(0, 32);
		String other = newId().substring(0, 32);
		String a = newId().substring(0, 16);
		String b = newId().substring(0, 16);
		Generation ga = new Generation(subject, a, store.generation(subject, a, false, inMinutes(5)));
		Generation gb = new Generation(subject, b, store.generation(subject, b, false, inMinutes(5)));
		Generation go = new Generation(other, a, store.generation(other, a, false, inMinutes(5)));
		store.advanceGenerations(subject, a);
		assertThat(store.usage(subject + "." + newId().substring(0, 22), ga).revoked()).isTrue();
		assertThat(store.usage(subject + "." + newId().substring(0, 22), gb).revoked()).isFalse();
		store.advanceGenerations(subject, null);
		assertThat(store.usage(subject + "." + newId().substring(0, 22), gb).revoked()).isTrue();
		assertThat(store.usage(other + "." + newId().substring(0, 22), go).revoked()).isFalse();
	}

	@Test
	void issueWhenPurposeIsSingleActiveThenTheNewTokenSupersedesTheEarlierOne() {
		TokenService tokens = service(LocalKey.generate(), store());
		String subject = user();
		IssuedToken first = tokens.issue(TokenRequest.forPurpose("magic").subject(subject).build());
		IssuedToken second = tokens.issue(TokenRequest.forPurpose("magic").subject(subject).build());
		IssuedToken otherUser = tokens.issue(TokenRequest.forPurpose("magic").subject(user()).build());
		assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> tokens.verify(first.value(), "magic"));
		assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> tokens.consume(first.value(), "magic"));
		assertThat(tokens.consume(second.value(), "magic").subject()).isEqualTo(subject);
		assertThat(tokens.consume(otherUser.value(), "magic")).isNotNull();
	}

	@Test
	void revokeAllWhenCalledOnAnotherInstanceThenEveryTokenAndSessionOfTheSubjectEnds() {
		LocalKey key = LocalKey.generate();
		UseStore firstStore = store();
		TokenService first = service(key, firstStore);
		TokenService second = service(key, secondStoreOr(firstStore));
		String subject = user();
		IssuedToken link = first.issue(TokenRequest.forPurpose("magic").subject(subject).build());
		IssuedToken session = first.issue(TokenRequest.forPurpose("session").subject(subject).sessionId("s" + newId().substring(0, 20)).build());
		IssuedToken kept = first.issue(TokenRequest.forPurpose("session").subject(user()).build());
		assertThat(second.verify(session.value(), "session").subject()).isEqualTo(subject);
		second.revokeAll(subject, "session");
		assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> first.verify(session.value(), "session"));
		assertThat(first.verify(link.value(), "magic")).isNotNull();
		second.revokeAll(subject);
		assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> first.consume(link.value(), "magic"));
		assertThat(first.verify(kept.value(), "session")).isNotNull();
		IssuedToken after = first.issue(TokenRequest.forPurpose("session").subject(subject).build());
		assertThat(second.verify(after.value(), "session")).isNotNull();
	}

	@Test
	void revokeWhenTokenIsInASessionThenEveryTokenOfTheSessionEnds() {
		TokenService tokens = service(LocalKey.generate(), store());
		String subject = user();
		String sid = "s" + newId().substring(0, 20);
		IssuedToken first = tokens.issue(TokenRequest.forPurpose("session").subject(subject).sessionId(sid).build());
		IssuedToken renewed = tokens.issue(TokenRequest.forPurpose("session").subject(subject).sessionId(sid).build());
		IssuedToken otherSession = tokens.issue(TokenRequest.forPurpose("session").subject(subject).sessionId("t" + newId().substring(0, 20)).build());
		tokens.revoke(tokens.verify(first.value(), "session"));
		assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> tokens.verify(renewed.value(), "session"));
		assertThat(tokens.verify(otherSession.value(), "session")).isNotNull();
	}

	@Test
	void consumeCodeWhenLinkAndCodeRaceThenExactlyOneWins() throws Exception {
		TokenService tokens = service(LocalKey.generate(), store());
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			for (int round = 0; round < Math.max(1, raceTokens() / 5); round++) {
				String subject = user();
				IssuedToken link = tokens.issue(TokenRequest.forPurpose("magic").subject(subject).withCode(subject).build());
				assertThat(link.code()).matches("[0-9]{6}");
				CyclicBarrier start = new CyclicBarrier(THREADS);
				List<Future<Boolean>> results = new ArrayList<>();
				for (int t = 0; t < THREADS; t++) {
					boolean code = t % 2 == 0;
					results.add(pool.submit(() -> {
						start.await(10, TimeUnit.SECONDS);
						try {
							if (code) {
								tokens.consumeCode("magic", subject, subject, link.code());
							}
							else {
								tokens.consume(link.value(), "magic");
							}
							return true;
						}
						catch (dev.tempid.TempIdException ex) {
							assertThat(ex.reason()).isEqualTo(dev.tempid.Reason.USED_UP);
							return false;
						}
					}));
				}
				int winners = 0;
				for (Future<Boolean> result : results) {
					if (result.get(30, TimeUnit.SECONDS)) {
						winners++;
					}
				}
				assertThat(winners).as("winners of round %d", round).isEqualTo(1);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void countWhenUnderTheLimitThenAllowsAndCountsAndBeyondItDeniesWithTheTimeLeft() {
		UseStore store = store();
		String key = "#" + newId();
		for (int i = 1; i <= 3; i++) {
			WindowCount count = store.count(key, 3, inMinutes(15));
			assertThat(count.allowed()).isTrue();
			assertThat(count.count()).isEqualTo(i);
		}
		WindowCount denied = store.count(key, 3, inMinutes(15));
		assertThat(denied.allowed()).isFalse();
		assertThat(denied.count()).isEqualTo(3);
		assertThat(denied.retryAfter()).isGreaterThan(inMinutes(14)).isLessThanOrEqualTo(inMinutes(15));
		// another key has its own window
		assertThat(store.count("#" + newId(), 3, inMinutes(15)).allowed()).isTrue();
		// counts never touch token entries
		assertThat(store.usage(newId())).isEqualTo(UseRecord.UNSEEN);
	}

	@Test
	void countWhenTheWindowHasEndedThenStartsANewOne() throws Exception {
		UseStore store = store();
		String key = "#" + newId();
		Duration window = Duration.ofMillis(1500);
		assertThat(store.count(key, 2, window).allowed()).isTrue();
		assertThat(store.count(key, 2, window).allowed()).isTrue();
		assertThat(store.count(key, 2, window).allowed()).isFalse();
		Thread.sleep(window.toMillis() + 1200);
		WindowCount fresh = store.count(key, 2, window);
		assertThat(fresh.allowed()).isTrue();
		assertThat(fresh.count()).isEqualTo(1);
		cleanUp(store);
		assertThat(store.count(key, 2, window).count()).isEqualTo(2);
	}

	@Test
	void countWhenLimitOrWindowIsInvalidThenRefused() {
		UseStore store = store();
		assertThatIllegalArgumentException().isThrownBy(() -> store.count("#" + newId(), 0, inMinutes(1)));
		assertThatIllegalArgumentException().isThrownBy(() -> store.count("#" + newId(), 1, Duration.ZERO));
	}

	@ParameterizedTest(name = "limit {0}")
	@ValueSource(ints = { 1, 5 })
	void countWhenThreadsOfTwoStoreInstancesRaceThenExactlyTheLimitIsAllowed(int limit) throws Exception {
		UseStore first = store();
		UseStore second;
		try {
			second = createSecondStore();
			this.created.add(second);
		}
		catch (UnsupportedOperationException ex) {
			// a store that one JVM holds (in memory): its threads race on it
			second = first;
		}
		UseStore other = second;
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			for (int round = 0; round < Math.max(10, raceTokens() / 5); round++) {
				String key = "#" + newId();
				CyclicBarrier start = new CyclicBarrier(THREADS);
				List<Future<Boolean>> results = new ArrayList<>();
				for (int t = 0; t < THREADS; t++) {
					UseStore store = (t % 2 == 0) ? first : other;
					results.add(pool.submit(() -> {
						start.await(10, TimeUnit.SECONDS);
						return store.count(key, limit, inMinutes(15)).allowed();
					}));
				}
				int allowed = 0;
				for (Future<Boolean> result : results) {
					if (result.get(30, TimeUnit.SECONDS)) {
						allowed++;
					}
				}
				assertThat(allowed).as("allowed in round %d", round).isEqualTo(limit);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void consumeCodeWhenWrongCodesReachTheLimitThenTheCodeAndTheLinkAreDead() throws Exception {
		TokenService tokens = service(LocalKey.generate(), store());
		String subject = user();
		IssuedToken link = tokens.issue(TokenRequest.forPurpose("magic").subject(subject).withCode(subject).build());
		String wrong = String.format("%06d", (Integer.parseInt(link.code()) + 1) % 1_000_000);
		// 32 concurrent wrong guesses: exactly MAX_CODE_TRIES are compared, the rest find the code dead
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		List<Future<dev.tempid.Reason>> results = new ArrayList<>();
		CyclicBarrier start = new CyclicBarrier(THREADS);
		for (int t = 0; t < THREADS; t++) {
			results.add(pool.submit(() -> {
				start.await(10, TimeUnit.SECONDS);
				try {
					tokens.consumeCode("magic", subject, subject, wrong);
					return null;
				}
				catch (dev.tempid.TempIdException ex) {
					return ex.reason();
				}
			}));
		}
		int wrongAnswers = 0;
		for (Future<dev.tempid.Reason> result : results) {
			dev.tempid.Reason reason = result.get(30, TimeUnit.SECONDS);
			assertThat(reason).isIn(dev.tempid.Reason.WRONG_CODE, dev.tempid.Reason.REVOKED);
			if (reason == dev.tempid.Reason.WRONG_CODE) {
				wrongAnswers++;
			}
		}
		pool.shutdownNow();
		assertThat(wrongAnswers).isEqualTo(TokenService.MAX_CODE_TRIES - 1);
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> tokens.consumeCode("magic", subject, subject, link.code()));
		assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> tokens.consume(link.value(), "magic"));
	}

	@Test
	void consumeCodeWhenCodeOrAddressBelongsToAnotherUserThenRefused() {
		TokenService tokens = service(LocalKey.generate(), store());
		String alice = user();
		String bob = user();
		IssuedToken aliceLink = tokens.issue(TokenRequest.forPurpose("magic").subject(alice).withCode(alice).build());
		IssuedToken bobLink = tokens.issue(TokenRequest.forPurpose("magic").subject(bob).withCode(bob).build());
		if (!aliceLink.code().equals(bobLink.code())) {
			assertThatExceptionOfType(dev.tempid.WrongCodeException.class)
				.isThrownBy(() -> tokens.consumeCode("magic", bob, bob, aliceLink.code()));
		}
		assertThatExceptionOfType(dev.tempid.WrongCodeException.class)
			.isThrownBy(() -> tokens.consumeCode("magic", bob, alice, bobLink.code()));
		assertThatExceptionOfType(dev.tempid.WrongCodeException.class)
			.isThrownBy(() -> tokens.consumeCode("magic", alice, bob, bobLink.code()));
		tokens.consumeCode("magic", alice, alice.toUpperCase(java.util.Locale.ROOT), aliceLink.code());
		tokens.consumeCode("magic", bob, bob, bobLink.code());
		assertThatExceptionOfType(TokenUsedUpException.class).isThrownBy(() -> tokens.consume(aliceLink.value(), "magic"));
		assertThatExceptionOfType(TokenUsedUpException.class)
			.isThrownBy(() -> tokens.consumeCode("magic", alice, alice, aliceLink.code()));
	}

	@Test
	void consumeCodeWhenALaterLinkSupersedesThenTheEarlierCodeIsReplaced() {
		TokenService tokens = service(LocalKey.generate(), store());
		String subject = user();
		IssuedToken first = tokens.issue(TokenRequest.forPurpose("magic").subject(subject).withCode(subject).build());
		IssuedToken second = tokens.issue(TokenRequest.forPurpose("magic").subject(subject).withCode(subject).build());
		if (!first.code().equals(second.code())) {
			assertThatExceptionOfType(dev.tempid.WrongCodeException.class)
				.isThrownBy(() -> tokens.consumeCode("magic", subject, subject, first.code()));
		}
		tokens.consumeCode("magic", subject, subject, second.code());
		assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> tokens.consume(first.value(), "magic"));
	}

	@Test
	void issueWhenThePurposesIssueLimitIsReachedThenTooManyIssuedWithRetryAfter() {
		UseStore store = store();
		TokenService tokens = TokenService.builder()
			.localKey(LocalKey.generate())
			.store(store)
			.issueLimit("magic-link", IssueLimit.valueOf("3 per 15m"))
			.build();
		String subject = "user-" + newId() + "@example.com";
		for (int i = 0; i < 3; i++) {
			tokens.issue(TokenRequest.forPurpose("magic-link").subject(subject).build());
		}
		assertThatExceptionOfType(TooManyIssuedException.class)
			.isThrownBy(() -> tokens.issue(TokenRequest.forPurpose("magic-link").subject(subject).build()))
			.satisfies((ex) -> {
				assertThat(ex.reason()).isEqualTo(Reason.TOO_MANY_ISSUED);
				assertThat(ex.retryAfter()).isGreaterThan(inMinutes(14)).isLessThanOrEqualTo(inMinutes(15));
				assertThat(ex.getMessage()).doesNotContain(subject);
			});
		// the limit is per subject and per purpose; the counter is the one the limiter touches
		tokens.issue(TokenRequest.forPurpose("magic-link").subject("other-" + subject).build());
		tokens.issue(TokenRequest.forPurpose("password-reset").subject(subject).build());
		assertThatExceptionOfType(TooManyIssuedException.class)
			.isThrownBy(() -> tokens.issueLimiter().acquire("magic-link", subject));
		tokens.issueLimiter().acquire("magic-link", "unknown-" + subject);
	}

	/** A request of a purpose with a use limit, {@code 0} leaving it out (unlimited). */
	private static TokenRequest limited(String purpose, int maxUses) {
		TokenRequest.Builder request = TokenRequest.forPurpose(purpose);
		return ((maxUses > 0) ? request.maxUses(maxUses) : request).build();
	}

}
