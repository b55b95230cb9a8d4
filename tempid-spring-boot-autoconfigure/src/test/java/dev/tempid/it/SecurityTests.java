package dev.tempid.it;

import java.time.Duration;
import java.util.List;

import dev.tempid.TokenRequest;
import dev.tempid.security.TempIdAuthenticationFailureEvent;
import dev.tempid.security.TempIdAuthenticationException;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The bearer filter, magic-link login, cookie sessions and CSRF, through MockMvc.
 */
class SecurityTests extends WebTestSupport {

	// ------------------------------------------------------------- bearer filter

	@Test
	void requestWithoutTokenGetsBearerChallenge() throws Exception {
		this.mvc.perform(get("/api/me").accept(MediaType.APPLICATION_JSON))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", "Bearer"))
			.andExpect(header().string("Content-Type", "application/problem+json;charset=UTF-8"))
			.andExpect(jsonPath("$.status").value(401))
			// this chain also takes magic-link sessions: the answer says so
			.andExpect(jsonPath("$.detail").value(containsString("signed-in session")))
			.andExpect(jsonPath("$.detail").value(containsString("bearer token")));
	}

	@Test
	void validBearerTokenAuthenticatesWithPermissionsAsAuthorities() throws Exception {
		this.events.received.clear();
		this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + issue("api", "alice", 0, "read", "write")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.subject").value("alice"))
			.andExpect(jsonPath("$.authorities[0]").value("read"))
			.andExpect(jsonPath("$.authorities[1]").value("write"));
		assertThat(this.events.received).anyMatch(AuthenticationSuccessEvent.class::isInstance);
	}

	@Test
	void missingAuthorityIsForbidden() throws Exception {
		this.mvc.perform(get("/api/admin").header("Authorization", "Bearer " + issue("api", "alice", 0, "read")))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/api/admin").header("Authorization", "Bearer " + issue("api", "root", 0, "admin")))
			.andExpect(status().isOk());
	}

