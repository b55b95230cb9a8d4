package dev.tempid.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.tempid.IssueLimit;
import dev.tempid.IssuedToken;
import dev.tempid.LocalKey;
import dev.tempid.TokenOperation;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.TokenUsedUpException;
import dev.tempid.TooManyIssuedException;
import dev.tempid.VerifiedToken;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Store plans: the steps of a {@link TokenService} operation, as a reactive store runs
 * them (one call at a time, the answer handed back) and as a blocking one does.
 */
class StorePlanTests {

	private static final Duration TTL = Duration.ofMinutes(5);

	@Test
	void planWhenRunOneCallAtATimeThenTheAnswersContinueItInOrder() {
		StorePlan<String> plan = StorePlan.of(new StoreCall.Consume("a", 2, TTL, null))
			.then((first) -> StorePlan.call(new StoreCall.Usage("a", null),
					(record) -> StorePlan.done(first.outcome() + " " + record.used())));
		assertThat(plan.isDone()).isFalse();
		assertThat(plan.call()).isEqualTo(new StoreCall.Consume("a", 2, TTL, null));
		assertThatIllegalStateException().isThrownBy(plan::value).withMessageContaining("Consume");
		StorePlan<String> second = plan.next(UseDecision.granted(1));
		assertThat(second.call()).isEqualTo(new StoreCall.Usage("a", null));
		StorePlan<String> done = second.next(new UseRecord(1, false));
		assertThat(done.isDone()).isTrue();
		assertThat(done.value()).isEqualTo("GRANTED 1");
		assertThatIllegalStateException().isThrownBy(done::call);
		assertThatIllegalStateException().isThrownBy(() -> done.next(Boolean.TRUE));
		// a plan is a value: running it again takes the same steps
		assertThat(plan.runOn(new InMemoryUseStore())).isEqualTo("GRANTED 1");
	}

	@Test
	void planWhenMappedThenTheResultIsMappedAfterTheCalls() {
		InMemoryUseStore store = new InMemoryUseStore();
		StorePlan<Integer> used = StorePlan.of(new StoreCall.Consume("b", 0, TTL, null)).map(UseDecision::used);
		assertThat(used.runOn(store)).isEqualTo(1);
		assertThat(used.runOn(store)).isEqualTo(2);
		assertThat(StorePlan.done(7).map((n) -> n + 1).runOn(store)).isEqualTo(8);
	}

	@Test
	void callWhenRunOnAStoreThenItIsTheStoreMethodOfTheSameName() {
		InMemoryUseStore store = new InMemoryUseStore();
		String subject = "0123456789abcdef0123456789abcdef";
		String purpose = "0123456789abcdef";
		long generation = new StoreCall.NextGeneration(subject, purpose, false, TTL).on(store);
		assertThat(generation).isEqualTo(1);
		Generation held = new Generation(subject, purpose, generation);
		String id = subject + ".token";
		assertThat(new StoreCall.Consume(id, 1, TTL, held).on(store).granted()).isTrue();
		assertThat(new StoreCall.Retire(id, 1, TTL, held).on(store).outcome()).isEqualTo(UseDecision.Outcome.USED_UP);
		assertThat(new StoreCall.Release(id).on(store)).isTrue();
		assertThat(new StoreCall.Usage(id, held).on(store)).isEqualTo(new UseRecord(0, false));
		assertThat(new StoreCall.AdvanceGenerations(subject, null).on(store)).isTrue();
		assertThat(new StoreCall.Usage(id, held).on(store).revoked()).isTrue();
		assertThat(new StoreCall.Revoke("c", TTL).on(store)).isTrue();
		assertThat(store.usage("c").revoked()).isTrue();
		assertThat(new StoreCall.Count("#k", 1, TTL).on(store).allowed()).isTrue();
		assertThat(new StoreCall.Count("#k", 1, TTL).on(store).allowed()).isFalse();
	}

