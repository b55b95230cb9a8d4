package dev.tempid.security.server;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.tempid.LocalKey;
import dev.tempid.StoreUnavailableException;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.reactive.InMemoryReactiveUseStore;
import dev.tempid.store.reactive.ReactiveUseStore;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ott.GenerateOneTimeTokenRequest;
import org.springframework.security.authentication.ott.OneTimeToken;
import org.springframework.security.authentication.ott.OneTimeTokenAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TempIdReactiveOneTimeTokenServiceTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final InMemoryUseStore memory = new InMemoryUseStore();

	private final TokenService tokens = TokenService.builder().localKey(LocalKey.generate()).store(this.memory).build();

	private final TempIdReactiveOneTimeTokenService service = new TempIdReactiveOneTimeTokenService(
			new ReactiveTokenService(this.tokens, new InMemoryReactiveUseStore(this.memory)));

	@Test
	void generateWhenRequestedThenASingleUseTokenForTheUserLivingAsLongAsAsked() {
		OneTimeToken token = this.service.generate(new GenerateOneTimeTokenRequest("alice", Duration.ofMinutes(2)))
			.block(WAIT);
		assertThat(token.getUsername()).isEqualTo("alice");
		assertThat(token.getExpiresAt()).isBetween(Instant.now().plusSeconds(100), Instant.now().plusSeconds(121));
		assertThat(this.tokens.verify(token.getTokenValue(), TempIdReactiveOneTimeTokenService.DEFAULT_PURPOSE)
			.maxUses()).isEqualTo(1);
	}

	@Test
	void consumeWhenValidThenTheUserOnceThenEmpty() {
		String value = this.service.generate(new GenerateOneTimeTokenRequest("alice")).block(WAIT).getTokenValue();
		OneTimeToken consumed = this.service.consume(new OneTimeTokenAuthenticationToken(value)).block(WAIT);
		assertThat(consumed.getUsername()).isEqualTo("alice");
		assertThat(consumed.getTokenValue()).isEqualTo(value);
		assertThat(this.service.consume(new OneTimeTokenAuthenticationToken(value)).blockOptional(WAIT)).isEmpty();
	}

	@Test
	void consumeWhenMalformedEmptyOrOfAnotherPurposeThenEmptyAndNothingSpent() {
		assertThat(this.service.consume(new OneTimeTokenAuthenticationToken("nope")).blockOptional(WAIT)).isEmpty();
		assertThat(this.service.consume(new OneTimeTokenAuthenticationToken("")).blockOptional(WAIT)).isEmpty();
		String reset = this.tokens.issue(TokenRequest.forPurpose("password-reset").subject("alice").maxUses(1).build())
			.value();
		assertThat(this.service.consume(new OneTimeTokenAuthenticationToken(reset)).blockOptional(WAIT)).isEmpty();
		assertThat(this.tokens.usage(reset, "password-reset").used()).isZero();
	}

	@Test
	void consumeWhenTheStoreIsDownThenFailsClosedAsAServiceFailure() {
		ReactiveUseStore unreachable = (ReactiveUseStore) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { ReactiveUseStore.class }, (proxy, method, args) -> {
					if (method.getDeclaringClass() == Object.class) {
						return method.getName().equals("toString") ? "unreachable" : System.identityHashCode(proxy);
					}
					return Mono.error(new StoreUnavailableException("the store is unreachable"));
				});
		TempIdReactiveOneTimeTokenService down = new TempIdReactiveOneTimeTokenService(
				new ReactiveTokenService(this.tokens, unreachable));
		String value = this.service.generate(new GenerateOneTimeTokenRequest("alice")).block(WAIT).getTokenValue();
		assertThatExceptionOfType(AuthenticationServiceException.class)
			.isThrownBy(() -> down.consume(new OneTimeTokenAuthenticationToken(value)).block(WAIT))
			.withMessageNotContaining(value);
	}

	@Test
	void consumeWhenRacedBy32SubscribersOverTwoInstancesSharingAStoreThenAcceptedOnce() {
		// two instances, each with its own reactive face over one shared store; the store-level
		// races on the real Redis, PostgreSQL and MariaDB are the reactive contract suite's
		List<TempIdReactiveOneTimeTokenService> instances = List.of(
				new TempIdReactiveOneTimeTokenService(new ReactiveTokenService(this.tokens,
						new InMemoryReactiveUseStore(this.memory))),
				new TempIdReactiveOneTimeTokenService(new ReactiveTokenService(this.tokens,
						new InMemoryReactiveUseStore(this.memory))));
		String value = instances.get(0).generate(new GenerateOneTimeTokenRequest("alice")).block(WAIT).getTokenValue();
		List<OneTimeToken> accepted = Flux.range(0, 32)
			.flatMap((i) -> instances.get(i % 2)
				.consume(new OneTimeTokenAuthenticationToken(value))
				.subscribeOn(Schedulers.parallel()), 32)
			.collectList()
			.block(WAIT);
		assertThat(accepted).hasSize(1);
		assertThat(accepted.get(0).getUsername()).isEqualTo("alice");
	}

	@Test
	void setPurposeWhenEmptyThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.service.setPurpose(" "));
	}

}
