package dev.tempid.sample;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client with its own cookie jar, as one person's browser (or script) would
 * be: it follows no redirects, so tests see every status.
 */
final class Browserless {

	static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The public base URL the tests configure ({@code tempid.web.base-url}): links in mail
	 * point there, and the tests follow them to the server's random port.
	 */
	static final String PUBLIC_BASE = "http://app.localhost";

	/** The {@code tempid.web.base-url} property of every test. */
	static final String BASE_URL_PROPERTY = "tempid.web.base-url=" + PUBLIC_BASE;

	private final String base;

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private final HttpClient http;

	Browserless(int port) {
		this.base = "http://localhost:" + port;
		this.http = HttpClient.newBuilder().cookieHandler(this.cookies).followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5)).build();
	}

	String base() {
		return this.base;
	}

	HttpResponse<String> get(String path, String... headers) {
		return send(HttpRequest.newBuilder(uri(path)).headers(headers(headers)).GET());
	}

	HttpResponse<String> postJson(String path, Object body, String... headers) {
		return send(HttpRequest.newBuilder(uri(path)).headers(headers(headers)).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
	}

	HttpResponse<String> postForm(String path, Map<String, String> form) {
		StringBuilder body = new StringBuilder();
		form.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&").append(encode(name)).append('=')
			.append(encode(value)));
		return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body.toString())));
	}

	/** The CSRF header and token for JSON requests signed in by the session cookie. */
	String[] csrfHeader() {
		JsonNode csrf = json(get("/api/csrf"));
		return new String[] { csrf.get("headerName").asString(), csrf.get("token").asString() };
	}

	/** The hidden {@code _csrf} field of an HTML page. */
	static String csrfField(String html) {
		Matcher matcher = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
		if (!matcher.find()) {
			throw new IllegalStateException("no _csrf field in the page");
		}
		return matcher.group(1);
	}

	static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	/** The value of a cookie this client holds, or {@code null}. */
	String cookie(String name) {
		return this.cookies.getCookieStore().getCookies().stream().filter((cookie) -> cookie.getName().equals(name))
			.map(java.net.HttpCookie::getValue).findFirst().orElse(null);
	}

	boolean hasCookie(String name) {
		return this.cookies.getCookieStore().getCookies().stream().anyMatch((cookie) -> cookie.getName().equals(name));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private URI uri(String path) {
		if (path.startsWith(PUBLIC_BASE + "/")) {
			return URI.create(this.base + path.substring(PUBLIC_BASE.length()));
		}
		return URI.create(path.startsWith("http") ? path : this.base + path);
	}

	/** A link from a mail, on the test server's port. */
	static String local(String link, int port) {
		if (!link.startsWith(PUBLIC_BASE + "/")) {
			throw new IllegalArgumentException("the link does not start with the configured base URL");
		}
		return "http://localhost:" + port + link.substring(PUBLIC_BASE.length());
	}

	private static String[] headers(String[] headers) {
		return (headers.length == 0) ? new String[] { "Accept", "*/*" } : headers;
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}


}
