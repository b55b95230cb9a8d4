package dev.tempid.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.LocalKey;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code @ConsumesToken} through MockMvc: every source, injection, every status, refunds.
 */
class ConsumesTokenTests extends WebTestSupport {

	@Test
	void parameterTokenIsSpentAndInjected() throws Exception {
		String token = issue("reset", "alice", 1);
		this.mvc.perform(get("/param").param("token", token))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.subject").value("alice"))
			.andExpect(jsonPath("$.email").value("alice@example.com"))
			.andExpect(jsonPath("$.usesLeft").value(0));
		assertThat(used(token, "reset")).isEqualTo(1);
	}

	@Test
	void secondUseOfSingleUseTokenIsGone() throws Exception {
		String token = issue("reset", "alice", 1);
		this.mvc.perform(get("/param").param("token", token)).andExpect(status().isOk());
		this.mvc.perform(get("/param").param("token", token))
			.andExpect(status().isGone())
			.andExpect(header().string("Content-Type", "application/problem+json"))
			.andExpect(jsonPath("$.type").value("https://tempid.dev/problems/used-up"))
			.andExpect(jsonPath("$.reason").value("USED_UP"))
			.andExpect(jsonPath("$.status").value(410))
			.andExpect(jsonPath("$.instance").value("/param"));
	}

