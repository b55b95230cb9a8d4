package dev.tempid.security.server;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tempid.LocalKey;
import dev.tempid.MutableClock;
import dev.tempid.StoreUnavailableException;
import dev.tempid.Operation;
import dev.tempid.TokenEvent;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.store.Generation;
import dev.tempid.store.UseDecision;
import dev.tempid.store.UseRecord;
import dev.tempid.store.reactive.BareReactiveUseStore;
import dev.tempid.store.reactive.InMemoryReactiveUseStore;
import dev.tempid.store.reactive.ReactiveUseStore;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.EnableWebFlux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Spring Security for WebFlux with tempid, through a real {@code SecurityWebFilterChain}
 * (in memory, no server): bearer tokens the RFC 6750 way, magic-link login (GET confirms,
 * POST spends, CSRF required), the cookie session with renewal and revocation at logout.
 * BlockHound watches every test.
 */
class TempIdServerSecurityTests {

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private AnnotationConfigApplicationContext context;

	private WebTestClient client;

	private TokenService tokens;

	private MutableClock clock;

	@BeforeEach
	void start() {
		this.context = new AnnotationConfigApplicationContext(Config.class);
		this.client = WebTestClient.bindToApplicationContext(this.context).build();
		this.tokens = this.context.getBean(TokenService.class);
		this.clock = this.context.getBean(MutableClock.class);
	}

	@AfterEach
	void stop() {
		this.context.close();
	}

	private String apiToken() {
		return this.tokens.issue(TokenRequest.forPurpose("api").subject("alice").permissions(List.of("read")).build())
			.value();
	}

	@Test
	void bearerWhenTokenIsValidThenAuthenticatedWithItsPermissions() {
		this.client.get().uri("/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + apiToken()).exchange()
			.expectStatus().isOk()
			.expectHeader().doesNotExist(HttpHeaders.SET_COOKIE)
			.expectBody().jsonPath("$.subject").isEqualTo("alice").jsonPath("$.authorities[0]").isEqualTo("read");
	}

	@Test
	void bearerWhenTokenHasAnotherPurposeThenUnauthorizedWithInvalidToken() {
		String other = this.tokens.issue(TokenRequest.forPurpose("magic-link").subject("alice").build()).value();
		this.client.get().uri("/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + other).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\".*")
			.expectBody().jsonPath("$.reason").isEqualTo("WRONG_PURPOSE");
	}

	@Test
	void bearerWhenHeaderIsMalformedThenBadRequest() {
		this.client.get().uri("/me").header(HttpHeaders.AUTHORIZATION, "Bearer not a token").exchange()
			.expectStatus().isBadRequest()
			.expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_request\".*");
	}

