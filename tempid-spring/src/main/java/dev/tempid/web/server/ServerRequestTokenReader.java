package dev.tempid.web.server;

import java.util.Locale;
import java.util.Map;

import dev.tempid.web.TokenSource;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the token of a WebFlux request from where a {@link dev.tempid.web.ConsumesToken}
 * says: the reactive counterpart of {@link dev.tempid.web.RequestTokenReader}, with the
 * same sources and the same order for {@link TokenSource#AUTO}. Never fails on hostile
 * input: anything unreadable is simply "no token" (an empty {@code Mono}).
 *
 * <p>A JSON body is read here only when the handler method has not read it already
 * (no {@code @RequestBody} parameter); otherwise the interceptor takes the token from the
 * method's {@code @RequestBody} argument.
 */
public final class ServerRequestTokenReader {

	/** The default limit of a JSON body read for its token: 64 KiB. */
	public static final int DEFAULT_MAX_JSON_BODY_SIZE = 64 * 1024;

	private static final String BEARER_PREFIX = "bearer ";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final int maxJsonBodySize;

	public ServerRequestTokenReader() {
		this(DEFAULT_MAX_JSON_BODY_SIZE);
	}

	public ServerRequestTokenReader(int maxJsonBodySize) {
		if (maxJsonBodySize <= 0) {
			throw new IllegalArgumentException("maxJsonBodySize must be positive");
		}
		this.maxJsonBodySize = maxJsonBodySize;
	}

	/**
	 * The token carried by the request.
	 * @param exchange the request
	 * @param source where to look
	 * @param name the parameter, header, path variable, form field or JSON property
	 * @param readBody whether a JSON body may be read (the handler has not read it)
	 * @return the token, or empty
	 */
	public Mono<String> read(ServerWebExchange exchange, TokenSource source, String name, boolean readBody) {
		Mono<String> token = switch (source) {
			case PARAMETER -> parameter(exchange, name);
			case HEADER -> Mono.justOrEmpty(header(exchange, name));
			case PATH_VARIABLE -> Mono.justOrEmpty(pathVariable(exchange, name));
			case FORM_FIELD -> formField(exchange, name);
			case JSON_BODY -> readBody ? jsonProperty(exchange, name) : Mono.empty();
			case AUTO -> Mono.justOrEmpty(bearer(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION)))
				.switchIfEmpty(Mono.justOrEmpty(pathVariable(exchange, name)))
				.switchIfEmpty(Mono.defer(() -> parameter(exchange, name)))
				.switchIfEmpty(Mono.defer(() -> readBody ? jsonProperty(exchange, name) : Mono.empty()));
		};
		// a broken multipart body, an illegal header encoding...: no token
		return token.onErrorResume(RuntimeException.class, (ex) -> Mono.empty());
	}

	private static Mono<String> parameter(ServerWebExchange exchange, String name) {
		String query = exchange.getRequest().getQueryParams().getFirst(name);
		return (query != null) ? Mono.just(query) : formField(exchange, name);
	}

	private static Mono<String> formField(ServerWebExchange exchange, String name) {
		MediaType type = exchange.getRequest().getHeaders().getContentType();
		if (type == null) {
			return Mono.empty();
		}
		if (MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
			return exchange.getFormData().mapNotNull((form) -> form.getFirst(name));
		}
		if (MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type)) {
			return exchange.getMultipartData().mapNotNull((parts) -> {
				Part part = parts.getFirst(name);
				return (part instanceof FormFieldPart field) ? field.value() : null;
			});
		}
		return Mono.empty();
	}

	private static @Nullable String header(ServerWebExchange exchange, String name) {
		String value = exchange.getRequest().getHeaders().getFirst(name);
		return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? bearer(value) : value;
	}

	/** The token of an RFC 6750 {@code Authorization: Bearer} header value, or {@code null}. */
	public static @Nullable String bearer(@Nullable String authorization) {
		if (authorization == null || authorization.length() <= BEARER_PREFIX.length()
				|| !authorization.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
			return null;
		}
		return authorization.substring(BEARER_PREFIX.length()).trim();
	}

	private static @Nullable String pathVariable(ServerWebExchange exchange, String name) {
		Map<String, String> variables = exchange.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
		return (variables != null) ? variables.get(name) : null;
	}

	static boolean isJson(@Nullable MediaType type) {
		return type != null && (type.isCompatibleWith(MediaType.APPLICATION_JSON)
				|| type.getSubtype().toLowerCase(Locale.ROOT).endsWith("+json"));
	}

	private Mono<String> jsonProperty(ServerWebExchange exchange, String name) {
		if (!isJson(exchange.getRequest().getHeaders().getContentType())) {
			return Mono.empty();
		}
		return DataBufferUtils.join(exchange.getRequest().getBody(), this.maxJsonBodySize).mapNotNull((buffer) -> {
			try {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				JsonNode node = MAPPER.readTree(bytes);
				JsonNode value = (node != null && node.isObject()) ? node.get(name) : null;
				return (value != null && value.isString()) ? value.asString() : null;
			}
			catch (JacksonException ex) {
				return null;
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		});
	}

}