	@Test
	void pathVariableHeaderFormAndAutoSourcesAreRead() throws Exception {
		this.mvc.perform(get("/path/{code}", issue("reset", "bob", 1)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.subject").value("bob"));
		this.mvc.perform(get("/header").header("X-Token", issue("reset", "carol", 1)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.subject").value("carol"));
		this.mvc.perform(post("/form").with(csrf()).contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.content("token=" + issue("reset", "dave", 1)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.subject").value("dave"));
		String web = issue(TokenRequest.forPurpose("reset").subject("erin").audience("web").maxUses(1).build());
		this.mvc.perform(post("/auto").with(csrf()).param("token", web))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.audience").value("web"));
	}

	@Test
	void formFieldSourceIgnoresQueryStringOfNonFormRequests() throws Exception {
		String token = issue("reset", "dave", 1);
		this.mvc.perform(post("/form?token=" + token).with(csrf()).contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.reason").value("MALFORMED"));
		assertThat(used(token, "reset")).isZero();
	}

	@Test
	void jsonBodyTokenLeavesTheBodyToTheController() throws Exception {
		String token = issue("reset", "alice", 1);
		this.mvc.perform(post("/json").with(csrf()).contentType(MediaType.APPLICATION_JSON)
			.content("{\"token\":\"" + token + "\",\"password\":\"s3cret-Pa55\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.email").value("alice@example.com"))
			.andExpect(jsonPath("$.password").value("s3cret-Pa55"));
	}

	@Test
	void consumeWhenMethodThrowsAListedExceptionThenRefundsExactlyOneUse() throws Exception {
		String token = issue("reset", "alice", 2);
		this.mvc.perform(post("/json").with(csrf()).contentType(MediaType.APPLICATION_JSON)
			.content("{\"token\":\"" + token + "\",\"password\":\"x\"}")).andExpect(status().isOk());
		assertThat(used(token, "reset")).isEqualTo(1);
		this.mvc.perform(post("/json").with(csrf()).contentType(MediaType.APPLICATION_JSON)
			.content("{\"token\":\"" + token + "\",\"fail\":true}")).andExpect(status().isBadRequest());
		assertThat(used(token, "reset")).isEqualTo(1);
		this.mvc.perform(post("/json").with(csrf()).contentType(MediaType.APPLICATION_JSON)
			.content("{\"token\":\"" + token + "\",\"password\":\"x\"}")).andExpect(status().isOk());
		assertThat(used(token, "reset")).isEqualTo(2);
		this.mvc.perform(post("/json").with(csrf()).contentType(MediaType.APPLICATION_JSON)
			.content("{\"token\":\"" + token + "\",\"password\":\"x\"}")).andExpect(status().isGone());
	}

	@Test
	void consumeWhenMethodThrowsAnUnlistedExceptionAfterItsSideEffectThenTheUseStaysSpent() throws Exception {
		String token = issue("reset", "alice", 1);
		int before = TestApplication.TRANSFERS.get();
		this.mvc.perform(post("/transfer").with(csrf()).contentType(MediaType.APPLICATION_JSON)
			.content("{\"token\":\"" + token + "\"}")).andExpect(status().isConflict());
		assertThat(used(token, "reset")).isEqualTo(1);
		this.mvc.perform(post("/transfer").with(csrf()).contentType(MediaType.APPLICATION_JSON)
			.content("{\"token\":\"" + token + "\"}")).andExpect(status().isGone());
		assertThat(TestApplication.TRANSFERS.get() - before).isEqualTo(1);
	}

	@Test
	void consumeWhenConcurrentRequestsFailOrSucceedThenNeverMoreThanMaxUses() throws Exception {
		int maxUses = 3;
		String transfer = issue("reset", "alice", maxUses);
		String reset = issue("reset", "bob", maxUses);
		int before = TestApplication.TRANSFERS.get();
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
		java.util.concurrent.atomic.AtomicInteger resets = new java.util.concurrent.atomic.AtomicInteger();
		try {
			java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
			for (int i = 0; i < 60; i++) {
				boolean fail = (i % 2 == 0);
				futures.add(pool.submit(() -> {
					this.mvc.perform(post("/transfer").with(csrf()).contentType(MediaType.APPLICATION_JSON)
						.content("{\"token\":\"" + transfer + "\"}"));
					int status = this.mvc.perform(post("/json").with(csrf()).contentType(MediaType.APPLICATION_JSON)
						.content("{\"token\":\"" + reset + "\",\"fail\":" + fail + "}"))
						.andReturn().getResponse().getStatus();
					if (status == 200) {
						resets.incrementAndGet();
					}
					return null;
				}));
			}
			for (java.util.concurrent.Future<?> future : futures) {
				future.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(TestApplication.TRANSFERS.get() - before).isEqualTo(maxUses);
		assertThat(used(transfer, "reset")).isEqualTo(maxUses);
		assertThat(resets.get()).isLessThanOrEqualTo(maxUses).isEqualTo(used(reset, "reset"));
	}

	@Test
	void missingTokenIsBadRequest() throws Exception {
		this.mvc.perform(get("/param"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("https://tempid.dev/problems/malformed"));
	}

	@Test
	void everyRefusalHasItsStatus() throws Exception {
		expect(get("/param").param("token", "v4.local.garbage"), 400, "MALFORMED");
		expect(get("/param").param("token", issue("api", "alice", 1)), 401, "WRONG_PURPOSE");
		expect(get("/param").param("token", issue(TokenRequest.forPurpose("reset").audience("other").build())), 401,
				"WRONG_AUDIENCE");
		expect(get("/param").param("token", otherService(Clock.systemUTC(), LocalKey.generate())), 401, "UNKNOWN_KEY");
		expect(get("/param").param("token", flipLastTagByte(issue("reset", "alice", 1))), 401, "BAD_SIGNATURE");
		expect(get("/param").param("token", otherService(Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)),
				TestApplication.KEY)), 401, "EXPIRED");
		expect(get("/param").param("token", issue(TokenRequest.forPurpose("reset")
			.notBefore(Instant.now().plus(Duration.ofHours(1)))
			.ttl(Duration.ofHours(2))
			.build())), 401, "NOT_YET_VALID");
		String revoked = issue("reset", "alice", 3);
		// revoke needs revocation checks; the same store, as another instance with them on would
		this.tokens.store().revoke(this.tokens.inspect(revoked).id(), Duration.ofMinutes(30));
		expect(get("/param").param("token", revoked), 410, "REVOKED");
		String token = issue("reset", "alice", 1);
		this.store.down = true;
		this.mvc.perform(get("/param").param("token", token))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().exists("Retry-After"))
			.andExpect(jsonPath("$.reason").value("STORE_UNAVAILABLE"));
	}

	@Test
	void unauthorizedProblemCarriesBearerChallenge() throws Exception {
		this.mvc.perform(get("/param").param("token", issue("api", "alice", 1)))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate",
					org.hamcrest.Matchers.startsWith("Bearer error=\"invalid_token\"")));
	}

	@Test
	void serviceBeanConsumesTokenValueArgument() throws Exception {
		String token = issue("approve", "alice", 1);
		this.mvc.perform(post("/approve").with(csrf()).contentType(MediaType.APPLICATION_JSON)
			.content("{\"token\":\"" + token + "\"}")).andExpect(status().isOk()).andExpect(jsonPath("$.subject").value("alice"));
		this.mvc.perform(post("/approve").with(csrf()).contentType(MediaType.APPLICATION_JSON)
			.content("{\"token\":\"" + token + "\"}")).andExpect(status().isGone());
	}

	private void expect(org.springframework.test.web.servlet.RequestBuilder request, int status, String reason)
			throws Exception {
		this.mvc.perform(request)
			.andExpect(status().is(status))
			.andExpect(jsonPath("$.reason").value(reason))
			.andExpect(jsonPath("$.type").value(
					"https://tempid.dev/problems/" + reason.toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
	}

	static String otherService(Clock clock, LocalKey key) {
		TokenService other = TokenService.builder().localKey(key).issuer("test").clock(clock).build();
		return other.issue(TokenRequest.forPurpose("reset").subject("x").ttl(Duration.ofMinutes(5)).build()).value();
	}

	static String flipLastTagByte(String token) {
		// v4.local.<body>.<footer>: change one character in the middle of the body
		int dot = token.indexOf('.', "v4.local.".length());
		int at = "v4.local.".length() + (dot - "v4.local.".length()) / 2;
		char c = token.charAt(at);
		char flipped = (c == 'A') ? 'B' : 'A';
		return token.substring(0, at) + flipped + token.substring(at + 1);
	}

}
