package dev.tempid;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.tempid.TokenListeners.Observation;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The one place that tells listeners of an operation: inert and allocation-free without
 * listeners, and never broken by a listener that throws.
 */
class TokenListenersTests {

	private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");

	@Test
	void startWhenNoListenerThenTheSameInertObservationEveryTime() {
		TokenListeners none = new TokenListeners(List.of());
		Observation first = none.start(Operation.VERIFY, "p", AT);
		assertThat(none.start(Operation.CONSUME, "q", AT.plusSeconds(1))).isSameAs(first);
		first.succeeded("id", "user");
		first.failed(new TokenExpiredException("expired", "id"));
	}

	@Test
	void succeededWhenListenersThenEachGetsTheEventWithItsOwnContext() {
		List<String> calls = new ArrayList<>();
		List<TokenEvent> events = new ArrayList<>();
		TokenListeners listeners = new TokenListeners(
				List.of(new Recording("a", calls, events), new Recording("b", calls, events)));
		Observation observation = listeners.start(Operation.CONSUME, "reset", AT);
		assertThat(calls).containsExactly("a start CONSUME reset", "b start CONSUME reset");
		observation.succeeded("id-1", "user:42");
		assertThat(calls).endsWith("a event ctx-a", "b event ctx-b");
		assertThat(events).hasSize(2).allSatisfy((event) -> {
			assertThat(event.operation()).isEqualTo(Operation.CONSUME);
			assertThat(event.purpose()).isEqualTo("reset");
			assertThat(event.succeeded()).isTrue();
			assertThat(event.tokenId()).isEqualTo("id-1");
			assertThat(event.subject()).isEqualTo("user:42");
			assertThat(event.at()).isEqualTo(AT);
			assertThat(event.elapsed().isNegative()).isFalse();
		});
	}

	@Test
	void succeededWhenTheOperationTookTimeThenTheEventSaysHowLongAtMost() throws InterruptedException {
		List<TokenEvent> events = new ArrayList<>();
		TokenListeners listeners = new TokenListeners(List.of(events::add));
		long before = System.nanoTime();
		Observation observation = listeners.start(Operation.VERIFY, "p", AT);
		Thread.sleep(5);
		observation.succeeded("id", null);
		long took = System.nanoTime() - before;
		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(5));
			assertThat(event.elapsed()).isLessThanOrEqualTo(Duration.ofNanos(took));
		});
	}

	@Test
	void failedWhenExceptionThenItsReasonAndTokenIdAndNoSubject() {
		List<TokenEvent> events = new ArrayList<>();
		TokenListeners listeners = new TokenListeners(List.of(events::add));
		listeners.start(Operation.VERIFY, "p", AT).failed(new TokenRevokedException("revoked", "id-7"));
		listeners.start(Operation.RELEASE, "p", AT).failed(new StoreUnavailableException("down"), "id-8", "u");
		assertThat(events).extracting(TokenEvent::reason, TokenEvent::tokenId, TokenEvent::subject)
			.containsExactly(tuple(Reason.REVOKED, "id-7", null),
					tuple(Reason.STORE_UNAVAILABLE, "id-8", "u"));
		assertThat(events).noneMatch(TokenEvent::succeeded);
		assertThat(events).extracting(TokenEvent::outcome).containsExactly("REVOKED", "STORE_UNAVAILABLE");
	}

	@Test
	void startWhenAListenerThrowsThenTheOthersStillHearOfTheOperation() {
		List<TokenEvent> events = new ArrayList<>();
		TokenListener broken = new TokenListener() {

			@Override
			public @Nullable Object onStart(Operation operation, String purpose) {
				throw new IllegalStateException("observer bug");
			}

			@Override
			public void onEvent(TokenEvent event) {
				throw new IllegalStateException("observer bug");
			}

		};
		TokenListeners listeners = new TokenListeners(List.of(broken, events::add));
		listeners.start(Operation.ISSUE, "p", AT).succeeded("id", null);
		assertThat(events).singleElement().extracting(TokenEvent::tokenId).isEqualTo("id");
	}

	private record Recording(String name, List<String> calls, List<TokenEvent> events) implements TokenListener {

		@Override
		public @Nullable Object onStart(Operation operation, String purpose) {
			this.calls.add(this.name + " start " + operation + " " + purpose);
			return "ctx-" + this.name;
		}

		@Override
		public void onEvent(TokenEvent event, @Nullable Object context) {
			this.calls.add(this.name + " event " + context);
			this.events.add(event);
		}

		@Override
		public void onEvent(TokenEvent event) {
			throw new AssertionError("the context-taking method is called");
		}

	}

}