	@Test
	void refusedBearerTokenAnswersInvalidTokenAndPublishesFailure() throws Exception {
		this.events.received.clear();
		this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + issue("reset", "alice", 0)))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate",
					"Bearer error=\"invalid_token\", error_description=\"The token was issued for another purpose.\""))
			.andExpect(jsonPath("$.reason").value("WRONG_PURPOSE"));
		assertThat(this.events.received).anySatisfy((event) -> {
			assertThat(event).isInstanceOf(TempIdAuthenticationFailureEvent.class);
			assertThat(((TempIdAuthenticationFailureEvent) event).getException())
				.isInstanceOf(TempIdAuthenticationException.class);
		});
	}

	@Test
	void expiredBearerTokenIsInvalidToken() throws Exception {
		String token = issue("api", "alice", 0);
		this.clock.advance(Duration.ofHours(1));
		this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + token))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", containsString("error=\"invalid_token\"")))
			.andExpect(header().string("WWW-Authenticate", containsString("expired")));
	}

	@Test
	void malformedAuthorizationHeaderIsInvalidRequest() throws Exception {
		this.mvc.perform(get("/api/me").header("Authorization", "Bearer not a token!"))
			.andExpect(status().isBadRequest())
			.andExpect(header().string("WWW-Authenticate", containsString("error=\"invalid_request\"")));
	}

	@Test
	void queryParameterIsNotAcceptedByDefault() throws Exception {
		this.mvc.perform(get("/api/me").param("access_token", issue("api", "alice", 0)).accept(MediaType.APPLICATION_JSON))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", "Bearer"));
	}

	@Test
	void bearerRequestsNeedNoCsrfToken() throws Exception {
		this.mvc.perform(post("/api/echo").header("Authorization", "Bearer " + issue("api", "alice", 0))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"a\":1}")).andExpect(status().isOk()).andExpect(jsonPath("$.a").value(1));
	}

	// ------------------------------------------------------------- magic link

	@Test
	void magicLinkGetShowsConfirmationPageAndSpendsNothing() throws Exception {
		String token = issue("magic-link", "alice", 1);
		this.mvc.perform(get("/login/magic").param("token", token))
			.andExpect(status().isOk())
			.andExpect(header().string("Cache-Control", "no-store"))
			.andExpect(content().string(containsString("<form method=\"post\" action=\"/login/magic\">")))
			.andExpect(content().string(containsString("value=\"" + token + "\"")))
			.andExpect(content().string(containsString("name=\"_csrf\"")));
		this.mvc.perform(get("/login/magic").param("token", token)).andExpect(status().isOk());
		assertThat(used(token, "magic-link")).isZero();
	}

	@Test
	void magicLinkPageEscapesAndRefusesGarbage() throws Exception {
		this.mvc.perform(get("/login/magic").param("token", "\"><script>alert(1)</script>"))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("<script>"))))
			.andExpect(content().string(containsString("does not work")));
	}

	@Test
	void magicLinkPostNeedsCsrf() throws Exception {
		String token = issue("magic-link", "alice", 1);
		this.mvc.perform(post("/login/magic").param("token", token)).andExpect(status().isForbidden());
		assertThat(used(token, "magic-link")).isZero();
	}

	@Test
	void magicLinkPostSignsInOnceWithSessionCookie() throws Exception {
		String token = issue("magic-link", "alice", 1);
		MvcResult result = this.mvc.perform(post("/login/magic").with(csrf()).param("token", token))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/"))
			.andReturn();
		String setCookie = sessionSetCookie(result);
		assertThat(setCookie).contains("HttpOnly").contains("Secure").contains("SameSite=Lax").contains("Path=/")
			.contains("Max-Age=28800");
		this.mvc.perform(get("/api/me").cookie(sessionCookie(setCookie)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.subject").value("alice"));
		this.mvc.perform(post("/login/magic").with(csrf()).param("token", token))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login?error"));
	}

	@Test
	void magicLinkWithWrongPurposeFails() throws Exception {
		this.mvc.perform(post("/login/magic").with(csrf()).param("token", issue("api", "alice", 1)))
			.andExpect(redirectedUrl("/login?error"));
	}

	@Test
	void magicLinkWhenTheStoreFailsWhileTheLoginIsKeptThenALoginErrorAndTheLinkWorksAgain() throws Exception {
		String token = issue("magic-link", "alice", 1);
		this.store.generationsDown = true;
		MvcResult failed = this.mvc.perform(post("/login/magic").with(csrf()).param("token", token))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login?error"))
			.andReturn();
		assertThat(setCookies(failed)).noneMatch((c) -> c.startsWith("TEMPID_SESSION="));
		this.store.generationsDown = false;
		// the spent use was given back: the same link signs in once the store answers again
		MvcResult signedIn = this.mvc.perform(post("/login/magic").with(csrf()).param("token", token))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/"))
			.andReturn();
		this.mvc.perform(get("/api/me").cookie(sessionCookie(sessionSetCookie(signedIn))))
			.andExpect(jsonPath("$.subject").value("alice"));
		this.mvc.perform(post("/login/magic").with(csrf()).param("token", token))
			.andExpect(redirectedUrl("/login?error"));
	}

	// ------------------------------------------------------------- sessions

	@Test
	void sessionIsRenewedAfterHalfItsLifetime() throws Exception {
		Cookie cookie = signIn("alice");
		MvcResult fresh = this.mvc.perform(get("/api/me").cookie(cookie)).andExpect(status().isOk()).andReturn();
		assertThat(setCookies(fresh)).noneMatch((c) -> c.startsWith("TEMPID_SESSION="));
		this.clock.advance(Duration.ofHours(5));
		MvcResult renewed = this.mvc.perform(get("/api/me").cookie(cookie)).andExpect(status().isOk()).andReturn();
		Cookie next = sessionCookie(sessionSetCookie(renewed));
		assertThat(next.getValue()).isNotEqualTo(cookie.getValue());
		this.clock.advance(Duration.ofHours(4));
		// the first cookie has expired; the renewed one lives on
		this.mvc.perform(get("/api/me").cookie(cookie).accept(MediaType.APPLICATION_JSON))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(get("/api/me").cookie(next)).andExpect(status().isOk());
	}

	@Test
	void logoutRevokesEveryCopyOfTheSession() throws Exception {
		Cookie cookie = signIn("alice");
		this.clock.advance(Duration.ofHours(5));
		Cookie renewed = sessionCookie(
				sessionSetCookie(this.mvc.perform(get("/api/me").cookie(cookie)).andReturn()));
		MvcResult logout = this.mvc.perform(post("/logout").with(csrf()).cookie(renewed))
			.andExpect(status().isFound())
			.andReturn();
		assertThat(sessionSetCookie(logout)).contains("Max-Age=0");
		this.mvc.perform(get("/api/me").cookie(cookie).accept(MediaType.APPLICATION_JSON))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(get("/api/me").cookie(renewed).accept(MediaType.APPLICATION_JSON))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void logoutWhenTheStoreIsDownThenAnswersAnErrorAndKeepsTheSessionAlive() throws Exception {
		Cookie cookie = signIn("alice");
		this.store.down = true;
		MvcResult refused = this.mvc.perform(post("/logout").with(csrf()).cookie(cookie))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().exists("Retry-After"))
			.andExpect(jsonPath("$.reason").value("STORE_UNAVAILABLE"))
			.andReturn();
		assertThat(setCookies(refused)).noneMatch((c) -> c.startsWith("TEMPID_SESSION="));
		this.store.down = false;
		// not pretended: the session is still alive, and a second try ends it
		this.mvc.perform(get("/api/me").cookie(cookie)).andExpect(status().isOk());
		this.mvc.perform(post("/logout").with(csrf()).cookie(cookie)).andExpect(status().isFound());
		this.mvc.perform(get("/api/me").cookie(cookie).accept(MediaType.APPLICATION_JSON))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void sessionFailsClosedWhenStoreIsDown() throws Exception {
		Cookie cookie = signIn("alice");
		this.store.down = true;
		MvcResult down = this.mvc.perform(get("/api/me").cookie(cookie).accept(MediaType.APPLICATION_JSON))
			.andExpect(status().isUnauthorized())
			.andReturn();
		// an outage does not sign the user out: the cookie is kept and works again afterwards
		assertThat(setCookies(down)).noneMatch((c) -> c.startsWith("TEMPID_SESSION="));
		this.store.down = false;
		this.mvc.perform(get("/api/me").cookie(cookie)).andExpect(status().isOk());
	}

	@Test
	void sessionRequestsNeedCsrfToken() throws Exception {
		Cookie session = signIn("alice");
		this.mvc.perform(post("/api/echo").cookie(session).contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/api/echo").cookie(session).with(csrf())
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"ok\":true}")).andExpect(status().isOk()).andExpect(jsonPath("$.ok").value(true));
	}

	/**
	 * The CSRF token of a browser changes when it signs in, then survives its requests: no
	 * MockMvc {@code csrf()} shortcut here, the XSRF-TOKEN cookie goes round trip as a
	 * browser sends it back, and the chain is STATELESS (whose SessionManagementFilter would
	 * otherwise take every cookie-session request for a new login and clear the token).
	 */
	@Test
	void sessionCsrfTokenChangesAtLoginAndThenSurvivesRequestsLikeInABrowser() throws Exception {
		Cookie anonymous = this.mvc.perform(post("/api/echo").contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isForbidden())
			.andReturn()
			.getResponse()
			.getCookie("XSRF-TOKEN");
		assertThat(anonymous).as("the CSRF cookie of an anonymous browser").isNotNull();
		MvcResult login = this.mvc.perform(post("/login/magic").cookie(anonymous)
			.header("X-XSRF-TOKEN", anonymous.getValue())
			.param("token", issue("magic-link", "alice", 1))).andExpect(status().isFound()).andReturn();
		assertThat(setCookies(login)).as("the login clears the anonymous CSRF token")
			.anyMatch((c) -> c.startsWith("XSRF-TOKEN=;") && c.contains("Max-Age=0"));
		Cookie session = sessionCookie(sessionSetCookie(login));
		MvcResult first = this.mvc.perform(get("/api/me").cookie(session)).andExpect(status().isOk()).andReturn();
		assertThat(setCookies(first)).noneMatch((c) -> c.startsWith("XSRF-TOKEN=") && c.contains("Max-Age=0"));
		Cookie xsrf = first.getResponse().getCookie("XSRF-TOKEN");
		if (xsrf == null) {
			// the token is written lazily: a request that reads it gets the cookie
			xsrf = this.mvc.perform(post("/api/echo").cookie(session).contentType(MediaType.APPLICATION_JSON)
				.content("{}")).andExpect(status().isForbidden()).andReturn().getResponse().getCookie("XSRF-TOKEN");
		}
		assertThat(xsrf).as("an XSRF-TOKEN cookie").isNotNull();
		assertThat(xsrf.getValue()).as("the token after login").isNotEqualTo(anonymous.getValue());
		for (int i = 0; i < 3; i++) {
			MvcResult posted = this.mvc.perform(post("/api/echo").cookie(session, xsrf)
				.header("X-XSRF-TOKEN", xsrf.getValue())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"n\":" + i + "}")).andExpect(status().isOk()).andExpect(jsonPath("$.n").value(i)).andReturn();
			assertThat(setCookies(posted)).as("request %d clears no CSRF token", i)
				.noneMatch((c) -> c.startsWith("XSRF-TOKEN=") && c.contains("Max-Age=0"));
			Cookie replaced = posted.getResponse().getCookie("XSRF-TOKEN");
			if (replaced != null) {
				xsrf = replaced;
			}
		}
	}

	/**
	 * A bearer token authenticates one request and is never turned into a session cookie,
	 * also in a STATELESS chain with cookie sessions (whose session management filter would
	 * save what the bearer filter authenticated).
	 */
	@Test
	void bearerRequestsNeverGetASessionCookie() throws Exception {
		String token = issue(TokenRequest.forPurpose("api").subject("alice").permissions("read").build());
		MvcResult result = this.mvc.perform(get("/api/me").header("Authorization", "Bearer " + token))
			.andExpect(status().isOk())
			.andReturn();
		assertThat(setCookies(result)).noneMatch((c) -> c.startsWith("TEMPID_SESSION="));
		MvcResult posted = this.mvc.perform(post("/api/echo").header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{}")).andExpect(status().isOk()).andReturn();
		assertThat(setCookies(posted)).noneMatch((c) -> c.startsWith("TEMPID_SESSION="));
	}

	@Test
	void tamperedSessionCookieIsIgnoredAndCleared() throws Exception {
		Cookie cookie = signIn("alice");
		Cookie tampered = new Cookie("TEMPID_SESSION", ConsumesTokenTests.flipLastTagByte(cookie.getValue()));
		MvcResult result = this.mvc.perform(get("/api/me").cookie(tampered).accept(MediaType.APPLICATION_JSON))
			.andExpect(status().isUnauthorized())
			.andReturn();
		assertThat(sessionSetCookie(result)).contains("Max-Age=0");
	}

	@Test
	void apiTokenCannotBeUsedAsSessionCookie() throws Exception {
		Cookie forged = new Cookie("TEMPID_SESSION",
				issue(TokenRequest.forPurpose("api").subject("mallory").permissions("admin").build()));
		this.mvc.perform(get("/api/admin").cookie(forged).accept(MediaType.APPLICATION_JSON))
			.andExpect(status().isUnauthorized());
	}

	// ------------------------------------------------------------- helpers

	Cookie signIn(String user) throws Exception {
		MvcResult result = this.mvc
			.perform(post("/login/magic").with(csrf()).param("token", issue("magic-link", user, 1)))
			.andExpect(status().isFound())
			.andReturn();
		return sessionCookie(sessionSetCookie(result));
	}

	static String sessionSetCookie(MvcResult result) {
		List<String> cookies = setCookies(result);
		return cookies.stream()
			.filter((c) -> c.startsWith("TEMPID_SESSION="))
			.reduce((first, second) -> second)
			.orElseThrow(() -> new AssertionError("no session cookie in " + cookies));
	}

	static Cookie sessionCookie(String setCookie) {
		String value = setCookie.substring("TEMPID_SESSION=".length(), setCookie.indexOf(';'));
		return new Cookie("TEMPID_SESSION", value);
	}

}
