package dev.tempid.sample.api;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every contract of the sample's API needs: where the sample under test listens,
 * its outbox ({@code GET /api/dev/outbox}, the {@code dev} profile), and the steps every
 * flow starts with. A test class names the sample with {@link #baseUrl()} and implements
 * the contracts that sample serves.
 */
public interface SampleApi {

	/** Alice, who exists from the start. */
	String ALICE = "alice@example.com";

	/** Where the sample under test listens, for example {@code http://localhost:8081}. */
	String baseUrl();

	/** A new browser, with no cookie. */
	default SampleClient browser() {
		return new SampleClient(baseUrl());
	}

	/** A fresh address, so that tests never share a user or a limit's counter. */
	default String newAddress(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
	}

	/** The outbox, newest last. */
	default JsonNode outbox() {
		SampleClient.Answer answer = browser().get("/api/dev/outbox");
		assertThat(answer.status()).as("GET /api/dev/outbox").isEqualTo(200);
		return answer.json();
	}

	/** The newest mail to an address. */
	default JsonNode lastMailTo(String email) {
		JsonNode mails = outbox();
		for (int i = mails.size() - 1; i >= 0; i--) {
			if (email.equals(mails.get(i).get("to").asString())) {
				return mails.get(i);
			}
		}
		throw new AssertionError("no mail to " + email + " in the outbox");
	}

	/** How many mails to an address the outbox holds. */
	default int mailsTo(String email) {
		int count = 0;
		for (JsonNode mail : outbox()) {
			if (email.equals(mail.get("to").asString())) {
				count++;
			}
		}
		return count;
	}

	/** The link of the newest mail to an address. */
	default String lastLinkTo(String email) {
		return lastMailTo(email).get("link").asString();
	}

	/** The token a link carries. */
	default String tokenOf(String link) {
		String query = URI.create(link).getRawQuery();
		for (String parameter : query.split("&")) {
			if (parameter.startsWith("token=")) {
				return URLDecoder.decode(parameter.substring(6), StandardCharsets.UTF_8);
			}
		}
		throw new AssertionError("the link carries no token");
	}

	/** Asks for a magic link ({@code 202}) and returns the one mailed. */
	default String requestMagicLink(String email) {
		assertThat(browser().postJson("/api/magic-link", Map.of("email", email)).status()).as("POST /api/magic-link")
			.isEqualTo(202);
		return lastLinkTo(email);
	}

	/**
	 * Signs a new browser in with a magic link, as a person does: opens the link's
	 * confirmation page, posts its form, follows nothing; the browser then holds the
	 * session cookie.
	 */
	default SampleClient signIn(String email) {
		SampleClient browser = browser();
		String link = requestMagicLink(email);
		SampleClient.Answer page = browser.get(link);
		assertThat(page.status()).as("the magic link's confirmation page").isEqualTo(200);
		browser.csrfFromPage(page.body());
		SampleClient.Answer login = browser.postForm("/login/magic", Map.of("token", tokenOf(link)));
		assertThat(login.status()).as("POST /login/magic").isEqualTo(302);
		assertThat(login.header("Location")).hasValueSatisfying((location) -> assertThat(location).endsWith("/"));
		assertThat(browser.cookie("TEMPID_SESSION")).as("the session cookie").isPresent();
		return browser;
	}

	/** Signs up a new user ({@code 202}); its address is not verified. */
	default String signUp(String prefix) {
		String email = newAddress(prefix);
		SampleClient.Answer answer = browser().postJson("/api/signup",
				Map.of("email", email, "password", "a long enough passphrase"));
		assertThat(answer.status()).as("POST /api/signup").isEqualTo(202);
		return email;
	}

	/** A new user whose address is verified (its verification link posted). */
	default String signUpAndVerify(String prefix) {
		String email = signUp(prefix);
		String link = lastLinkTo(email);
		SampleClient browser = browser();
		browser.csrfFromPage(browser.get(link).body());
		assertThat(browser.postForm("/verify-email", Map.of("token", tokenOf(link))).status()).as("POST /verify-email")
			.isEqualTo(200);
		return email;
	}

	/** Asks for a reset link ({@code 202}) and returns the one mailed. */
	default String requestReset(String email) {
		assertThat(browser().postJson("/api/password-reset", Map.of("email", email)).status())
			.as("POST /api/password-reset")
			.isEqualTo(202);
		return lastLinkTo(email);
	}

	/** {@code POST /api/password-reset/confirm}. */
	default SampleClient.Answer confirm(String token, String password) {
		return browser().postJson("/api/password-reset/confirm", Map.of("token", token, "password", password));
	}

}
