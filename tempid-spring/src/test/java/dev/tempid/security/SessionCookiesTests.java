package dev.tempid.security;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.tempid.LocalKey;
import dev.tempid.MutableClock;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseCookie;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The stack-neutral rules that the servlet and the WebFlux session repositories share;
 * their own tests ({@link TempIdSecurityContextRepositoryTests},
 * {@code TempIdServerSecurityTests}) cover them through HTTP.
 */
class SessionCookiesTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T08:00:00Z"));

	private final TokenService tokens = TokenService.builder().localKey(LocalKey.generate()).clock(this.clock).build();

	private final SessionCookies cookies = new SessionCookies();

	@Test
	void setTtlWhenNotPositiveThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.cookies.setTtl(Duration.ZERO));
		assertThatIllegalArgumentException().isThrownBy(() -> this.cookies.setAbsoluteTimeout(Duration.ofSeconds(-1)));
	}

	@Test
	void tokenRequestWhenLoginThenASessionTokenOfTheUserAndItsAuthorities() {
		this.cookies.setAudience("web");
		Instant login = this.clock.instant();
		TokenRequest request = this.cookies.tokenRequest(user("alice", "read", "write"), "sid-1", login,
				Duration.ofHours(1), false);
		assertThat(request.purpose()).isEqualTo(SessionCookies.DEFAULT_PURPOSE);
		assertThat(request.audience()).isEqualTo("web");
		assertThat(request.permissions()).containsExactly("read", "write");
		assertThat(request.sessionId()).isEqualTo("sid-1");
		assertThat(request.revocableBySubject()).isTrue();
		assertThat(request.singleActive()).as("the purpose's policy decides").isNull();
		assertThat(request.maxUses()).isZero();
		assertThat(request.data()).containsEntry(SessionCookies.LOGIN_CLAIM, login.getEpochSecond());
		assertThat(this.cookies.tokenRequest(user("alice"), "sid-1", login, Duration.ofHours(1), true).singleActive())
			.as("a renewal never ends the user's other sessions")
			.isFalse();
	}

	@Test
	void sessionWhenIssuedByTheseRulesThenReadBackUntilTheAbsoluteTimeout() {
		this.cookies.setAbsoluteTimeout(Duration.ofHours(2));
		Instant login = this.clock.instant();
		VerifiedToken token = issue(login, Duration.ofHours(1));
		SessionCookies.Session session = this.cookies.session(token, this.clock.instant());
		assertThat(session).isNotNull();
		assertThat(session.id()).isEqualTo("sid-1");
		assertThat(session.subject()).isEqualTo("alice");
		assertThat(session.loginTime()).isEqualTo(login);
		assertThat(this.cookies.session(token, login.plus(Duration.ofHours(2)))).as("at the timeout").isNotNull();
		assertThat(this.cookies.session(token, login.plus(Duration.ofHours(2)).plusSeconds(1))).isNull();
	}

	@Test
	void sessionWhenTheTokenCarriesNoGenerationThenNone() {
		VerifiedToken token = this.tokens.inspect(this.tokens
			.issue(TokenRequest.forPurpose(SessionCookies.DEFAULT_PURPOSE)
				.subject("alice")
				.sessionId("sid-1")
				.claim(SessionCookies.LOGIN_CLAIM, this.clock.instant().getEpochSecond())
				.build())
			.value());
		assertThat(token.generation()).isZero();
		assertThat(this.cookies.session(token, this.clock.instant())).isNull();
	}

	@Test
	void isRenewalDueWhenLessThanHalfTheLifetimeIsLeftThenDue() {
		VerifiedToken fresh = issue(this.clock.instant(), Duration.ofHours(1));
		this.clock.advance(Duration.ofMinutes(30));
		assertThat(this.cookies.isRenewalDue(session(fresh))).as("exactly half left").isFalse();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.cookies.isRenewalDue(session(fresh))).isTrue();
	}

	@Test
	void cookieTtlWhenTheAbsoluteTimeoutIsCloseThenCutToItAndNoneBelowASecond() {
		this.cookies.setTtl(Duration.ofHours(8));
		this.cookies.setAbsoluteTimeout(Duration.ofHours(10));
		Instant login = this.clock.instant();
		assertThat(this.cookies.cookieTtl(login, login)).isEqualTo(Duration.ofHours(8));
		assertThat(this.cookies.cookieTtl(login, login.plus(Duration.ofHours(9)))).isEqualTo(Duration.ofHours(1));
		assertThat(this.cookies.cookieTtl(login, login.plus(Duration.ofHours(10)).minusMillis(500))).isNull();
	}

	@Test
	void sessionCookieWhenConfiguredThenEveryAttributeAndTheClearingCookieMatches() {
		this.cookies.setCookieName("SID");
		this.cookies.setSecure(false);
		this.cookies.setSameSite("Strict");
		this.cookies.setPath("/app");
		this.cookies.setDomain("example.com");
		ResponseCookie cookie = this.cookies.sessionCookie("v4.local.x", Duration.ofMinutes(30));
		assertThat(cookie.toString()).isEqualTo(
				"SID=v4.local.x; Path=/app; Domain=example.com; Max-Age=1800; Expires=" + expires(cookie)
						+ "; HttpOnly; SameSite=Strict");
		ResponseCookie clearing = this.cookies.clearingCookie();
		assertThat(clearing.getName()).isEqualTo("SID");
		assertThat(clearing.getValue()).isEmpty();
		assertThat(clearing.getMaxAge()).isEqualTo(Duration.ZERO);
		assertThat(clearing.getPath()).isEqualTo("/app");
		assertThat(clearing.getDomain()).isEqualTo("example.com");
		assertThat(clearing.isHttpOnly()).isTrue();
		assertThat(clearing.getSameSite()).isEqualTo("Strict");
	}

	@Test
	void sessionCookieWhenOver4096BytesThenRefused() {
		String token = "t".repeat(SessionCookies.MAX_COOKIE_SIZE);
		assertThatIllegalStateException().isThrownBy(() -> this.cookies.sessionCookie(token, Duration.ofHours(1)))
			.withMessageContaining("4096");
	}

	@Test
	void expectationWhenAnAudienceIsSetThenBothAreExpected() {
		assertThat(this.cookies.expectation().audience()).isNull();
		this.cookies.setPurpose("web-session");
		this.cookies.setAudience("web");
		assertThat(this.cookies.expectation().purpose()).isEqualTo("web-session");
		assertThat(this.cookies.expectation().audience()).isEqualTo("web");
	}

	@Test
	void newSessionIdThenRandomAnd144Bits() {
		String id = SessionCookies.newSessionId();
		assertThat(id).hasSize(24).matches("[A-Za-z0-9_-]+");
		assertThat(SessionCookies.newSessionId()).isNotEqualTo(id);
	}

	private VerifiedToken issue(Instant login, Duration ttl) {
		return this.tokens
			.inspect(this.tokens.issue(this.cookies.tokenRequest(user("alice"), "sid-1", login, ttl, false)).value());
	}

	private SessionCookies.Session session(VerifiedToken token) {
		return new SessionCookies.Session(token, "sid-1", "alice", this.clock.instant());
	}

	private static String expires(ResponseCookie cookie) {
		String header = cookie.toString();
		int start = header.indexOf("Expires=") + "Expires=".length();
		return header.substring(start, header.indexOf(';', start));
	}

	private static Authentication user(String name, String... authorities) {
		List<GrantedAuthority> granted = new ArrayList<>();
		for (String authority : authorities) {
			granted.add(new SimpleGrantedAuthority(authority));
		}
		return UsernamePasswordAuthenticationToken.authenticated(name, null, granted);
	}

}
