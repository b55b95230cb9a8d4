package dev.tempid.web.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tempid.LocalKey;
import dev.tempid.StoreUnavailableException;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import dev.tempid.store.reactive.InMemoryReactiveUseStore;
import dev.tempid.store.reactive.ReactiveUseStore;
import dev.tempid.web.ConsumesToken;
import dev.tempid.web.TokenClaim;
import dev.tempid.web.TokenSource;
import dev.tempid.web.TokenSubject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @ConsumesToken} on WebFlux controllers, through the whole WebFlux stack (in
 * memory, no server): statuses, problem details, the refund rule, argument annotations,
 * and a 32-request race on a single-use token. BlockHound watches every test.
 */
class ReactiveConsumesTokenTests {

	private AnnotationConfigApplicationContext context;

	private WebTestClient client;

	private TokenService tokens;

	@BeforeEach
	void start() {
		this.context = new AnnotationConfigApplicationContext(Config.class);
		this.client = WebTestClient.bindToApplicationContext(this.context).build();
		this.tokens = this.context.getBean(TokenService.class);
	}

	@AfterEach
	void stop() {
		this.context.close();
	}

	private String token(String purpose, int maxUses) {
		return this.tokens.issue(TokenRequest.forPurpose(purpose).subject("alice").maxUses(maxUses).claim("amount", 42).build())
			.value();
	}

	private int used(String token, String purpose) {
		return this.context.getBean(ReactiveTokenService.class).usage(token, purpose).block().used();
	}

