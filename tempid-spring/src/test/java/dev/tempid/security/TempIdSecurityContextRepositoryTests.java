package dev.tempid.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tempid.IssuedToken;
import dev.tempid.LocalKey;
import dev.tempid.MutableClock;
import dev.tempid.Operation;
import dev.tempid.StoreUnavailableException;
import dev.tempid.TokenEvent;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;
import jakarta.servlet.http.Cookie;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TempIdSecurityContextRepositoryTests {

	private static final String COOKIE = TempIdSecurityContextRepository.DEFAULT_COOKIE_NAME;

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T08:00:00Z"));

	private final RecordingUseStore store = new RecordingUseStore();

	private final List<TokenEvent> events = new CopyOnWriteArrayList<>();

	private final TokenService tokens = tokens(false);

	@Test
	void saveContextWhenConfiguredThenCookieCarriesEveryAttribute() {
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		repository.setCookieName("SID");
		repository.setSecure(false);
		repository.setSameSite("Strict");
		repository.setPath("/app");
		repository.setDomain("example.com");
		repository.setTtl(Duration.ofMinutes(30));
		MockHttpServletResponse response = new MockHttpServletResponse();
		repository.saveContext(context("alice", List.of(new SimpleGrantedAuthority("read"))),
				new MockHttpServletRequest(), response);
		String header = response.getHeader("Set-Cookie");
		assertThat(header).startsWith("SID=v4.local.")
			.contains("Path=/app")
			.contains("Domain=example.com")
			.contains("Max-Age=1800")
			.contains("HttpOnly")
			.contains("SameSite=Strict")
			.doesNotContain("Secure");
		MockHttpServletRequest next = new MockHttpServletRequest();
		next.setCookies(new Cookie("SID", header.substring(4, header.indexOf(';'))));
		SecurityContext loaded = repository.loadDeferredContext(next).get();
		assertThat(loaded.getAuthentication().getName()).isEqualTo("alice");
		assertThat(loaded.getAuthentication().getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("read");
		assertThat(loaded.getAuthentication().getCredentials()).isNull();
		assertThat(repository.containsContext(next)).isTrue();
	}

	@Test
	void saveContextWhenCookieWouldExceed4096BytesThenRefuses() {
		List<GrantedAuthority> authorities = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			authorities.add(new SimpleGrantedAuthority("PERMISSION_NUMBER_" + i));
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		assertThatIllegalStateException()
			.isThrownBy(() -> repository.saveContext(context("alice", authorities), new MockHttpServletRequest(),
					response))
			.withMessageContaining("4096");
		assertThat(response.getHeader("Set-Cookie")).isNull();
	}

	@Test
	void loadDeferredContextWhenNoCookieThenEmptyAndGenerated() {
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		MockHttpServletRequest request = new MockHttpServletRequest();
		assertThat(repository.loadDeferredContext(request).get().getAuthentication()).isNull();
		assertThat(repository.loadDeferredContext(request).isGenerated()).isTrue();
		assertThat(repository.containsContext(request)).isFalse();
		assertThat(this.store.calls()).isEmpty();
	}

	@Test
	void saveContextWhenSignedInThenTheCookieCarriesASessionIdAndTheUsersGenerationAndWritesOnce() {
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		String cookie = signIn(repository, "alice");
		assertThat(this.store.calls()).as("the generation, kept at login").containsExactly("generation");
		VerifiedToken token = this.tokens.inspect(cookie);
		assertThat(token.purpose()).isEqualTo("session");
		assertThat(token.subject()).isEqualTo("alice");
		assertThat(token.sessionId()).isNotBlank();
		assertThat(token.generation()).isPositive();
		assertThat(token.maxUses()).isZero();
		assertThat(token.claim(TempIdSecurityContextRepository.LOGIN_CLAIM, Long.class))
			.isEqualTo(this.clock.instant().getEpochSecond());
	}

	/**
	 * The session check is the verify itself: one store read per request that carries the
	 * cookie, which sees the session's revocation and the user's generation together,
	 * however often the request asks, with revocation checks on or off.
	 */
	@ParameterizedTest(name = "revocation checks {0}")
	@ValueSource(booleans = { false, true })
	void requestWhenItCarriesTheCookieThenExactlyOneStoreRead(boolean revocationChecks) {
		TokenService tokens = tokens(revocationChecks);
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(tokens);
		String cookie = signIn(repository, "alice");
		this.store.clear();
		MockHttpServletRequest request = request(cookie);
		MockHttpServletResponse response = new MockHttpServletResponse();
		repository.renewIfDue(request, response);
		assertThat(repository.containsContext(request)).isTrue();
		SecurityContext context = repository.loadDeferredContext(request).get();
		assertThat(repository.loadDeferredContext(request).get().getAuthentication()).isNotNull();
		repository.saveContext(context, request, response);
		assertThat(context.getAuthentication().getName()).isEqualTo("alice");
		assertThat(response.getHeaders("Set-Cookie")).isEmpty();
		assertThat(this.store.calls()).containsExactly("usage");
	}

	@ParameterizedTest(name = "revocation checks {0}")
	@ValueSource(booleans = { false, true })
	void loadWhenTheCookieCarriesNoGenerationThenRefusedAndCleared(boolean revocationChecks) {
		TokenService tokens = tokens(revocationChecks);
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(tokens);
		// as issued before sessions carried a generation: sid and login time in the payload
		IssuedToken older = tokens.issue(TokenRequest.forPurpose("session")
			.subject("alice")
			.ttl(Duration.ofHours(8))
			.unlimitedUses()
			.permissions("read")
			.claim("sid", "c2Vzc2lvbi1vZi1hbGljZQ")
			.claim("login", this.clock.instant().getEpochSecond())
			.build());
		// a session id but no generation, and a generation but no session id
		IssuedToken noGeneration = tokens.issue(TokenRequest.forPurpose("session").subject("alice").unlimitedUses()
			.sessionId("c2Vzc2lvbi1vZi1hbGljZQ").claim("login", this.clock.instant().getEpochSecond()).build());
		IssuedToken noSession = tokens.issue(TokenRequest.forPurpose("session").subject("alice").unlimitedUses()
			.revocableBySubject(true).claim("login", this.clock.instant().getEpochSecond()).build());
		for (IssuedToken token : List.of(older, noGeneration, noSession)) {
			assertThat(tokens.verify(token.value(), "session").subject()).isEqualTo("alice");
			MockHttpServletRequest request = request(token.value());
			MockHttpServletResponse response = new MockHttpServletResponse();
			repository.renewIfDue(request, response);
			assertThat(repository.loadDeferredContext(request).get().getAuthentication()).isNull();
			assertThat(response.getHeader("Set-Cookie")).startsWith(COOKIE + "=;").contains("Max-Age=0");
			// and logout has nothing to revoke (it would not hold with revocation checks off)
			MockHttpServletResponse logout = new MockHttpServletResponse();
			repository.logout(request(token.value()), logout, null);
			assertThat(logout.getStatus()).isEqualTo(200);
			assertThat(logout.getHeader("Set-Cookie")).contains("Max-Age=0");
		}
		assertThat(this.store.calls()).doesNotContain("revoke");
	}

	@Test
	void logoutThenListenersHearTheRevokeAndEveryCopyOfTheSessionDies() {
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		String cookie = signIn(repository, "alice");
		this.clock.advance(Duration.ofHours(5));
		String renewed = renewedCookie(repository, cookie);
		this.events.clear();
		this.store.clear();
		MockHttpServletRequest request = request(renewed);
		repository.renewIfDue(request, new MockHttpServletResponse());
		MockHttpServletResponse response = new MockHttpServletResponse();
		repository.logout(request, response, null);
		assertThat(response.getHeader("Set-Cookie")).startsWith(COOKIE + "=;").contains("Max-Age=0");
		assertThat(this.store.calls()).as("the request's check, then the revocation").containsExactly("usage", "revoke");
		assertThat(this.events).filteredOn((event) -> event.operation() == Operation.REVOKE)
			.singleElement()
			.satisfies((event) -> {
				assertThat(event.succeeded()).isTrue();
				assertThat(event.purpose()).isEqualTo("session");
				assertThat(event.subject()).isEqualTo("alice");
			});
		assertThat(load(repository, cookie)).as("the first cookie").isNull();
		assertThat(load(repository, renewed)).as("the renewed cookie").isNull();
		assertThat(repository.loadDeferredContext(request).get().getAuthentication())
			.as("the rest of the logout request").isNull();
	}

	@Test
	void logoutWhenTheStoreIsDownThenAnswers503AndKeepsTheSessionAlive() throws Exception {
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		String cookie = signIn(repository, "alice");
		this.store.down = true;
		MockHttpServletResponse refused = new MockHttpServletResponse();
		repository.logout(request(cookie), refused, null);
		assertThat(refused.getStatus()).isEqualTo(503);
		assertThat(refused.getHeader("Retry-After")).isEqualTo("5");
		assertThat(refused.getContentAsString()).contains("STORE_UNAVAILABLE");
		assertThat(refused.getHeaders("Set-Cookie")).isEmpty();
		this.store.down = false;
		assertThat(load(repository, cookie)).as("not pretended: still signed in").isNotNull();
		MockHttpServletResponse again = new MockHttpServletResponse();
		repository.logout(request(cookie), again, null);
		assertThat(again.getStatus()).isEqualTo(200);
		assertThat(load(repository, cookie)).isNull();
	}

	@Test
	void loadWhenTheStoreIsDownThenFailsClosedAndKeepsTheCookie() {
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		String cookie = signIn(repository, "alice");
		this.store.down = true;
		MockHttpServletRequest request = request(cookie);
		MockHttpServletResponse response = new MockHttpServletResponse();
		repository.renewIfDue(request, response);
		assertThat(repository.loadDeferredContext(request).get().getAuthentication()).isNull();
		assertThat(response.getHeaders("Set-Cookie")).isEmpty();
		this.store.down = false;
		assertThat(load(repository, cookie)).isNotNull();
	}

	@Test
	void renewIfDueWhenPastHalfItsLifetimeThenTheSameSessionLoginTimeAndGeneration() {
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		String cookie = signIn(repository, "alice");
		VerifiedToken first = this.tokens.inspect(cookie);
		this.clock.advance(Duration.ofHours(3));
		MockHttpServletResponse early = new MockHttpServletResponse();
		repository.renewIfDue(request(cookie), early);
		assertThat(early.getHeaders("Set-Cookie")).as("more than half left").isEmpty();
		this.clock.advance(Duration.ofHours(2));
		String renewed = renewedCookie(repository, cookie);
		VerifiedToken second = this.tokens.inspect(renewed);
		assertThat(second.id()).isNotEqualTo(first.id());
		assertThat(second.sessionId()).isEqualTo(first.sessionId());
		assertThat(second.claim(TempIdSecurityContextRepository.LOGIN_CLAIM, Long.class))
			.isEqualTo(first.claim(TempIdSecurityContextRepository.LOGIN_CLAIM, Long.class));
		assertThat(second.generation()).isPositive().isEqualTo(first.generation());
		assertThat(second.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofHours(8)));
		this.clock.advance(Duration.ofHours(4));
		assertThat(load(repository, cookie)).as("the first cookie has expired").isNull();
		assertThat(load(repository, renewed)).isNotNull();
	}

	@Test
	void renewIfDueWhenTheStoreFailsWhileRenewingThenTheRequestKeepsItsCookie() {
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		String cookie = signIn(repository, "alice");
		this.clock.advance(Duration.ofHours(5));
		this.store.afterNextRead(() -> this.store.down = true);
		MockHttpServletRequest request = request(cookie);
		MockHttpServletResponse response = new MockHttpServletResponse();
		repository.renewIfDue(request, response);
		assertThat(response.getHeaders("Set-Cookie")).isEmpty();
		assertThat(repository.loadDeferredContext(request).get().getAuthentication().getName()).isEqualTo("alice");
		this.store.down = false;
		assertThat(renewedCookie(repository, cookie)).isNotEqualTo(cookie);
	}

	@Test
	void signOutEverywhereThenEverySessionOfTheUserEndsAndOtherUsersStay() {
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		String laptop = signIn(repository, "alice");
		String phone = signIn(repository, "alice");
		String bob = signIn(repository, "bob");
		this.clock.advance(Duration.ofHours(5));
		String renewedPhone = renewedCookie(repository, phone);
		this.events.clear();
		this.store.clear();
		repository.signOutEverywhere("alice");
		assertThat(this.store.calls()).as("one store write").containsExactly("advanceGenerations");
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.operation()).isEqualTo(Operation.REVOKE);
			assertThat(event.purpose()).isEqualTo("session");
			assertThat(event.subject()).isEqualTo("alice");
		});
		for (String cookie : List.of(laptop, phone, renewedPhone)) {
			MockHttpServletResponse response = new MockHttpServletResponse();
			MockHttpServletRequest request = request(cookie);
			repository.renewIfDue(request, response);
			assertThat(repository.loadDeferredContext(request).get().getAuthentication()).isNull();
			assertThat(response.getHeader("Set-Cookie")).contains("Max-Age=0");
		}
		assertThat(load(repository, bob)).isNotNull();
		// signing in again works, and only the new session lives
		String again = signIn(repository, "alice");
		assertThat(load(repository, again).getName()).isEqualTo("alice");
		assertThat(load(repository, laptop)).isNull();
	}

	@Test
	void signOutEverywhereWhenOtherTokensOfTheUserCarryAGenerationThenOnlySessionsEnd() {
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		String session = signIn(repository, "alice");
		IssuedToken link = this.tokens.issue(TokenRequest.forPurpose("magic-link").subject("alice").maxUses(1)
			.revocableBySubject(true).build());
		repository.signOutEverywhere("alice");
		assertThat(load(repository, session)).isNull();
		assertThat(this.tokens.verify(link.value(), "magic-link").subject()).isEqualTo("alice");
	}

	@Test
	void signOutEverywhereDuringARequestThenItsOwnCookieIsClearedToo() {
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		String cookie = signIn(repository, "alice");
		String other = signIn(repository, "alice");
		MockHttpServletRequest request = request(cookie);
		MockHttpServletResponse response = new MockHttpServletResponse();
		repository.renewIfDue(request, response);
		Authentication caller = repository.loadDeferredContext(request).get().getAuthentication();
		repository.signOutEverywhere(caller.getName(), request, response);
		assertThat(response.getHeader("Set-Cookie")).startsWith(COOKIE + "=;").contains("Max-Age=0");
		assertThat(repository.loadDeferredContext(request).get().getAuthentication()).isNull();
		assertThat(load(repository, cookie)).isNull();
		assertThat(load(repository, other)).isNull();
	}

	@Test
	void signOutEverywhereDuringAnotherUsersRequestThenTheirCookieIsKept() {
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		String admin = signIn(repository, "admin");
		String alice = signIn(repository, "alice");
		MockHttpServletRequest request = request(admin);
		MockHttpServletResponse response = new MockHttpServletResponse();
		repository.signOutEverywhere("alice", request, response);
		assertThat(response.getHeaders("Set-Cookie")).isEmpty();
		assertThat(load(repository, admin)).isNotNull();
		assertThat(load(repository, alice)).isNull();
	}

	@Test
	void signOutEverywhereWhenTheStoreIsDownThenThrowsAndNothingEnds() {
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		String cookie = signIn(repository, "alice");
		MockHttpServletRequest request = request(cookie);
		repository.renewIfDue(request, new MockHttpServletResponse());
		this.store.down = true;
		MockHttpServletResponse response = new MockHttpServletResponse();
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> repository.signOutEverywhere("alice", request, response));
		assertThat(response.getHeaders("Set-Cookie")).isEmpty();
		this.store.down = false;
		assertThat(load(repository, cookie)).isNotNull();
	}

	/**
	 * Another instance signs the user out everywhere between this request's check and its
	 * renewal: the renewal would carry the new generation and outlive the sign-out, so no
	 * renewed cookie is given, and the old one is dead.
	 */
	@Test
	void renewIfDueWhenSignedOutEverywhereDuringTheRequestThenNoRenewedCookieOutlivesIt() {
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		String cookie = signIn(repository, "alice");
		this.clock.advance(Duration.ofHours(5));
		this.store.afterNextRead(() -> this.tokens.revokeAll("alice", "session"));
		MockHttpServletRequest request = request(cookie);
		MockHttpServletResponse response = new MockHttpServletResponse();
		repository.renewIfDue(request, response);
		assertThat(response.getHeaders("Set-Cookie")).singleElement()
			.satisfies((header) -> assertThat(header).startsWith(COOKIE + "=;").contains("Max-Age=0"));
		assertThat(repository.loadDeferredContext(request).get().getAuthentication()).isNull();
		assertThat(load(repository, cookie)).isNull();
	}

	@Test
	void loadWhenTheUserWasDeletedThenSignedOutAtTheNextRequest() {
		InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(user("alice", true), user("bob", true));
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		repository.setUserDetailsService(users);
		String alice = signIn(repository, "alice");
		String bob = signIn(repository, "bob");
		assertThat(load(repository, alice).getPrincipal()).isInstanceOf(UserDetails.class);
		users.deleteUser("alice");
		MockHttpServletRequest request = request(alice);
		MockHttpServletResponse response = new MockHttpServletResponse();
		repository.renewIfDue(request, response);
		assertThat(repository.loadDeferredContext(request).get().getAuthentication()).isNull();
		assertThat(response.getHeader("Set-Cookie")).contains("Max-Age=0");
		assertThat(load(repository, bob)).isNotNull();
	}

	@Test
	void loadWhenTheUserWasDisabledThenSignedOutAndALogoutStillEndsTheSession() {
		InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(user("alice", true));
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		repository.setUserDetailsService(users);
		String cookie = signIn(repository, "alice");
		users.updateUser(user("alice", false));
		assertThat(load(repository, cookie)).isNull();
		MockHttpServletRequest request = request(cookie);
		repository.renewIfDue(request, new MockHttpServletResponse());
		repository.logout(request, new MockHttpServletResponse(), null);
		users.updateUser(user("alice", true));
		assertThat(load(repository, cookie)).as("enabled again, the logged-out cookie stays dead").isNull();
	}

	private TokenService tokens(boolean revocationChecks) {
		return TokenService.builder()
			.localKey(LocalKey.generate())
			.clock(this.clock)
			.store(this.store)
			.revocationChecks(revocationChecks)
			.listener(this.events::add)
			.build();
	}

	/** Signs {@code name} in through a fresh request; returns the cookie's value. */
	private String signIn(TempIdSecurityContextRepository repository, String name) {
		MockHttpServletResponse response = new MockHttpServletResponse();
		repository.saveContext(context(name, List.of(new SimpleGrantedAuthority("read"))), new MockHttpServletRequest(),
				response);
		return cookieValue(response);
	}

	/** A request with {@code cookie} that is due for renewal; returns the renewed cookie's value. */
	private static String renewedCookie(TempIdSecurityContextRepository repository, String cookie) {
		MockHttpServletResponse response = new MockHttpServletResponse();
		repository.renewIfDue(request(cookie), response);
		return cookieValue(response);
	}

	/** A new request with {@code cookie}, as the filter chain handles it: its authentication or {@code null}. */
	private static @Nullable Authentication load(TempIdSecurityContextRepository repository, String cookie) {
		MockHttpServletRequest request = request(cookie);
		repository.renewIfDue(request, new MockHttpServletResponse());
		return repository.loadDeferredContext(request).get().getAuthentication();
	}

	private static String cookieValue(MockHttpServletResponse response) {
		String header = response.getHeader("Set-Cookie");
		assertThat(header).startsWith(COOKIE + "=v4.local.");
		return header.substring(COOKIE.length() + 1, header.indexOf(';'));
	}

	private static MockHttpServletRequest request(String cookie) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setCookies(new Cookie(COOKIE, cookie));
		return request;
	}

	private static UserDetails user(String name, boolean enabled) {
		return User.withUsername(name).password("{noop}unused-password").authorities("read").disabled(!enabled).build();
	}

	private static SecurityContext context(String name, List<GrantedAuthority> authorities) {
		return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(name, null, authorities));
	}

}