	@Test
	void callsOfLoginCodesWhenPrintedThenNeverShowTheHash() {
		Generation generation = new Generation("0123456789abcdef0123456789abcdef", "0123456789abcdef", 1);
		assertThat(new StoreCall.PutCode("code", "SECRET-HASH", "token", generation, TTL).toString())
			.doesNotContain("SECRET-HASH").contains("code");
		assertThat(new StoreCall.UseCode("code", "SECRET-HASH", 5, 1, TTL).toString()).doesNotContain("SECRET-HASH");
	}

	@Test
	void operationWhenRunOneCallAtATimeThenTakesTheStepsOfTheBlockingMethod() {
		InMemoryUseStore store = new InMemoryUseStore();
		List<StoreCall<?>> calls = new ArrayList<>();
		TokenService tokens = TokenService.builder()
			.localKey(LocalKey.generate())
			.store(store)
			.issueLimit("magic", IssueLimit.valueOf("1 per 1m"))
			.build();
		TokenOperation<IssuedToken> issue = tokens.operations()
			.issue(TokenRequest.forPurpose("magic").subject("alice").singleActive(true).withCode("alice@example.com")
				.build());
		IssuedToken issued = runRecording(issue, store, calls);
		assertThat(calls).extracting((call) -> call.getClass().getSimpleName())
			.containsExactly("Count", "NextGeneration", "PutCode");
		calls.clear();
		VerifiedToken consumed = runRecording(tokens.operations().consume(issued.value(),
				dev.tempid.Expectation.purpose("magic")), store, calls);
		assertThat(consumed.usesLeft()).isZero();
		assertThat(calls).singleElement().isInstanceOf(StoreCall.Consume.class);
		// the same operation through the blocking method now: used up, and the limit holds
		assertThatExceptionOfType(TokenUsedUpException.class).isThrownBy(() -> tokens.consume(issued.value(), "magic"));
		assertThatExceptionOfType(TooManyIssuedException.class)
			.isThrownBy(() -> tokens.issue(TokenRequest.forPurpose("magic").subject("alice").build()));
	}

	private static <T> T runRecording(TokenOperation<T> operation, UseStore store, List<StoreCall<?>> calls) {
		StorePlan<T> plan = operation.plan();
		while (!plan.isDone()) {
			calls.add(plan.call());
			plan = plan.next(plan.call().on(store));
		}
		return operation.succeeded(plan.value());
	}


	@Test
	void codeCallsWhenPrintedOrStillToBeMadeThenNameTheCodeButNeverItsHash() {
		Generation generation = new Generation("0123456789abcdef0123456789abcdef", "0123456789abcdef", 1);
		StoreCall.PutCode put = new StoreCall.PutCode("code-id", "secret-hash", "token-id", generation, TTL);
		StoreCall.UseCode use = new StoreCall.UseCode("code-id", "tried-hash", 5, 1, TTL);
		assertThat(put.toString()).contains("code-id", "token-id").doesNotContain("secret-hash");
		assertThat(use.toString()).contains("code-id", "maxTries=5").doesNotContain("tried-hash");
		StorePlan<CodeDecision> plan = StorePlan.of(use);
		assertThat(plan.toString()).isEqualTo("StorePlan.Call[" + use + "]");
		assertThatIllegalStateException().isThrownBy(plan::value)
			.withMessage("a store call is still to be made: " + use);
		assertThat(StorePlan.done(1)).hasToString("StorePlan.Done");
	}

	@Test
	void putCodeWhenRunOnAStoreThenRecordedAndAnsweredTrue() {
		InMemoryUseStore store = new InMemoryUseStore();
		Generation generation = new Generation("0123456789abcdef0123456789abcdef", "0123456789abcdef",
				store.generation("0123456789abcdef0123456789abcdef", "0123456789abcdef", false, TTL));
		assertThat(new StoreCall.PutCode("code-id", "hash", "token-id", generation, TTL).on(store)).isTrue();
		assertThat(new StoreCall.UseCode("code-id", "hash", 5, 1, TTL).on(store).outcome())
			.isEqualTo(CodeDecision.Outcome.GRANTED);
	}
}
