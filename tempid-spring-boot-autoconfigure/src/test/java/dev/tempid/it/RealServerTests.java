package dev.tempid.it;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same behaviours over a real server and the JDK's HTTP client: statuses, headers,
 * cookies, CSRF and the race for a single-use token.
 */
class RealServerTests extends WebTestSupport {

	static final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	static final ExecutorService executor = Executors.newFixedThreadPool(4);

	@AfterAll
	static void shutdown() {
		executor.shutdownNow();
	}

	HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
	}

	static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Test
	void consumesTokenStatusesOverHttp() throws Exception {
		String token = issue("reset", "alice", 1);
		HttpResponse<String> ok = send(request("/param?token=" + enc(token)));
		assertThat(ok.statusCode()).isEqualTo(200);
		assertThat(ok.body()).contains("\"subject\":\"alice\"");
		HttpResponse<String> gone = send(request("/param?token=" + enc(token)));
		assertThat(gone.statusCode()).isEqualTo(410);
		assertThat(gone.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(gone.body()).contains("\"reason\":\"USED_UP\"");
		assertThat(send(request("/param?token=nope")).statusCode()).isEqualTo(400);
		assertThat(send(request("/param?token=" + enc(issue("api", "alice", 1)))).statusCode()).isEqualTo(401);
		this.store.down = true;
		assertThat(send(request("/param?token=" + enc(issue("reset", "alice", 1)))).statusCode()).isEqualTo(503);
	}

	@Test
	void jsonBodyTokenAndRefundOverHttp() throws Exception {
		String token = issue("reset", "alice", 1);
		HttpResponse<String> refused = send(request("/json").header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + issue("api", "alice", 0))
			.POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\",\"fail\":true}")));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(used(token, "reset")).isZero();
		HttpResponse<String> ok = send(request("/json").header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + issue("api", "alice", 0))
			.POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + token + "\",\"password\":\"pw\"}")));
		assertThat(ok.statusCode()).isEqualTo(200);
		assertThat(ok.body()).contains("\"password\":\"pw\"").contains("alice@example.com");
	}

	@Test
	void bearerFilterHeadersOverHttp() throws Exception {
		HttpResponse<String> none = send(request("/api/me").header("Accept", "application/json"));
		assertThat(none.statusCode()).isEqualTo(401);
		assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
		HttpResponse<String> bad = send(request("/api/me").header("Authorization", "Bearer v4.local.AAAA"));
		assertThat(bad.body()).contains("MALFORMED");
		assertThat(bad.statusCode()).isEqualTo(401);
		assertThat(bad.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer error=\"invalid_token\"");
		HttpResponse<String> malformed = send(request("/api/me").header("Authorization", "Bearer a b"));
		assertThat(malformed.statusCode()).isEqualTo(400);
		assertThat(malformed.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_request");
		HttpResponse<String> ok = send(request("/api/me").header("Authorization", "Bearer " + issue("api", "bob", 0, "read")));
		assertThat(ok.statusCode()).isEqualTo(200);
		assertThat(ok.body()).contains("\"subject\":\"bob\"").contains("read");
	}

	@Test
	void magicLinkFlowWithCookiesAndCsrfOverHttp() throws Exception {
		String token = issue("magic-link", "alice", 1);
		HttpResponse<String> page = send(request("/login/magic?token=" + enc(token)));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<form method=\"post\"");
		assertThat(used(token, "magic-link")).isZero();
		String xsrf = cookie(page, "XSRF-TOKEN");
		String csrfField = between(page.body(), "name=\"_csrf\" value=\"", "\"");
		// without the CSRF token: refused, and nothing spent
		HttpResponse<String> forged = send(request("/login/magic").header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("token=" + enc(token))));
		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(used(token, "magic-link")).isZero();
		HttpResponse<String> signedIn = send(request("/login/magic")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Cookie", "XSRF-TOKEN=" + xsrf)
			.POST(HttpRequest.BodyPublishers.ofString("token=" + enc(token) + "&_csrf=" + enc(csrfField))));
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(signedIn.headers().firstValue("Location").orElseThrow()).endsWith("/");
		String setCookie = signedIn.headers().allValues("Set-Cookie").stream()
			.filter((c) -> c.startsWith("TEMPID_SESSION="))
			.findFirst()
			.orElseThrow();
		assertThat(setCookie).contains("HttpOnly").contains("Secure").contains("SameSite=Lax");
		String session = setCookie.substring(0, setCookie.indexOf(';'));
		HttpResponse<String> me = send(request("/api/me").header("Cookie", session));
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"subject\":\"alice\"");
		// a single-page app reads the CSRF token, then logs out
		HttpResponse<String> csrf = send(request("/csrf").header("Cookie", session));
		String headerName = between(csrf.body(), "\"headerName\":\"", "\"");
		String xsrfCookie = cookie(csrf, "XSRF-TOKEN");
		assertThat(csrf.headers().allValues("Set-Cookie")).noneMatch((c) -> c.startsWith("XSRF-TOKEN=") && c.contains("HttpOnly"));
		HttpResponse<String> logout = send(request("/logout").header("Cookie", session + "; XSRF-TOKEN=" + xsrfCookie)
			.header(headerName, xsrfCookie)
			.POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(logout.statusCode()).isEqualTo(302);
		assertThat(send(request("/api/me").header("Cookie", session).header("Accept", "application/json")).statusCode())
			.isEqualTo(401);
		HttpResponse<String> again = send(request("/login/magic").header("Content-Type", "application/x-www-form-urlencoded")
			.header("Cookie", "XSRF-TOKEN=" + xsrf)
			.POST(HttpRequest.BodyPublishers.ofString("token=" + enc(token) + "&_csrf=" + enc(csrfField))));
		assertThat(again.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
	}

	@Test
	void twoConcurrentRequestsSpendingOneSingleUseTokenExactlyOneSucceeds() throws Exception {
		for (int round = 0; round < 5; round++) {
			String token = issue("reset", "alice", 1);
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Integer>> results = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				Callable<Integer> call = () -> {
					start.await();
					return send(request("/param?token=" + enc(token))).statusCode();
				};
				results.add(executor.submit(call));
			}
			start.countDown();
			List<Integer> statuses = new ArrayList<>();
			for (Future<Integer> result : results) {
				statuses.add(result.get());
			}
			assertThat(statuses).containsExactlyInAnyOrder(200, 410);
		}
	}

	@Test
	void twoConcurrentMagicLinkPostsSignInOnce() throws Exception {
		HttpResponse<String> page = send(request("/login/magic?token=x"));
		String xsrf = cookie(page, "XSRF-TOKEN");
		String token = issue("magic-link", "alice", 1);
		HttpResponse<String> valid = send(request("/login/magic?token=" + enc(token)).header("Cookie", "XSRF-TOKEN=" + xsrf));
		String csrfField = between(valid.body(), "name=\"_csrf\" value=\"", "\"");
		CountDownLatch start = new CountDownLatch(1);
		List<Future<String>> results = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			results.add(executor.submit(() -> {
				start.await();
				return send(request("/login/magic").header("Content-Type", "application/x-www-form-urlencoded")
					.header("Cookie", "XSRF-TOKEN=" + xsrf)
					.POST(HttpRequest.BodyPublishers.ofString("token=" + enc(token) + "&_csrf=" + enc(csrfField))))
					.headers()
					.firstValue("Location")
					.orElse("none");
			}));
		}
		start.countDown();
		List<String> locations = new ArrayList<>();
		for (Future<String> result : results) {
			locations.add(result.get());
		}
		assertThat(locations).filteredOn((l) -> l.endsWith("/login?error")).hasSize(1);
		assertThat(locations).filteredOn((l) -> !l.endsWith("?error") && l.endsWith("/")).hasSize(1);
	}

	static String cookie(HttpResponse<?> response, String name) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((c) -> c.startsWith(name + "="))
			.map((c) -> c.substring(name.length() + 1, c.indexOf(';')))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers().map()));
	}

	static String between(String text, String before, String after) {
		int start = text.indexOf(before);
		assertThat(start).as("'%s' in %s", before, text).isNotNegative();
		start += before.length();
		return text.substring(start, text.indexOf(after, start));
	}

}
