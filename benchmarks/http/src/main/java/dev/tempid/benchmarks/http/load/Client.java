package dev.tempid.benchmarks.http.load;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One simulated browser for the flow load generators: a cookie jar (name to value, for
 * one loopback host), no redirects followed, every answer checked against the expected
 * status.
 */
final class Client {

	/** Longest wait for one answer: a request that takes longer fails (counted as an error). */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	static {
		// drop idle connections well before Tomcat closes them (keep-alive timeout, or after
		// 100 requests), so that a request is never sent down a connection being closed
		if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
			System.setProperty("jdk.httpclient.keepalive.timeout", "5");
		}
	}

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static final Pattern CSRF_INPUT = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*>");

	private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");

	private final Map<String, String> cookies = new ConcurrentHashMap<>();

	HttpResponse<String> get(String url, int expected, String... headers) throws IOException, InterruptedException {
		return send(request(url, headers).GET().build(), expected);
	}

	HttpResponse<String> postForm(String url, Map<String, String> form, int expected, String... headers)
			throws IOException, InterruptedException {
		StringBuilder body = new StringBuilder();
		for (Map.Entry<String, String> entry : form.entrySet()) {
			if (body.length() > 0) {
				body.append('&');
			}
			body.append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
		}
		return send(request(url, headers).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
			.build(), expected);
	}

	HttpResponse<String> postJson(String url, String json, int expected, String... headers)
			throws IOException, InterruptedException {
		return send(request(url, headers).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), expected);
	}

	@Nullable String cookie(String name) {
		return this.cookies.get(name);
	}

	void clearCookies() {
		this.cookies.clear();
	}

	/** The {@code _csrf} field of an HTML form. */
	static String csrfField(String html) {
		Matcher input = CSRF_INPUT.matcher(html);
		if (!input.find()) {
			throw new IllegalStateException("no _csrf field in the page");
		}
		Matcher value = VALUE.matcher(input.group());
		if (!value.find()) {
			throw new IllegalStateException("no value in the _csrf field");
		}
		return value.group(1).replace("&#45;", "-").replace("&#x2d;", "-");
	}

	/** The value of a JSON string property (enough for the flat answers read here). */
	static String jsonString(String json, String name) {
		Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
		if (!matcher.find()) {
			throw new IllegalStateException("no '" + name + "' in the answer");
		}
		return matcher.group(1);
	}

	private HttpRequest.Builder request(String url, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
		if (!this.cookies.isEmpty()) {
			StringBuilder cookie = new StringBuilder();
			for (Map.Entry<String, String> entry : this.cookies.entrySet()) {
				if (cookie.length() > 0) {
					cookie.append("; ");
				}
				cookie.append(entry.getKey()).append('=').append(entry.getValue());
			}
			builder.header("Cookie", cookie.toString());
		}
		for (int i = 0; i < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		return builder;
	}

	private HttpResponse<String> send(HttpRequest request, int expected) throws IOException, InterruptedException {
		// the request timeout alone has been seen not to fire (JDK 17, a POST on a reused
		// connection): a hard limit on the whole exchange as well
		CompletableFuture<HttpResponse<String>> exchange = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> response;
		try {
			response = exchange.get(TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
		}
		catch (TimeoutException ex) {
			exchange.cancel(true);
			throw new IOException(request.method() + " " + request.uri().getPath() + ": no answer within the timeout");
		}
		catch (ExecutionException ex) {
			throw new IOException(request.method() + " " + request.uri().getPath() + ": " + ex.getCause(), ex.getCause());
		}
		List<String> setCookies = response.headers().allValues("Set-Cookie");
		for (String setCookie : setCookies) {
			String pair = setCookie.split(";", 2)[0];
			int equals = pair.indexOf('=');
			String name = pair.substring(0, equals).trim();
			String value = pair.substring(equals + 1).trim();
			if (value.isEmpty() || setCookie.contains("Max-Age=0")) {
				this.cookies.remove(name);
			}
			else {
				this.cookies.put(name, value);
			}
		}
		if (response.statusCode() != expected) {
			throw new IllegalStateException(request.method() + " " + request.uri().getPath() + ": expected "
					+ expected + ", got " + response.statusCode());
		}
		return response;
	}

}
