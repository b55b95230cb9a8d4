package dev.tempid.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.web.util.UriUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Hostile tokens at every entry point: never a 5xx, never accepted.
 */
class HostileInputTests extends WebTestSupport {

	static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** Hostile token makers; some need a genuine token to twist. */
	static Stream<Named<Function<HostileInputTests, String>>> inputs() {
		return Stream.of(Named.of("empty", (t) -> ""), Named.of("10 KB", (t) -> "v4.local." + "A".repeat(10 * 1024)),
				Named.of("wrong version", (t) -> t.genuine().replace("v4.local.", "v3.local.")),
				Named.of("public header on local token", (t) -> t.genuine().replace("v4.local.", "v4.public.")),
				Named.of("wrong purpose", (t) -> t.issue("other", "alice", 1)),
				Named.of("truncated", (t) -> t.genuine().substring(0, t.genuine().length() / 2)),
				Named.of("bit-flipped", (t) -> ConsumesTokenTests.flipLastTagByte(t.genuine())),
				Named.of("non-ASCII", (t) -> "v4.local.\u00e9\u00fc\u4e2d\u6587\ud83d\ude00"),
				Named.of("control characters", (t) -> "v4.local.\u0000\u0001\r\n"),
				Named.of("JSON in footer", (t) -> t.genuine() + ".eyJraWQiOnt9fQ"),
				Named.of("deeply nested footer", (t) -> "v4.local.AAAA." + java.util.Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString(("[".repeat(5000) + "]".repeat(5000)).getBytes())));
	}

	/** Each entry point: how to send a token, and what "accepted" would look like. */
	static Stream<Arguments> cases() {
		List<Arguments> cases = new ArrayList<>();
		for (Named<Function<HostileInputTests, String>> input : inputs().toList()) {
			for (String entry : List.of("parameter", "path", "header", "form", "json", "bearer", "magic-get",
					"magic-post", "session-cookie")) {
				cases.add(Arguments.of(entry, input));
			}
		}
		return cases.stream();
	}

	private String genuine;

	String genuine() {
		if (this.genuine == null) {
			this.genuine = issue("reset", "alice", 1);
		}
		return this.genuine;
	}

	@ParameterizedTest(name = "{0} <- {1}")
	@MethodSource("cases")
	void hostileTokenIsRefusedWithoutServerError(String entry, Function<HostileInputTests, String> input)
			throws Exception {
		String token = input.apply(this);
		MvcResult result = this.mvc.perform(request(entry, token)).andReturn();
		int status = result.getResponse().getStatus();
		String body = result.getResponse().getContentAsString();
		assertThat(status).as("status for %s", entry).isBetween(200, 499);
		switch (entry) {
			case "magic-get" -> assertThat(body).contains("does not work").doesNotContain("<form");
			case "magic-post" -> assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/login?error");
			default -> assertThat(status).as("status for %s", entry).isBetween(400, 499);
		}
		assertThat(body).doesNotContain("Exception").doesNotContain("\tat ");
		if (!token.isEmpty() && token.length() > 16) {
			assertThat(body).doesNotContain(token);
		}
	}

	@ParameterizedTest(name = "over HTTP: {0}")
	@MethodSource("inputs")
	void hostileTokenOverRealHttpIsNeverAServerError(Function<HostileInputTests, String> input) throws Exception {
		String token = input.apply(this);
		String encoded = UriUtils.encode(token, java.nio.charset.StandardCharsets.UTF_8);
		for (String path : List.of("/param?token=" + encoded, "/login/magic?token=" + encoded)) {
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(path).isBetween(200, 499);
		}
		HttpResponse<String> json = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/json"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + issue("api", "alice", 0))
			.POST(HttpRequest.BodyPublishers.ofString("{\"token\":" + jsonString(token) + "}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(json.statusCode()).isBetween(400, 499);
	}

	private RequestBuilder request(String entry, String token) {
		return switch (entry) {
			case "parameter" -> get("/param").param("token", token);
			case "path" -> get("/path/{code}", token.isEmpty() ? " " : token);
			case "header" -> get("/header").header("X-Token", token);
			case "form" -> post("/form").with(csrf())
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.content("token=" + UriUtils.encode(token, java.nio.charset.StandardCharsets.UTF_8));
			case "json" -> post("/json").with(csrf())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"token\":" + jsonString(token) + ",\"password\":\"p\"}");
			case "bearer" -> get("/api/me").header("Authorization", "Bearer " + token);
			case "magic-get" -> get("/login/magic").param("token", token);
			case "magic-post" -> post("/login/magic").with(csrf()).param("token", token);
			case "session-cookie" -> get("/api/me").accept(MediaType.APPLICATION_JSON)
				.cookie(new Cookie("TEMPID_SESSION", cookieSafe(token)));
			default -> throw new IllegalArgumentException(entry);
		};
	}

	private static String jsonString(String value) {
		StringBuilder json = new StringBuilder("\"");
		for (char c : value.toCharArray()) {
			if (c == '"' || c == '\\' || c < 0x20) {
				json.append(String.format("\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		return json.append('"').toString();
	}

	private static String cookieSafe(String value) {
		StringBuilder safe = new StringBuilder();
		for (char c : value.toCharArray()) {
			safe.append((c > 0x20 && c < 0x7f && c != ';' && c != ',' && c != '"' && c != '\\') ? c : 'x');
		}
		return safe.toString();
	}

}
