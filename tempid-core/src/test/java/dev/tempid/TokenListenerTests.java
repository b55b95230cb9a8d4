package dev.tempid;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenListenerTests {

	@Test
	void listenerWhenItMeasuresAroundOperationsThenGetsItsStartContextBackWithTheOutcome() {
		List<String> calls = new ArrayList<>();
		TokenListener measuring = new TokenListener() {

			@Override
			public @Nullable Object onStart(Operation operation, String purpose) {
				calls.add("start " + operation + " " + purpose);
				return "ctx-" + calls.size();
			}

			@Override
			public void onEvent(TokenEvent event, @Nullable Object context) {
				calls.add("stop " + event.operation() + " " + event.outcome() + " " + context);
			}

			@Override
			public void onEvent(TokenEvent event) {
				throw new AssertionError("the context-taking method is called");
			}

		};
		TokenListener failing = new TokenListener() {

			@Override
			public @Nullable Object onStart(Operation operation, String purpose) {
				throw new IllegalStateException("observer bug");
			}

			@Override
			public void onEvent(TokenEvent event) {
				throw new IllegalStateException("observer bug");
			}

		};
		TokenService tokens = TokenService.builder().localKey(LocalKey.generate()).listener(measuring).listener(failing)
			.build();
		IssuedToken token = tokens.issue(TokenRequest.forPurpose("p").maxUses(1).build());
		tokens.consume(token.value(), "p");
		tokens.tryConsume(token.value(), "p");
		assertThat(calls).containsExactly("start ISSUE p", "stop ISSUE success ctx-1", "start CONSUME p",
				"stop CONSUME success ctx-3", "start CONSUME p", "stop CONSUME USED_UP ctx-5");
	}

}