	@Test
	void consumeWhenTokenIsInJsonBodyThenSpendsOnceAndInjectsTheClaims() {
		String token = token("reset", 1);
		this.client.post().uri("/reset").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("token", token, "password", "correct horse"))
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class).isEqualTo("alice:42:correct horse");
		this.client.post().uri("/reset").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("token", token, "password", "correct horse"))
			.exchange()
			.expectStatus().isEqualTo(HttpStatus.GONE)
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.reason").isEqualTo("USED_UP")
			.jsonPath("$.instance").isEqualTo("/reset");
	}

	@Test
	void consumeWhenTokenIsInPathThenProblemInstanceIsThePatternNotThePath() {
		String token = token("approve", 1);
		this.client.get().uri("/approve/{token}", token).exchange().expectStatus().isOk();
		this.client.get().uri("/approve/{token}", token).exchange()
			.expectStatus().isEqualTo(HttpStatus.GONE)
			// the pattern, URI-encoded as the servlet handler does; never the path, which holds the token
			.expectBody().jsonPath("$.instance").isEqualTo("/approve/%7Btoken%7D");
	}

	@Test
	void consumeWhenTokenIsInvalidThenUnauthorizedWithBearerChallenge() {
		this.client.get().uri("/approve/{token}", token("other", 1)).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\".*")
			.expectBody().jsonPath("$.reason").isEqualTo("WRONG_PURPOSE");
	}

	@Test
	void consumeWhenRequestCarriesNoTokenThenBadRequest() {
		this.client.post().uri("/reset").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("password", "x"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.reason").isEqualTo("MALFORMED");
	}

	@Test
	void consumeWhenStoreIsUnavailableThenServiceUnavailableWithRetryAfter() {
		String token = token("approve", 1);
		this.context.getBean(SwitchableStore.class).down = true;
		this.client.get().uri("/approve/{token}", token).exchange()
			.expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5")
			.expectBody().jsonPath("$.reason").isEqualTo("STORE_UNAVAILABLE");
	}

	@Test
	void consumeWhenMethodFailsWithAnExceptionInRefundOnThenTheUseIsGivenBack() {
		String token = token("mail", 1);
		this.client.post().uri("/mail?fail=refund").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus().is5xxServerError();
		assertThat(used(token, "mail")).isZero();
		this.client.post().uri("/mail").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus().isOk();
	}

	@Test
	void consumeWhenMethodThrowsBeforeReturningAPublisherWithAnExceptionInRefundOnThenTheUseIsGivenBack() {
		String token = token("mail", 1);
		this.client.post().uri("/mail?fail=throw").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus().is5xxServerError();
		assertThat(used(token, "mail")).isZero();
	}

	@Test
	void consumeWhenMethodFailsWithAnExceptionNotInRefundOnThenTheUseStaysSpent() {
		String token = token("mail", 1);
		this.client.post().uri("/mail?fail=keep").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus().is5xxServerError();
		assertThat(used(token, "mail")).isEqualTo(1);
		this.client.post().uri("/mail").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange()
			.expectStatus().isEqualTo(HttpStatus.GONE);
	}

	@Test
	void consumeWhenMethodReturnsFluxThenSpendsBeforeTheFirstElement() {
		String token = token("list", 2);
		this.client.get().uri("/list?token={token}", token).accept(MediaType.APPLICATION_JSON).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$[0].value").isEqualTo("alice").jsonPath("$[1].value").isEqualTo("1");
	}

	@Test
	void consumeWhenFormFieldCarriesTheTokenThenSpends() {
		String token = token("approve", 1);
		this.client.post().uri("/form").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("token=" + token)
			.exchange()
			.expectStatus().isOk()
			.expectBody(String.class).isEqualTo("alice");
		assertThat(used(token, "approve")).isEqualTo(1);
	}

	@Test
	void consumeWhen32RequestsRaceForASingleUseTokenThenExactlyOneWins() {
		for (int round = 0; round < 10; round++) {
			String token = token("approve", 1);
			List<Mono<Integer>> requests = new ArrayList<>();
			for (int i = 0; i < 32; i++) {
				requests.add(Mono.fromCallable(() -> this.client.get().uri("/approve/{token}", token)
					.exchange()
					.returnResult(String.class)
					.getStatus()
					.value()).subscribeOn(Schedulers.boundedElastic()));
			}
			List<Integer> statuses = Flux.merge(requests).collectList().block(Duration.ofSeconds(60));
			assertThat(statuses).filteredOn((status) -> status == 200).hasSize(1);
			assertThat(statuses).filteredOn((status) -> status == 410).hasSize(31);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFlux
	static class Config implements WebFluxConfigurer {

		@Override
		public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
			configurer.addCustomResolver(new ReactiveConsumedTokenArgumentResolver());
		}

		@Bean
		static ReactiveConsumesTokenBeanPostProcessor reactiveConsumesTokenBeanPostProcessor() {
			return new ReactiveConsumesTokenBeanPostProcessor();
		}

		@Bean
		TokenService tokenService() {
			return TokenService.builder().localKey(LocalKey.generate()).build();
		}

		@Bean
		SwitchableStore store() {
			return new SwitchableStore();
		}

		@Bean
		ReactiveTokenService reactiveTokenService(TokenService tokens, SwitchableStore store) {
			return new ReactiveTokenService(tokens, store);
		}

		@Bean
		ServerWebExchangeContextFilter serverWebExchangeContextFilter() {
			return new ServerWebExchangeContextFilter();
		}

		@Bean
		ServerTempIdExceptionHandler serverTempIdExceptionHandler() {
			return new ServerTempIdExceptionHandler();
		}

		@Bean
		Controller controller() {
			return new Controller();
		}

	}

	/** An in-memory store that can be switched off. */
	static final class SwitchableStore implements ReactiveUseStore {

		private final InMemoryReactiveUseStore memory = new InMemoryReactiveUseStore();

		volatile boolean down;

		private <T> Mono<T> up(Mono<T> operation) {
			return Mono.defer(() -> this.down ? Mono.error(new StoreUnavailableException("down")) : operation);
		}

		@Override
		public Mono<UseDecision> consume(String tokenId, int maxUses, Duration ttl) {
			return up(this.memory.consume(tokenId, maxUses, ttl));
		}

		@Override
		public Mono<Boolean> release(String tokenId) {
			return up(this.memory.release(tokenId));
		}

		@Override
		public Mono<Void> revoke(String tokenId, Duration ttl) {
			return up(this.memory.revoke(tokenId, ttl));
		}

		@Override
		public Mono<UseDecision> retire(String tokenId, int maxUses, Duration ttl) {
			return up(this.memory.retire(tokenId, maxUses, ttl));
		}

		@Override
		public Mono<UseRecord> usage(String tokenId) {
			return up(this.memory.usage(tokenId));
		}

	}

	record Item(String value) {
	}

	record ResetForm(String token, String password) {
	}

	static class RefundedException extends RuntimeException {

		RefundedException() {
			super("the mail server refused the message");
		}

	}

	@RestController
	static class Controller {

		@PostMapping("/reset")
		@ConsumesToken(purpose = "reset", source = TokenSource.JSON_BODY)
		Mono<String> reset(@RequestBody ResetForm form, @TokenSubject String subject, @TokenClaim("amount") int amount) {
			return Mono.just(subject + ":" + amount + ":" + form.password());
		}

		@GetMapping("/approve/{token}")
		@ConsumesToken(purpose = "approve")
		Mono<String> approve(@PathVariable String token, VerifiedToken verified) {
			return Mono.just(verified.subject());
		}

		@PostMapping("/form")
		@ConsumesToken(purpose = "approve", source = TokenSource.FORM_FIELD)
		Mono<String> form(@TokenSubject String subject) {
			return Mono.just(subject);
		}

		@PostMapping("/mail")
		@ConsumesToken(purpose = "mail", refundOn = RefundedException.class)
		Mono<String> mail(@org.springframework.web.bind.annotation.RequestParam(required = false) String fail) {
			if ("throw".equals(fail)) {
				throw new RefundedException();
			}
			if ("refund".equals(fail)) {
				return Mono.error(new RefundedException());
			}
			if ("keep".equals(fail)) {
				return Mono.error(new IllegalStateException("failed after the work was done"));
			}
			return Mono.just("sent");
		}

		@GetMapping("/list")
		@ConsumesToken(purpose = "list", source = TokenSource.PARAMETER)
		Flux<Item> list(VerifiedToken verified) {
			return Flux.just(new Item(verified.subject()), new Item(Integer.toString(verified.usesLeft())));
		}

	}

}