	@Test
	void requestWithoutAnyCredentialThenUnauthorizedWithBearerChallenge() {
		this.client.get().uri("/me").exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	@Test
	void magicLinkWhenOpenedThenConfirmationPageSpendsNothing() {
		String link = magicLink();
		String page = this.client.get().uri("/login/magic?token={token}", link).exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(page).contains("<form method=\"post\" action=\"/login/magic\">").containsPattern(CSRF_FIELD);
		assertThat(this.context.getBean(ReactiveTokenService.class).usage(link, "magic-link").block().used()).isZero();
	}

	@Test
	void magicLinkWhenPostedWithoutCsrfTokenThenForbiddenAndNotSpent() {
		String link = magicLink();
		this.client.post().uri("/login/magic").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.bodyValue("token=" + link)
			.exchange()
			.expectStatus().isForbidden();
		assertThat(this.context.getBean(ReactiveTokenService.class).usage(link, "magic-link").block().used()).isZero();
	}

	@Test
	void magicLinkWhenPostedThenSignsInOnceIntoACookieSessionThatLogoutRevokes() {
		String link = magicLink();
		ResponseCookie session = signIn(link);
		assertThat(session.isHttpOnly()).isTrue();
		assertThat(session.getSameSite()).isEqualTo("Lax");
		// a second post of the same link goes back to the login page
		Browser again = browser("/login/magic?token=" + link);
		this.client.post().uri("/login/magic").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.cookie("SESSION", again.webSession)
			.bodyValue("token=" + link + "&_csrf=" + again.csrf)
			.exchange()
			.expectStatus().isFound()
			.expectHeader().location("/login?error");
		// the cookie signs in
		this.client.get().uri("/me").cookie(session.getName(), session.getValue()).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.subject").isEqualTo("alice");
		// logout revokes the session id: a copy of the cookie dies with it
		Browser signedIn = browser("/login/magic?token=" + magicLink());
		this.client.post().uri("/logout").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.cookie(session.getName(), session.getValue())
			.cookie("SESSION", signedIn.webSession)
			.bodyValue("_csrf=" + signedIn.csrf)
			.exchange()
			.expectStatus().isFound()
			.expectHeader().valueMatches(HttpHeaders.SET_COOKIE, "TEMPID_SESSION=; .*Max-Age=0.*");
		this.client.get().uri("/me").cookie(session.getName(), session.getValue()).exchange()
			.expectStatus().isUnauthorized();
	}

	@Test
	void magicLinkWhenTheStoreFailsWhileTheLoginIsKeptThenALoginErrorAndTheLinkWorksAgain() {
		String link = magicLink();
		SwitchableStore store = this.context.getBean(SwitchableStore.class);
		store.generationsDown = true;
		Browser browser = browser("/login/magic?token=" + link);
		EntityExchangeResult<byte[]> failed = this.client.post().uri("/login/magic")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.cookie("SESSION", browser.webSession)
			.bodyValue("token=" + link + "&_csrf=" + browser.csrf)
			.exchange()
			.expectStatus().isFound()
			.expectHeader().location("/login?error")
			.expectBody().returnResult();
		assertThat(failed.getResponseCookies().getFirst("TEMPID_SESSION")).isNull();
		store.generationsDown = false;
		// the spent use was given back: the same link signs in once the store answers again
		ResponseCookie session = signIn(link);
		this.client.get().uri("/me").cookie(session.getName(), session.getValue()).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.subject").isEqualTo("alice");
	}

	@Test
	void sessionsWhenTheStoreKeepsNoGenerationsThenRefusedWhenTheChainIsBuilt() {
		ReactiveUseStore bare = new BareReactiveUseStore();
		ReactiveTokenService tokens = new ReactiveTokenService(this.tokens, bare);
		ServerHttpSecurity http = ServerHttpSecurity.http();
		TempIdServerSecurity security = TempIdServerSecurity.tempId(tokens)
			.sessions(new TempIdServerSecurityContextRepository(tokens));
		assertThatIllegalStateException().isThrownBy(() -> security.customize(http))
			.withMessageContaining("keeps subject generations")
			.withMessageContaining(BareReactiveUseStore.class.getName());
	}

	@Test
	void sessionWhenMoreThanHalfItsLifetimeIsGoneThenRenewedWithTheSameSession() {
		ResponseCookie session = signIn(magicLink());
		this.clock.advance(Duration.ofMinutes(31));
		EntityExchangeResult<byte[]> renewed = this.client.get().uri("/me").cookie(session.getName(), session.getValue())
			.exchange()
			.expectStatus().isOk()
			.expectBody().returnResult();
		ResponseCookie fresh = renewed.getResponseCookies().getFirst(session.getName());
		assertThat(fresh).isNotNull();
		assertThat(fresh.getValue()).isNotEqualTo(session.getValue());
		this.clock.advance(Duration.ofMinutes(40));
		// the old cookie's token has expired; the renewed one still signs in
		this.client.get().uri("/me").cookie(session.getName(), session.getValue()).exchange()
			.expectStatus().isUnauthorized();
		this.client.get().uri("/me").cookie(fresh.getName(), fresh.getValue()).exchange().expectStatus().isOk();
	}

	/**
	 * Another instance signs the user out everywhere between this request's check and its
	 * renewal: the renewal would carry the new generation and outlive the sign-out, so no
	 * renewed cookie is given, the request is not signed in, and the old cookie is dead.
	 */
	@Test
	void sessionWhenSignedOutEverywhereDuringTheRenewingRequestThenNoRenewedCookieOutlivesIt() {
		ResponseCookie session = signIn(magicLink());
		this.clock.advance(Duration.ofMinutes(31));
		ReactiveTokenService reactive = this.context.getBean(ReactiveTokenService.class);
		this.context.getBean(SwitchableStore.class).afterNextSessionRead = reactive.revokeAll("alice", "session");
		this.client.get().uri("/me").cookie(session.getName(), session.getValue()).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueMatches(HttpHeaders.SET_COOKIE, "TEMPID_SESSION=; .*Max-Age=0.*");
		this.client.get().uri("/me").cookie(session.getName(), session.getValue()).exchange()
			.expectStatus().isUnauthorized();
	}

	@Test
	void sessionWhenRenewedThenTheUsersOtherSessionsStay() {
		ResponseCookie first = signIn(magicLink());
		ResponseCookie second = signIn(magicLink());
		this.clock.advance(Duration.ofMinutes(31));
		EntityExchangeResult<byte[]> renewed = this.client.get().uri("/me").cookie(first.getName(), first.getValue())
			.exchange()
			.expectStatus().isOk()
			.expectBody().returnResult();
		assertThat(renewed.getResponseCookies().getFirst(first.getName())).isNotNull();
		this.client.get().uri("/me").cookie(second.getName(), second.getValue()).exchange().expectStatus().isOk();
	}

	@Test
	void sessionWhenStoreIsDownThenRefusedButTheCookieIsKept() {
		ResponseCookie session = signIn(magicLink());
		this.context.getBean(SwitchableStore.class).down = true;
		this.client.get().uri("/me").cookie(session.getName(), session.getValue()).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().doesNotExist(HttpHeaders.SET_COOKIE);
	}

	@Test
	void sessionWhenCheckedThenOneStoreReadPerRequest() {
		ResponseCookie session = signIn(magicLink());
		SwitchableStore store = this.context.getBean(SwitchableStore.class);
		int before = store.calls.get();
		this.client.get().uri("/me").cookie(session.getName(), session.getValue()).exchange().expectStatus().isOk();
		assertThat(store.calls.get() - before).isEqualTo(1);
	}

	@Test
	void logoutWhenTheStoreCannotRecordItThenServiceUnavailableAndTheSessionLives() {
		ResponseCookie session = signIn(magicLink());
		Browser page = browser("/login/magic?token=" + magicLink());
		SwitchableStore store = this.context.getBean(SwitchableStore.class);
		store.down = true;
		this.client.post().uri("/logout").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.cookie(session.getName(), session.getValue())
			.cookie("SESSION", page.webSession)
			.bodyValue("_csrf=" + page.csrf)
			.exchange()
			.expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "5")
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader().doesNotExist(HttpHeaders.LOCATION)
			.expectCookie().doesNotExist("TEMPID_SESSION")
			.expectBody().jsonPath("$.reason").isEqualTo("STORE_UNAVAILABLE").jsonPath("$.title").isEqualTo("Sign-out failed");
		store.down = false;
		// nothing was ended: the cookie still signs in, and a logout now ends it
		this.client.get().uri("/me").cookie(session.getName(), session.getValue()).exchange().expectStatus().isOk();
		logout(session);
		this.client.get().uri("/me").cookie(session.getName(), session.getValue()).exchange()
			.expectStatus().isUnauthorized();
	}

