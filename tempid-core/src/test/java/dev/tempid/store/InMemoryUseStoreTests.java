package dev.tempid.store;

import java.time.Duration;
import java.time.Instant;

import dev.tempid.MutableClock;
import dev.tempid.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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

}
