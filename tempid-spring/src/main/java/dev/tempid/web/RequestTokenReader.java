package dev.tempid.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ContentCachingRequestWrapper;
import org.springframework.web.util.WebUtils;

/**
 * Reads the token of a web request from where a {@link ConsumesToken} says. Never
 * throws on hostile input: anything unreadable is simply "no token".
 */
public final class RequestTokenReader {

	/** The default limit of a JSON body read for its token: 64 KiB. */
	public static final int DEFAULT_MAX_JSON_BODY_SIZE = 64 * 1024;

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final int maxJsonBodySize;

	public RequestTokenReader() {
		this(DEFAULT_MAX_JSON_BODY_SIZE);
	}

	public RequestTokenReader(int maxJsonBodySize) {
		if (maxJsonBodySize <= 0) {
			throw new IllegalArgumentException("maxJsonBodySize must be positive");
		}
		this.maxJsonBodySize = maxJsonBodySize;
	}

	/** The largest JSON body read for its token. */
	public int maxJsonBodySize() {
		return this.maxJsonBodySize;
	}

	/** The token carried by the request, or {@code null}. */
	public @Nullable String read(HttpServletRequest request, TokenSource source, String name) {
		try {
			return switch (source) {
				case PARAMETER -> parameter(request, name);
				case HEADER -> header(request, name);
				case PATH_VARIABLE -> pathVariable(request, name);
				case FORM_FIELD -> isForm(request) ? parameter(request, name) : null;
				case JSON_BODY -> jsonProperty(request, name);
				case AUTO -> auto(request, name);
			};
		}
		catch (RuntimeException ex) {
			// a broken multipart body, an illegal header encoding...: no token
			return null;
		}
	}

	private @Nullable String auto(HttpServletRequest request, String name) {
		String token = BearerTokens.token(request.getHeader(HttpHeaders.AUTHORIZATION));
		if (token == null) {
			token = pathVariable(request, name);
		}
		if (token == null && (!isJson(request))) {
			token = parameter(request, name);
		}
		if (token == null) {
			token = jsonProperty(request, name);
		}
		return token;
	}

	private static @Nullable String parameter(HttpServletRequest request, String name) {
		return request.getParameter(name);
	}

	private static @Nullable String header(HttpServletRequest request, String name) {
		String value = request.getHeader(name);
		if (HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name)) {
			return BearerTokens.token(value);
		}
		return value;
	}

	@SuppressWarnings("unchecked")
	private static @Nullable String pathVariable(HttpServletRequest request, String name) {
		Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		if (variables instanceof Map<?, ?> map) {
			Object value = ((Map<String, ?>) map).get(name);
			return (value instanceof String text) ? text : null;
		}
		return null;
	}

	private static boolean isForm(HttpServletRequest request) {
		String contentType = request.getContentType();
		if (contentType == null) {
			return false;
		}
		String type = contentType.toLowerCase(Locale.ROOT);
		return type.startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)
				|| type.startsWith(MediaType.MULTIPART_FORM_DATA_VALUE);
	}

	private static boolean isJson(HttpServletRequest request) {
		return JsonBodyCachingFilter.isJson(request.getContentType());
	}

	private @Nullable String jsonProperty(HttpServletRequest request, String name) {
		if (!isJson(request)) {
			return null;
		}
		byte[] body = body(request);
		if (body == null || body.length == 0) {
			return null;
		}
		try {
			JsonNode node = MAPPER.readTree(body);
			JsonNode value = (node != null && node.isObject()) ? node.get(name) : null;
			return (value != null && value.isString()) ? value.asString() : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private byte @Nullable [] body(HttpServletRequest request) {
		CachedBodyRequestWrapper cached = WebUtils.getNativeRequest(request, CachedBodyRequestWrapper.class);
		if (cached != null) {
			return cached.cachedBody();
		}
		ContentCachingRequestWrapper caching = WebUtils.getNativeRequest(request, ContentCachingRequestWrapper.class);
		if (caching != null && caching.getContentAsByteArray().length > 0) {
			return caching.getContentAsByteArray();
		}
		// Nothing cached: read what is left of the stream (nothing if @RequestBody took it).
		try {
			InputStream in = request.getInputStream();
			byte[] bytes = in.readNBytes(this.maxJsonBodySize + 1);
			return (bytes.length > this.maxJsonBodySize) ? null : bytes;
		}
		catch (IOException | IllegalStateException ex) {
			return null;
		}
	}

}