	@Test
	void logoutWhenRevokedThenTheServicesListenersHearIt() {
		ResponseCookie session = signIn(magicLink());
		Events events = this.context.getBean(Events.class);
		events.clear();
		logout(session);
		assertThat(events).anySatisfy((event) -> {
			assertThat(event.operation()).isEqualTo(Operation.REVOKE);
			assertThat(event.purpose()).isEqualTo("session");
			assertThat(event.subject()).isEqualTo("alice");
			assertThat(event.reason()).isNull();
		});
	}

	@Test
	void signOutEverywhereWhenCalledThenEverySessionOfTheUserEndsAndOthersStay() {
		ResponseCookie laptop = signIn(magicLink());
		ResponseCookie phone = signIn(magicLink());
		ResponseCookie bob = signIn(this.tokens.issue(TokenRequest.forPurpose("magic-link").subject("bob").maxUses(1)
			.permissions(List.of("user")).build()).value());
		this.context.getBean(TempIdServerSecurityContextRepository.class).signOutEverywhere("alice").block();
		for (ResponseCookie alice : List.of(laptop, phone)) {
			this.client.get().uri("/me").cookie(alice.getName(), alice.getValue()).exchange()
				.expectStatus().isUnauthorized()
				.expectHeader().valueMatches(HttpHeaders.SET_COOKIE, "TEMPID_SESSION=; .*Max-Age=0.*");
		}
		this.client.get().uri("/me").cookie(bob.getName(), bob.getValue()).exchange().expectStatus().isOk();
		// a new login of alice works again
		ResponseCookie again = signIn(magicLink());
		this.client.get().uri("/me").cookie(again.getName(), again.getValue()).exchange().expectStatus().isOk();
	}

