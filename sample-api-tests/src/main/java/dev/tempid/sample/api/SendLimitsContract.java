package dev.tempid.sample.api;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's documented link-sending limits, on by default: 3 links per 15 minutes for
 * one address, known or not, counted the same way (429 with {@code Retry-After} alike, so
 * the limit tells nothing about accounts), and 30 link requests per 15 minutes from one
 * client. Run it against a sample started with its default limits. One test, in order:
 * the per-client limit, counted by every request of the class, comes last.
 */
public interface SendLimitsContract extends SampleApi {

	@Test
	default void linkRequestsWhenBeyondTheLimitsThenTooManyRequestsWithRetryAfter() {
		SampleClient client = browser();
		String known = signUpAndVerify("limited");
		String unknown = newAddress("unknown");
		int requests = 0;
		for (String path : new String[] { "/api/magic-link", "/api/password-reset" }) {
			for (String email : new String[] { known, unknown }) {
				for (int i = 0; i < 3; i++) {
					assertThat(client.postJson(path, Map.of("email", email)).status()).as("%s %s #%d", path, email, i)
						.isEqualTo(202);
					requests++;
				}
				SampleClient.Answer limited = client.postJson(path, Map.of("email", email));
				requests++;
				assertThat(limited.status()).as("%s %s beyond the limit", path, email).isEqualTo(429);
				assertThat(limited.header("Retry-After")).hasValueSatisfying(
						(seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 15L * 60));
				assertThat(limited.json().get("reason").asString()).isEqualTo("TOO_MANY_ISSUED");
			}
		}
		assertThat(mailsTo(known)).as("links mailed to the known address").isEqualTo(1 + 3 + 3);
		assertThat(mailsTo(unknown)).isZero();
		// per client: at most 30 link requests in the window, whatever addresses they name
		int answered = requests;
		SampleClient.Answer answer;
		do {
			answer = client.postJson("/api/magic-link", Map.of("email", newAddress("spray")));
			answered++;
		}
		while (answer.status() == 202 && answered <= 31);
		assertThat(answer.status()).as("request %d from one client", answered).isEqualTo(429);
		assertThat(answered).isLessThanOrEqualTo(31);
		assertThat(answer.header("Retry-After")).isPresent();
	}

}
