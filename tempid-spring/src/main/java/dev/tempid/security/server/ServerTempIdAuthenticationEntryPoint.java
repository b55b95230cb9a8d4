package dev.tempid.security.server;

import java.nio.charset.StandardCharsets;

import dev.tempid.Reason;
import dev.tempid.security.BearerChallenge;
import dev.tempid.security.TempIdAuthenticationEntryPoint;
import dev.tempid.web.TempIdProblemDetails;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Answers refused or missing bearer tokens on WebFlux the RFC 6750 way, exactly as
 * {@link dev.tempid.security.TempIdAuthenticationEntryPoint} does on servlets: 401 with
 * {@code WWW-Authenticate: Bearer error="invalid_token", error_description="…"}, 400
 * {@code invalid_request} for a malformed request, 503 with {@code Retry-After} when the
 * store is unavailable, each with an RFC 9457 problem body of fixed sentences (never the
 * token or anything the client sent). The answer is decided by {@link BearerChallenge}, as
 * on servlets.
 */
public final class ServerTempIdAuthenticationEntryPoint
		implements ServerAuthenticationEntryPoint, ServerAuthenticationFailureHandler {

	private @Nullable String realmName;

	/** The realm named in {@code WWW-Authenticate}, none by default. */
	public void setRealmName(@Nullable String realmName) {
		this.realmName = realmName;
	}

	@Override
	public Mono<Void> onAuthenticationFailure(WebFilterExchange webFilterExchange, AuthenticationException exception) {
		return commence(webFilterExchange.getExchange(), exception);
	}

	@Override
	public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
		ServerHttpResponse response = exchange.getResponse();
		BearerChallenge answer = BearerChallenge.of(ex, this.realmName);
		if (answer.retryAfter()) {
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, BearerChallenge.RETRY_AFTER);
		}
		return write(response, answer.status(), answer.challenge(), answer.reason());
	}

	private static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String challenge,
			@Nullable Reason reason) {
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(status);
		response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		// every value below is a constant of this library: no escaping needed
		String body;
		if (reason == null) {
			body = "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\""
					+ TempIdAuthenticationEntryPoint.DEFAULT_UNAUTHENTICATED_DETAIL + "\"}";
		}
		else {
			body = "{\"type\":\"" + TempIdProblemDetails.type(reason) + "\",\"title\":\""
					+ TempIdProblemDetails.title(reason) + "\",\"status\":" + status.value() + ",\"detail\":\""
					+ TempIdProblemDetails.detail(reason) + "\",\"reason\":\"" + reason.name() + "\"}";
		}
		DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(buffer));
	}

}