	@Test
	void sessionWhenItsUserIsDisabledOrGoneThenEndsAtTheNextRequest() {
		ResponseCookie session = signIn(magicLink());
		Users users = this.context.getBean(Users.class);
		users.put("alice", User.withUsername("alice").password("{noop}x").authorities("user").disabled(true).build());
		this.client.get().uri("/me").cookie(session.getName(), session.getValue()).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueMatches(HttpHeaders.SET_COOKIE, "TEMPID_SESSION=; .*Max-Age=0.*");
		users.remove("alice");
		this.client.get().uri("/me").cookie(session.getName(), session.getValue()).exchange()
			.expectStatus().isUnauthorized();
	}

	@Test
	void sessionWhenItsTokenCarriesNoGenerationThenRefusedAndCleared() {
		// a cookie of the version before generations: a session id and a login time, no generation
		String old = this.tokens.issue(TokenRequest.forPurpose("session").subject("alice").unlimitedUses()
			.claim("sid", "s0123456789abcdef").claim("login", this.clock.instant().getEpochSecond()).build()).value();
		this.client.get().uri("/me").cookie("TEMPID_SESSION", old).exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueMatches(HttpHeaders.SET_COOKIE, "TEMPID_SESSION=; .*Max-Age=0.*");
	}

	@Test
	void sessionWhenRenewedThenTheRenewedCookieKeepsTheSessionAndItsGeneration() {
		ResponseCookie session = signIn(magicLink());
		this.clock.advance(Duration.ofMinutes(31));
		ResponseCookie fresh = this.client.get().uri("/me").cookie(session.getName(), session.getValue()).exchange()
			.expectStatus().isOk()
			.expectBody().returnResult().getResponseCookies().getFirst(session.getName());
		assertThat(fresh).isNotNull();
		assertThat(this.tokens.inspect(fresh.getValue()).sessionId())
			.isEqualTo(this.tokens.inspect(session.getValue()).sessionId());
		assertThat(this.tokens.inspect(fresh.getValue()).generation()).isPositive();
		// a logout with the old cookie ends the renewed one too
		logout(session);
		this.client.get().uri("/me").cookie(fresh.getName(), fresh.getValue()).exchange()
			.expectStatus().isUnauthorized();
	}

	private void logout(ResponseCookie session) {
		Browser page = browser("/login/magic?token=" + magicLink());
		this.client.post().uri("/logout").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.cookie(session.getName(), session.getValue())
			.cookie("SESSION", page.webSession)
			.bodyValue("_csrf=" + page.csrf)
			.exchange()
			.expectStatus().isFound()
			.expectHeader().location("/login?logout");
	}

	private String magicLink() {
		return this.tokens.issue(TokenRequest.forPurpose("magic-link").subject("alice").maxUses(1)
			.permissions(List.of("user")).build()).value();
	}

	private ResponseCookie signIn(String link) {
		Browser browser = browser("/login/magic?token=" + link);
		EntityExchangeResult<byte[]> result = this.client.post().uri("/login/magic")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.cookie("SESSION", browser.webSession)
			.bodyValue("token=" + link + "&_csrf=" + browser.csrf)
			.exchange()
			.expectStatus().isFound()
			.expectHeader().location("/")
			.expectBody().returnResult();
		ResponseCookie cookie = result.getResponseCookies().getFirst("TEMPID_SESSION");
		assertThat(cookie).isNotNull();
		return cookie;
	}

	/** Opens the confirmation page as a browser would: its CSRF field and the WebSession holding it. */
	private Browser browser(String confirmationPage) {
		EntityExchangeResult<String> page = this.client.get().uri(confirmationPage).exchange()
			.expectStatus().isOk()
			.expectBody(String.class).returnResult();
		Matcher csrf = CSRF_FIELD.matcher(page.getResponseBody());
		assertThat(csrf.find()).isTrue();
		ResponseCookie webSession = page.getResponseCookies().getFirst("SESSION");
		assertThat(webSession).isNotNull();
		return new Browser(csrf.group(1), webSession.getValue());
	}

