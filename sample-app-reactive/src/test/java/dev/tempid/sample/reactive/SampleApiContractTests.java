package dev.tempid.sample.reactive;

import java.net.HttpCookie;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's JSON API (ARCHITECTURE section 7, sample-app/README.md) as a contract,
 * driven over real HTTP against a running sample: only {@link #baseUrl()} says which. The
 * reactive sample runs it in {@code ReactiveSampleApiTests}; pointing it at the servlet
 * sample takes one more subclass whose {@code baseUrl()} is that application's, so the two
 * samples cannot drift. Mail is read through {@code GET /api/dev/outbox} (the {@code dev}
 * profile).
 */
public abstract class SampleApiContractTests {

	/** Alice, who exists from the start, and her password. */
	protected static final String ALICE = "alice@example.com";

	protected static final String ALICE_PASSWORD = "correct horse battery staple";

	private static final ParameterizedTypeReference<List<Map<String, Object>>> MAILS = new ParameterizedTypeReference<>() {
	};

	protected WebTestClient client;

	/** Where the sample under test listens, for example {@code http://localhost:8081}. */
	protected abstract String baseUrl();

	@BeforeEach
	void connect() {
		this.client = WebTestClient.bindToServer().baseUrl(baseUrl()).responseTimeout(Duration.ofSeconds(30)).build();
	}

	// ------------------------------------------------------------- password reset

	@Test
	void passwordResetWhenConfirmedThenTokenIsSpentOnceAndARefusedPasswordSpendsNothing() {
		String email = signUpVerified("reset");
		this.client.post().uri("/api/password-reset").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email))
			.exchange()
			.expectStatus().isAccepted();
		String token = tokenOf(lastLinkTo(email));
		confirm(token, "short").expectStatus().isBadRequest();
		confirm(token, "a much better passphrase").expectStatus().isNoContent();
		// dead twice over: its use is spent, and it was bound to the password it just changed
		confirm(token, "another good passphrase").expectStatus().isUnauthorized()
			.expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody().jsonPath("$.reason").isEqualTo("STATE_CHANGED");
	}

	@Test
	void passwordResetWhenAddressIsUnknownThenAcceptedAndNoMail() {
		String nobody = "nobody-" + System.nanoTime() + "@example.com";
		this.client.post().uri("/api/password-reset").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", nobody))
			.exchange()
			.expectStatus().isAccepted();
		assertThat(outbox()).noneMatch((mail) -> nobody.equals(mail.get("to")));
	}

	@Test
	void passwordResetWhenTokenIsTamperedOrMalformedThenUnauthorizedOrBadRequestAndNothingIsSpent() {
		String email = signUpVerified("tamper");
		this.client.post().uri("/api/password-reset").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email))
			.exchange()
			.expectStatus().isAccepted();
		String token = tokenOf(lastLinkTo(email));
		int at = token.length() / 2;
		String tampered = token.substring(0, at) + ((token.charAt(at) == 'A') ? 'B' : 'A') + token.substring(at + 1);
		confirm(tampered, "a much better passphrase").expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.reason").isEqualTo("BAD_SIGNATURE");
		confirm("not a token", "a much better passphrase").expectStatus().isBadRequest();
		confirm(token, "a much better passphrase").expectStatus().isNoContent();
	}

	// ------------------------------------------------------------- magic link, session, bearer

	@Test
	void meWhenNotSignedInThenUnauthorizedWithBearerChallenge() {
		this.client.get().uri("/api/me").exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Bearer.*");
	}

	@Test
	void magicLinkWhenOpenedThenConfirmsAndWhenPostedThenSignsInOnce() {
		Browser browser = new Browser();
		String link = requestMagicLink(ALICE);
		this.client.get().uri(URI.create(baseUrl() + pathOf(link))).exchange()
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML);
		browser.signIn(tokenOf(link));
		browser.get("/api/me").expectStatus().isOk().expectBody().jsonPath("$.subject").isEqualTo(ALICE);
		// the same link again: back to the login page with an error
		Browser other = new Browser();
		other.fetchCsrf();
		other.postForm("/login/magic", "token=" + tokenOf(link))
			.expectStatus().isFound()
			.expectHeader().valueMatches(HttpHeaders.LOCATION, ".*/login\\?error");
	}

	@Test
	void approvalsWhenCreatedBySignedInUserThenUsableExactlyMaxUsesTimes() {
		Browser browser = new Browser();
		browser.signIn(tokenOf(requestMagicLink(ALICE)));
		String approval = browser.postJson("/api/approvals", Map.of("action", "deploy", "maxUses", 2))
			.expectStatus().isCreated()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult().getResponseBody().get("token").toString();
		useApproval(approval).expectStatus().isOk().expectBody().jsonPath("$.usesLeft").isEqualTo(1);
		useApproval(approval).expectStatus().isOk().expectBody().jsonPath("$.usesLeft").isEqualTo(0);
		useApproval(approval).expectStatus().isEqualTo(HttpStatus.GONE);
		useApproval("garbage").expectStatus().isBadRequest();
	}

	@Test
	void apiTokenWhenUsedAsBearerThenAuthenticatesWithoutASessionCookie() {
		Browser browser = new Browser();
		browser.signIn(tokenOf(requestMagicLink(ALICE)));
		String apiToken = browser.postJson("/api/tokens", Map.of())
			.expectStatus().isCreated()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult().getResponseBody().get("token").toString();
		this.client.get().uri("/api/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + apiToken).exchange()
			.expectStatus().isOk()
			.expectHeader().doesNotExist(HttpHeaders.SET_COOKIE)
			.expectBody().jsonPath("$.subject").isEqualTo(ALICE);
	}

	@Test
	void csrfWhenAskedThenTellsTheHeaderAndToken() {
		this.client.get().uri("/api/csrf").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.headerName").isEqualTo("X-XSRF-TOKEN").jsonPath("$.token").isNotEmpty();
	}

	@Test
	void signUpWhenVerificationLinkIsOpenedThenItsPageSpendsNothingAndItsPostVerifiesOnce() {
		String email = "verify-" + System.nanoTime() + "@example.com";
		this.client.post().uri("/api/signup").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email, "password", "a long enough passphrase"))
			.exchange()
			.expectStatus().isAccepted();
		String token = tokenOf(lastLinkTo(email));
		this.client.get().uri("/verify-email?token={token}", token).exchange().expectStatus().isOk();
		Browser browser = new Browser();
		browser.fetchCsrf();
		browser.postForm("/verify-email", "token=" + token).expectStatus().isOk();
		browser.postForm("/verify-email", "token=" + token).expectStatus().isEqualTo(HttpStatus.GONE);
	}

	// ------------------------------------------------------------- helpers

	private WebTestClient.ResponseSpec confirm(String token, String password) {
		return this.client.post().uri("/api/password-reset/confirm").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("token", token, "password", password))
			.exchange();
	}

	protected WebTestClient.ResponseSpec useApproval(String token) {
		return this.client.post().uri("/api/approvals/use").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange();
	}

	private String signUpVerified(String prefix) {
		String email = prefix + "-" + System.nanoTime() + "@example.com";
		this.client.post().uri("/api/signup").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email, "password", "a long enough passphrase"))
			.exchange()
			.expectStatus().isAccepted();
		return email;
	}

	protected String requestMagicLink(String email) {
		this.client.post().uri("/api/magic-link").contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email))
			.exchange()
			.expectStatus().isAccepted();
		return lastLinkTo(email);
	}

	protected List<Map<String, Object>> outbox() {
		return this.client.get().uri("/api/dev/outbox").exchange()
			.expectStatus().isOk()
			.expectBody(MAILS)
			.returnResult()
			.getResponseBody();
	}

	protected String lastLinkTo(String email) {
		List<Map<String, Object>> mails = outbox();
		for (int i = mails.size() - 1; i >= 0; i--) {
			if (email.equals(mails.get(i).get("to"))) {
				return mails.get(i).get("link").toString();
			}
		}
		throw new IllegalStateException("no mail to " + email);
	}

	protected static String tokenOf(String link) {
		return UriComponentsBuilder.fromUriString(link).build().getQueryParams().getFirst("token");
	}

	private static String pathOf(String link) {
		URI uri = URI.create(link);
		return uri.getRawPath() + "?" + uri.getRawQuery();
	}

	/** Keeps cookies between requests, and sends the CSRF token as Spring Security's scripts do. */
	protected final class Browser {

		private final Map<String, String> cookies = new LinkedHashMap<>();

		private String csrf;

		void fetchCsrf() {
			EntityExchangeResult<Map<String, Object>> result = this.request(SampleApiContractTests.this.client.get()
				.uri("/api/csrf"))
				.exchange()
				.expectStatus().isOk()
				.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
				})
				.returnResult();
			keep(result);
			this.csrf = result.getResponseBody().get("token").toString();
		}

		void signIn(String magicLinkToken) {
			fetchCsrf();
			postForm("/login/magic", "token=" + magicLinkToken)
				.expectStatus().isFound()
				.expectHeader().valueMatches(HttpHeaders.LOCATION, ".*/")
				.expectCookie().exists("TEMPID_SESSION");
		}

		WebTestClient.ResponseSpec get(String path) {
			return keep(request(SampleApiContractTests.this.client.get().uri(path)).exchange());
		}

		WebTestClient.ResponseSpec postForm(String path, String form) {
			return keep(request(SampleApiContractTests.this.client.post().uri(path))
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.bodyValue(form + "&_csrf=" + this.csrf)
				.exchange());
		}

		WebTestClient.ResponseSpec postJson(String path, Object body) {
			if (this.csrf == null) {
				fetchCsrf();
			}
			return keep(request(SampleApiContractTests.this.client.post().uri(path))
				.header("X-XSRF-TOKEN", this.csrf)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange());
		}

		private <S extends WebTestClient.RequestHeadersSpec<?>> S request(S spec) {
			this.cookies.forEach(spec::cookie);
			return spec;
		}

		private WebTestClient.ResponseSpec keep(WebTestClient.ResponseSpec response) {
			response.expectHeader().values(HttpHeaders.SET_COOKIE, (values) -> {
				if (values != null) {
					values.forEach(this::keep);
				}
			});
			return response;
		}

		private void keep(EntityExchangeResult<?> result) {
			List<String> values = result.getResponseHeaders().get(HttpHeaders.SET_COOKIE);
			if (values != null) {
				values.forEach(this::keep);
			}
		}

		private void keep(String setCookie) {
			for (HttpCookie cookie : HttpCookie.parse(setCookie)) {
				if (cookie.getMaxAge() == 0) {
					this.cookies.remove(cookie.getName());
				}
				else {
					this.cookies.put(cookie.getName(), cookie.getValue());
				}
			}
		}

	}

}
