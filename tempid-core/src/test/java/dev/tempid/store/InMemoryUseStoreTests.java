package dev.tempid.store;

import java.time.Duration;
import java.time.Instant;

import dev.tempid.MutableClock;
import dev.tempid.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InMemoryUseStoreTests extends UseStoreContractTests {

	@Override
	protected UseStore createStore() {
		return new InMemoryUseStore();
	}

	@Override
	protected UseStore createSecondStore() {
		throw new UnsupportedOperationException();
	}

	@Override
	@org.junit.jupiter.params.ParameterizedTest(name = "maxUses {0}")
	@org.junit.jupiter.params.provider.ValueSource(ints = { 1, 3 })
	void consumeWhenTwoStoreInstancesRaceThenExactlyMaxUsesWin(int maxUses) {
		// one JVM's memory is never shared between instances: nothing to race
		assertThat(new InMemoryUseStore().usage("x")).isEqualTo(UseRecord.UNSEEN);
	}

	@Test
	void consumeWhenStoreIsFullOfLiveEntriesThenFailsClosedAndKeepsEveryCount() {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		InMemoryUseStore store = new InMemoryUseStore(clock, 3);
		Duration later = Duration.ofSeconds(60);
		store.consume("a", 2, later);
		store.consume("b", 2, later);
		store.consume("c", 2, later);
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> store.consume("d", 2, later))
			.withMessageContaining("full");
		assertThat(store.usage("a").used()).isEqualTo(1);
		assertThat(store.consume("a", 2, later).granted()).isTrue();
		assertThat(store.consume("a", 2, later).granted()).isFalse();
	}

	@Test
	void consumeWhenStoreIsFullOfExpiredEntriesThenSweepsThemFirst() {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		InMemoryUseStore store = new InMemoryUseStore(clock, 2);
		store.consume("a", 1, Duration.ofSeconds(10));
		store.consume("b", 1, Duration.ofSeconds(10));
		clock.advance(Duration.ofSeconds(11));
		assertThat(store.consume("c", 1, Duration.ofSeconds(10)).granted()).isTrue();
		assertThat(store.size()).isEqualTo(1);
	}

	@Test
	void usageWhenEntryExpiredByTheInjectedClockThenUnseen() {
		MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		InMemoryUseStore store = new InMemoryUseStore(clock, 10);
		store.revoke("a", Duration.ofSeconds(5));
		assertThat(store.usage("a").revoked()).isTrue();
		clock.advance(Duration.ofSeconds(6));
		assertThat(store.usage("a")).isEqualTo(UseRecord.UNSEEN);
		assertThat(store.consume("a", 1, Duration.ofSeconds(5)).granted()).isTrue();
		assertThat(store.sweep()).isZero();
	}


	private static final String SUBJECT = "0123456789abcdef0123456789abcdef";

	private static final String OTHER_SUBJECT = "fedcba9876543210fedcba9876543210";

	private static final String PURPOSE = "0123456789abcdef";

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	@Test
	void constructorWhenMaxEntriesIsOneThenHoldsExactlyOneAndBelowOneRefused() {
		InMemoryUseStore store = new InMemoryUseStore(this.clock, 1);
		assertThat(store.consume("a", 1, Duration.ofMinutes(1)).granted()).isTrue();
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> store.consume("b", 1, Duration.ofMinutes(1)));
		assertThat(store.maxEntries()).isEqualTo(1);
		assertThat(store).hasToString("InMemoryUseStore[size=1, maxEntries=1]");
		assertThatIllegalArgumentException().isThrownBy(() -> new InMemoryUseStore(this.clock, 0))
			.withMessage("maxEntries must be at least 1");
	}

	@Test
	void sweepWhenEntriesExpiredThenDropsThemAndSaysHowMany() {
		InMemoryUseStore store = new InMemoryUseStore(this.clock, 10);
		store.consume("a", 1, Duration.ofSeconds(10));
		store.revoke("b", Duration.ofSeconds(10));
		store.consume("c", 1, Duration.ofSeconds(30));
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(store.sweep()).isZero();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(store.size()).isEqualTo(3);
		assertThat(store.sweep()).isEqualTo(2);
		assertThat(store.size()).isEqualTo(1);
		assertThat(store.usage("c").used()).isEqualTo(1);
	}

	@Test
	void writeWhenEvery4096thThenExpiredEntriesAreSweptOnTheCallersThread() {
		InMemoryUseStore store = new InMemoryUseStore(this.clock, 10_000);
		store.consume("a", 0, Duration.ofSeconds(1));
		store.consume("b", 0, Duration.ofSeconds(1));
		store.consume("c", 0, Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(2));
		for (int write = 4; write < InMemoryUseStore.SWEEP_INTERVAL_OPERATIONS; write++) {
			store.consume("busy", 0, Duration.ofMinutes(1));
		}
		// expired, not yet swept
		assertThat(store.size()).isEqualTo(4);
		store.consume("busy", 0, Duration.ofMinutes(1));
		assertThat(store.size()).isEqualTo(1);
		assertThat(store.usage("busy").used()).isEqualTo(InMemoryUseStore.SWEEP_INTERVAL_OPERATIONS - 3);
	}

	@Test
	void releaseWhenTheEntryExpiredThenNothingIsGivenBack() {
		InMemoryUseStore store = new InMemoryUseStore(this.clock, 10);
		store.consume("a", 1, Duration.ofSeconds(10));
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(store.release("a")).isFalse();
		assertThat(store.usage("a")).isEqualTo(UseRecord.UNSEEN);
	}

	@Test
	void generationWhenTheStoreIsFullOfLiveSubjectsThenFailsClosedButKnownSubjectsGoOn() {
		InMemoryUseStore store = new InMemoryUseStore(this.clock, 2);
		store.generation(SUBJECT, PURPOSE, false, Duration.ofMinutes(1));
		store.generation(OTHER_SUBJECT, PURPOSE, false, Duration.ofMinutes(2));
		String third = "00000000000000000000000000000000";
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> store.generation(third, PURPOSE, false, Duration.ofMinutes(1)))
			.withMessageContaining("live subject generations");
		assertThat(store.generation(SUBJECT, PURPOSE, true, Duration.ofMinutes(1))).isEqualTo(2);
		// once one has expired, it makes room
		this.clock.advance(Duration.ofMinutes(1).plusMillis(1));
		assertThat(store.generation(third, PURPOSE, false, Duration.ofMinutes(1))).isEqualTo(1);
		assertThat(store.generation(OTHER_SUBJECT, PURPOSE, false, Duration.ofMinutes(1))).isEqualTo(1);
	}

	@Test
	void generationWhenTheSubjectsGenerationsExpiredThenTheyStartAgain() {
		InMemoryUseStore store = new InMemoryUseStore(this.clock, 10);
		assertThat(store.generation(SUBJECT, PURPOSE, true, Duration.ofMinutes(1))).isEqualTo(1);
		assertThat(store.generation(SUBJECT, PURPOSE, true, Duration.ofMinutes(1))).isEqualTo(2);
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(store.generation(SUBJECT, PURPOSE, false, Duration.ofMinutes(1))).isEqualTo(2);
		this.clock.advance(Duration.ofMinutes(1).plusMillis(1));
		assertThat(store.generation(SUBJECT, PURPOSE, false, Duration.ofMinutes(1))).isEqualTo(1);
	}

	@Test
	void retireWhenTheGenerationIsCurrentThenLikeRetireWithout() {
		InMemoryUseStore store = new InMemoryUseStore(this.clock, 10);
		Generation generation = new Generation(SUBJECT, PURPOSE, store.generation(SUBJECT, PURPOSE, false,
				Duration.ofMinutes(5)));
		String limited = SUBJECT + ".limited";
		store.consume(limited, 3, Duration.ofMinutes(5), generation);
		assertThat(store.retire(limited, 3, Duration.ofMinutes(5), generation)).isEqualTo(UseDecision.granted(1));
		assertThat(store.usage(limited, generation)).isEqualTo(new UseRecord(1, true));
		assertThat(store.retire(limited, 3, Duration.ofMinutes(5), generation).outcome())
			.isEqualTo(UseDecision.Outcome.REVOKED);
		String usedUp = SUBJECT + ".usedup";
		store.consume(usedUp, 2, Duration.ofMinutes(5), generation);
		store.consume(usedUp, 2, Duration.ofMinutes(5), generation);
		assertThat(store.retire(usedUp, 2, Duration.ofMinutes(5), generation)).isEqualTo(UseDecision.usedUp(2));
		assertThat(store.usage(usedUp, generation)).isEqualTo(new UseRecord(2, false));
		String unlimited = SUBJECT + ".unlimited";
		store.consume(unlimited, 0, Duration.ofMinutes(5), generation);
		store.consume(unlimited, 0, Duration.ofMinutes(5), generation);
		assertThat(store.retire(unlimited, 0, Duration.ofMinutes(5), generation)).isEqualTo(UseDecision.granted(2));
		String fresh = SUBJECT + ".fresh";
		assertThat(store.retire(fresh, 1, Duration.ofMinutes(5), generation)).isEqualTo(UseDecision.granted(0));
	}

	@Test
	void putCodeWhenTheCodeLivesLongerThanItsTokensEntryThenTheEntryIsKeptAsLong() {
		InMemoryUseStore store = new InMemoryUseStore(this.clock, 10);
		Generation generation = generation(store);
		String token = SUBJECT + ".token";
		store.consume(token, 2, Duration.ofMinutes(1), generation);
		store.putCode(SUBJECT + "~c" + PURPOSE, "hash", token, generation, Duration.ofMinutes(10));
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(store.usage(token, generation)).isEqualTo(new UseRecord(1, false));
	}

	@Test
	void putCodeWhenTheStoreIsFullOfLiveCodesThenFailsClosedButACodeCanBeReplaced() {
		InMemoryUseStore store = new InMemoryUseStore(this.clock, 2);
		Generation generation = generation(store);
		String token = SUBJECT + ".token";
		store.putCode(SUBJECT + "~c1", "h1", token, generation, Duration.ofMinutes(1));
		store.putCode(SUBJECT + "~c2", "h2", token, generation, Duration.ofMinutes(2));
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> store.putCode(SUBJECT + "~c3", "h3", token, generation, Duration.ofMinutes(1)))
			.withMessageContaining("live login codes");
		store.putCode(SUBJECT + "~c1", "h1b", token, generation, Duration.ofMinutes(1));
		assertThat(store.useCode(SUBJECT + "~c1", "h1b", 5, 1, Duration.ofMinutes(1)).outcome())
			.isEqualTo(CodeDecision.Outcome.GRANTED);
		// once one has expired, it makes room
		this.clock.advance(Duration.ofMinutes(1).plusMillis(1));
		store.putCode(SUBJECT + "~c3", "h3", token, generation, Duration.ofMinutes(1));
		assertThat(store.useCode(SUBJECT + "~c2", "h2", 5, 0, Duration.ofMinutes(1)).outcome())
			.isEqualTo(CodeDecision.Outcome.GRANTED);
	}

	@Test
	void useCodeWhenDecidedThenReportsTheTriesLeftAndTheUsesTaken() {
		InMemoryUseStore store = new InMemoryUseStore(this.clock, 10);
		Generation generation = generation(store);
		String granted = SUBJECT + ".granted";
		store.putCode("code-1", "right", granted, generation, Duration.ofMinutes(5));
		assertThat(store.useCode("code-1", "wrong", 5, 1, Duration.ofMinutes(5)))
			.isEqualTo(new CodeDecision(CodeDecision.Outcome.WRONG, 4, 0));
		assertThat(store.useCode("code-1", "right", 5, 1, Duration.ofMinutes(5)))
			.isEqualTo(new CodeDecision(CodeDecision.Outcome.GRANTED, 4, 1));
		assertThat(store.useCode("code-1", "right", 5, 1, Duration.ofMinutes(5)))
			.isEqualTo(new CodeDecision(CodeDecision.Outcome.USED_UP, 4, 1));
		String revoked = SUBJECT + ".revoked";
		store.putCode("code-2", "right", revoked, generation, Duration.ofMinutes(5));
		store.useCode("code-2", "wrong", 5, 1, Duration.ofMinutes(5));
		store.useCode("code-2", "wrong", 5, 1, Duration.ofMinutes(5));
		store.revoke(revoked, Duration.ofMinutes(5));
		assertThat(store.useCode("code-2", "right", 5, 1, Duration.ofMinutes(5)))
			.isEqualTo(new CodeDecision(CodeDecision.Outcome.REVOKED, 3, 0));
		assertThat(store.useCode("unknown", "right", 5, 1, Duration.ofMinutes(5)))
			.isEqualTo(new CodeDecision(CodeDecision.Outcome.NONE, 0, 0));
	}

	@Test
	void useCodeWhenTheCodeExpiredThenNoneIsHeld() {
		InMemoryUseStore store = new InMemoryUseStore(this.clock, 10);
		Generation generation = generation(store);
		store.putCode("code", "right", SUBJECT + ".t", generation, Duration.ofMinutes(5));
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(store.useCode("code", "wrong", 5, 1, Duration.ofMinutes(5)).outcome())
			.isEqualTo(CodeDecision.Outcome.WRONG);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(store.useCode("code", "right", 5, 1, Duration.ofMinutes(5)).outcome())
			.isEqualTo(CodeDecision.Outcome.NONE);
	}

	private static Generation generation(InMemoryUseStore store) {
		return new Generation(SUBJECT, PURPOSE, store.generation(SUBJECT, PURPOSE, false, Duration.ofMinutes(30)));
	}

}