	private record Browser(String csrf, String webSession) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFlux
	@EnableWebFluxSecurity
	static class Config {

		@Bean
		MutableClock clock() {
			return new MutableClock(Instant.now());
		}

		@Bean
		Events events() {
			return new Events();
		}

		@Bean
		Users users() {
			Users users = new Users();
			users.put("alice", User.withUsername("alice").password("{noop}x").authorities("user").build());
			users.put("bob", User.withUsername("bob").password("{noop}x").authorities("user").build());
			return users;
		}

		@Bean
		TokenService tokenService(MutableClock clock, Events events) {
			return TokenService.builder().localKey(LocalKey.generate()).clock(clock).listener(events::add).build();
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
		TempIdServerSecurityContextRepository sessions(ReactiveTokenService tokens, Users users) {
			TempIdServerSecurityContextRepository sessions = new TempIdServerSecurityContextRepository(tokens);
			sessions.setTtl(Duration.ofHours(1));
			sessions.setUserDetailsService(users);
			return sessions;
		}

		@Bean
		SecurityWebFilterChain security(ServerHttpSecurity http, ReactiveTokenService tokens,
				TempIdServerSecurityContextRepository sessions) {
			http.authorizeExchange((exchanges) -> exchanges.pathMatchers("/login/magic").permitAll()
				.anyExchange().authenticated());
			TempIdServerSecurity.tempId(tokens)
				.bearer("api")
				.sessions(sessions)
				.magicLink((magic) -> magic.loginPage("/login"))
				.customize(http);
			return http.build();
		}

		@Bean
		Me me() {
			return new Me();
		}

	}

	/** The events the service's listener heard. */
	static final class Events extends CopyOnWriteArrayList<TokenEvent> {

	}

	/** The users, by name: a user removed or disabled here cannot keep a session. */
	static final class Users extends ConcurrentHashMap<String, UserDetails> implements ReactiveUserDetailsService {

		@Override
		public Mono<UserDetails> findByUsername(String username) {
			return Mono.justOrEmpty(get(username));
		}

	}

	@RestController
	static class Me {

		@GetMapping("/me")
		Mono<Map<String, Object>> me(Mono<Authentication> authentication) {
			return authentication.map((auth) -> Map.of("subject", auth.getName(), "authorities",
					auth.getAuthorities().stream().map((a) -> a.getAuthority()).sorted().toList()));
		}

	}

	/** An in-memory store that can be switched off, and counts the calls made on it. */
	static final class SwitchableStore implements ReactiveUseStore {

		private final InMemoryReactiveUseStore memory = new InMemoryReactiveUseStore();

		final AtomicInteger calls = new AtomicInteger();

		volatile boolean down;

		/** Only the generation reads fail: the store dies between a consume and the session it pays for. */
		volatile boolean generationsDown;

		/** Runs once, right after the next read of a session's entry (another instance's write in between). */
		volatile @Nullable Mono<Void> afterNextSessionRead;

		private <T> Mono<T> up(Mono<T> operation) {
			return Mono.defer(() -> {
				this.calls.incrementAndGet();
				return this.down ? Mono.error(new StoreUnavailableException("down")) : operation;
			});
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

		@Override
		public Mono<Long> generation(String subject, String purpose, boolean advance, Duration ttl) {
			if (this.generationsDown) {
				return Mono.error(new StoreUnavailableException("down after the consume"));
			}
			return up(this.memory.generation(subject, purpose, advance, ttl));
		}

		@Override
		public Mono<Void> advanceGenerations(String subject, @Nullable String purpose) {
			return up(this.memory.advanceGenerations(subject, purpose));
		}

		@Override
		public Mono<UseDecision> consume(String tokenId, int maxUses, Duration ttl, Generation generation) {
			return up(this.memory.consume(tokenId, maxUses, ttl, generation));
		}

		@Override
		public Mono<UseDecision> retire(String tokenId, int maxUses, Duration ttl, Generation generation) {
			return up(this.memory.retire(tokenId, maxUses, ttl, generation));
		}

		@Override
		public Mono<UseRecord> usage(String tokenId, Generation generation) {
			return up(this.memory.usage(tokenId, generation)).flatMap((record) -> {
				Mono<Void> after = this.afterNextSessionRead;
				this.afterNextSessionRead = null;
				return (after != null) ? after.thenReturn(record) : Mono.just(record);
			});
		}

	}

}
