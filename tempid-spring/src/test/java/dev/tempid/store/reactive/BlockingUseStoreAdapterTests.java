package dev.tempid.store.reactive;

import java.time.Duration;

import dev.tempid.LocalKey;
import dev.tempid.PurposePolicy;
import dev.tempid.StoreUnavailableException;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.TokenUsedUpException;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.StoreFeatures;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import dev.tempid.store.UseStore;
import dev.tempid.store.UseStoreContractTests;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The blocking store contract on the adapter over the in-memory reactive store, and what
 * the adapter adds: its refusal on non-blocking threads and its bounds.
 */
class BlockingUseStoreAdapterTests extends UseStoreContractTests {

	private final InMemoryUseStore shared = new InMemoryUseStore();

	@Override
	protected UseStore createStore() {
		return new BlockingUseStoreAdapter(new InMemoryReactiveUseStore(this.shared));
	}

	/** Two faces of one in-memory store: the one way two callers share counts in memory. */
	@Override
	protected UseStore createSecondStore() {
		return new BlockingUseStoreAdapter(new InMemoryReactiveUseStore(this.shared));
	}

	@Test
	void storeFeaturesWhenTheWrappedStoreKeepsNoGenerationsThenTheServiceRefusesWhatNeedsThemAtBuild() {
		UseStore overBare = new BlockingUseStoreAdapter(new BareReactiveUseStore());
		assertThat(StoreFeatures.keepsSubjectGenerations(overBare, UseStore.class)).isFalse();
		assertThat(StoreFeatures.countsEvents(overBare, UseStore.class)).isFalse();
		assertThat(StoreFeatures.keepsSubjectGenerations(createStore(), UseStore.class)).isTrue();
		assertThat(StoreFeatures.countsEvents(createStore(), UseStore.class)).isTrue();
		assertThatIllegalStateException()
			.isThrownBy(() -> TokenService.builder().localKey(LocalKey.generate()).store(overBare)
				.purpose("password-reset", PurposePolicy.NONE.withSingleActive(true)).build())
			.withMessageContaining("keeps no subject generations")
			.withMessageContaining("[password-reset]");
	}

	@Test
	void consumeWhenCalledOnANonBlockingThreadThenRefusedNamingReactiveTokenService() {
		UseStore store = createStore();
		Mono<UseDecision> onParallel = Mono.fromCallable(() -> store.consume("x", 1, inMinutes(5)))
			.subscribeOn(Schedulers.parallel());
		assertThatIllegalStateException().isThrownBy(onParallel::block)
			.withMessageContaining("non-blocking thread 'parallel-")
			.withMessageContaining("ReactiveTokenService");
		Mono<Void> pingOnParallel = Mono.<Void>fromRunnable(store::ping).subscribeOn(Schedulers.parallel());
		assertThatIllegalStateException().isThrownBy(pingOnParallel::block).withMessageContaining("ping");
		// refused before the store was touched
		assertThat(this.shared.usage("x")).isEqualTo(UseRecord.UNSEEN);
	}

	@Test
	void consumeWhenCalledOnBoundedElasticThenAnswers() {
		UseStore store = createStore();
		UseDecision decision = Mono.fromCallable(() -> store.consume("x", 1, inMinutes(5)))
			.subscribeOn(Schedulers.boundedElastic())
			.block(Duration.ofSeconds(10));
		assertThat(decision.granted()).isTrue();
	}

	@Test
	void consumeWhenTheReactiveStoreNeverAnswersThenStoreUnavailableWithinTheSafetyBound() {
		UseStore store = new BlockingUseStoreAdapter(new AnsweringStore(Mono.never()), Duration.ofMillis(300));
		long started = System.nanoTime();
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> store.consume("x", 1, inMinutes(5)))
			.withMessageContaining("did not answer within PT0.3S");
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(store::ping);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
	}

	@Test
	void consumeWhenTheReactiveStoreFailsClosedThenItsExceptionIsThrown() {
		StoreUnavailableException down = new StoreUnavailableException("the tempid use table did not answer");
		UseStore store = new BlockingUseStoreAdapter(new AnsweringStore(Mono.error(down)));
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> store.consume("x", 1, inMinutes(5)))
			.isSameAs(down);
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(store::ping).isSameAs(down);
	}

	@Test
	void consumeWhenTheReactiveStoreCompletesWithoutAnswerThenStoreUnavailable() {
		UseStore store = new BlockingUseStoreAdapter(new AnsweringStore(Mono.empty()));
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> store.consume("x", 1, inMinutes(5)))
			.withMessageContaining("without answering");
	}

	@Test
	void constructorWhenMaxWaitIsNotPositiveThenRefused() {
		ReactiveUseStore reactive = new InMemoryReactiveUseStore();
		assertThatIllegalArgumentException().isThrownBy(() -> new BlockingUseStoreAdapter(reactive, Duration.ZERO));
		assertThat(new BlockingUseStoreAdapter(reactive).maxWait()).isEqualTo(BlockingUseStoreAdapter.DEFAULT_MAX_WAIT);
		assertThat(new BlockingUseStoreAdapter(reactive).reactiveStore()).isSameAs(reactive);
	}

	@Test
	void consumeWhenTheBlockingAndTheReactiveServiceShareTheReactiveStoreThenEachUseCountsOnce() {
		ReactiveUseStore reactive = new InMemoryReactiveUseStore(this.shared);
		TokenService tokens = TokenService.builder()
			.localKey(LocalKey.generate())
			.store(new BlockingUseStoreAdapter(reactive))
			.build();
		ReactiveTokenService reactiveTokens = new ReactiveTokenService(tokens, reactive);
		String first = tokens.issue(TokenRequest.forPurpose("approve").maxUses(1).build()).value();
		tokens.consume(first, "approve");
		assertThatExceptionOfType(TokenUsedUpException.class)
			.isThrownBy(() -> reactiveTokens.consume(first, "approve").block(Duration.ofSeconds(10)));
		String second = tokens.issue(TokenRequest.forPurpose("approve").maxUses(1).build()).value();
		reactiveTokens.consume(second, "approve").block(Duration.ofSeconds(10));
		assertThatExceptionOfType(TokenUsedUpException.class).isThrownBy(() -> tokens.consume(second, "approve"));
	}

	/** A reactive store that answers consume and ping with one given {@code Mono}. */
	private static final class AnsweringStore implements ReactiveUseStore {

		private final Mono<?> answer;

		AnsweringStore(Mono<?> answer) {
			this.answer = answer;
		}

		@SuppressWarnings("unchecked")
		private <T> Mono<T> answer() {
			return (Mono<T>) this.answer;
		}

		@Override
		public Mono<UseDecision> consume(String tokenId, int maxUses, Duration ttl) {
			return answer();
		}

		@Override
		public Mono<Boolean> release(String tokenId) {
			return answer();
		}

		@Override
		public Mono<Void> revoke(String tokenId, Duration ttl) {
			return answer();
		}

		@Override
		public Mono<UseDecision> retire(String tokenId, int maxUses, Duration ttl) {
			return answer();
		}

		@Override
		public Mono<UseRecord> usage(String tokenId) {
			return answer();
		}

		@Override
		public Mono<Void> ping() {
			return this.answer.then();
		}

	}

}
