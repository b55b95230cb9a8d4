package dev.tempid.sample.api;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A browser, as far as the sample's API needs one: it keeps cookies (the session cookie,
 * the CSRF cookie), follows no redirect, and sends the CSRF token the way Spring
 * Security's scripts and forms do. Built on the JDK's HTTP client only, so that the suite
 * runs the same against either sample.
 */
public final class SampleClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final URI base;

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private final HttpClient http;

	private @Nullable String csrf;

	/** A browser with no cookie yet, for the sample at {@code baseUrl}. */
	public SampleClient(String baseUrl) {
		this.base = URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
		this.http = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(TIMEOUT)
			.build();
	}

	/** A {@code GET} of a path (with its query) or of an absolute link to the sample. */
	public Answer get(String pathOrLink) {
		return send(HttpRequest.newBuilder(uri(pathOrLink)).GET());
	}

	/** A {@code GET} with {@code Authorization: Bearer <token>}. */
	public Answer getWithBearer(String path, String token) {
		return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET());
	}

	/** A {@code POST} with {@code Authorization: Bearer <token>} and no body. */
	public Answer postWithBearer(String path, String token) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Authorization", "Bearer " + token)
			.POST(HttpRequest.BodyPublishers.noBody()));
	}

	/** A JSON {@code POST}, with the CSRF header once this browser holds a CSRF token. */
	public Answer postJson(String path, Object body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
		if (this.csrf != null) {
			request.header("X-XSRF-TOKEN", this.csrf);
		}
		return send(request);
	}

	/** A JSON {@code POST} of a signed-in script: the CSRF token fetched first ({@code GET /api/csrf}). */
	public Answer postJsonWithCsrf(String path, Object body) {
		fetchCsrf();
		return postJson(path, body);
	}

	/** A form {@code POST}, with the {@code _csrf} field (fetched first when none is held). */
	public Answer postForm(String path, Map<String, String> fields) {
		if (this.csrf == null) {
			fetchCsrf();
		}
		Map<String, String> form = new LinkedHashMap<>(fields);
		form.putIfAbsent("_csrf", this.csrf);
		String body = form.entrySet()
			.stream()
			.map((field) -> encode(field.getKey()) + "=" + encode(field.getValue()))
			.collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** Asks for the CSRF token ({@code GET /api/csrf}) and keeps it (its cookie too). */
	public String fetchCsrf() {
		Answer answer = get("/api/csrf");
		if (answer.status() != 200) {
			throw new IllegalStateException("GET /api/csrf answered " + answer.status());
		}
		this.csrf = answer.json().get("token").asString();
		return this.csrf;
	}

	/** Takes the CSRF token of a page's form (its hidden {@code _csrf} field). */
	public void csrfFromPage(String html) {
		Matcher field = CSRF_FIELD.matcher(html);
		if (!field.find()) {
			throw new IllegalStateException("the page holds no _csrf field");
		}
		this.csrf = field.group(1);
	}

	/** The value of a cookie this browser holds, if any. */
	public Optional<String> cookie(String name) {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals(name) && !cookie.hasExpired() && !cookie.getValue().isEmpty())
			.map(HttpCookie::getValue)
			.findFirst();
	}

	/** Keeps a copy of another browser's cookie (a stolen or second device's copy of a session). */
	public void copyCookie(String name, String value) {
		HttpCookie cookie = new HttpCookie(name, value);
		cookie.setPath("/");
		cookie.setVersion(0);
		this.cookies.getCookieStore().add(this.base, cookie);
	}

	private URI uri(String pathOrLink) {
		if (pathOrLink.startsWith("http://") || pathOrLink.startsWith("https://")) {
			// a link from a mail: to the sample under test, whatever public URL it names
			URI link = URI.create(pathOrLink);
			return this.base.resolve(link.getRawPath() + ((link.getRawQuery() != null) ? "?" + link.getRawQuery() : ""));
		}
		return this.base.resolve(pathOrLink);
	}

	private Answer send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(TIMEOUT).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.headers().map(), response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("the sample did not answer: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * An answer of the sample.
	 * @param status the HTTP status
	 * @param headers the headers, by lower-case name
	 * @param body the body
	 */
	public record Answer(int status, Map<String, java.util.List<String>> headers, String body) {

		/** The first value of a header, if present. */
		public Optional<String> header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((header) -> header.getKey().equalsIgnoreCase(name))
				.flatMap((header) -> header.getValue().stream())
				.findFirst();
		}

		/** Every {@code Set-Cookie} header. */
		public java.util.List<String> setCookies() {
			return this.headers.entrySet()
				.stream()
				.filter((header) -> header.getKey().equalsIgnoreCase("Set-Cookie"))
				.flatMap((header) -> header.getValue().stream())
				.toList();
		}

		/** Whether the answer clears the cookie {@code name} ({@code Max-Age=0}). */
		public boolean clearsCookie(String name) {
			return setCookies().stream()
				.anyMatch((cookie) -> cookie.startsWith(name + "=") && cookie.toLowerCase(java.util.Locale.ROOT)
					.contains("max-age=0"));
		}

		/** The body as JSON. */
		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		@Override
		public String toString() {
			return "Answer[" + this.status + "]";
		}

	}

}
