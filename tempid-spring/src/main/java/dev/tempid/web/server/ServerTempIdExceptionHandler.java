package dev.tempid.web.server;

import java.net.URI;
import java.net.URISyntaxException;

import dev.tempid.Reason;
import dev.tempid.TempIdException;
import dev.tempid.web.TempIdProblemDetails;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Answers every {@link TempIdException} that escapes a WebFlux controller (from
 * {@link dev.tempid.web.ConsumesToken} or from the application's own token calls) with
 * the RFC 9457 problem detail of {@link TempIdProblemDetails}: the WebFlux counterpart of
 * {@link dev.tempid.web.TempIdExceptionHandler}, with the same statuses (400, 401, 410,
 * 429, 503) and headers (an RFC 6750 {@code WWW-Authenticate} on 401, {@code Retry-After}
 * on 503 and, with the end of the window, on 429). The problem's {@code instance} is the matched pattern, never the request path,
 * which may hold the token itself.
 */
@RestControllerAdvice
@Order(ServerTempIdExceptionHandler.ORDER)
public class ServerTempIdExceptionHandler {

	/** The order of this advice. */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 1000;

	private static final Log logger = LogFactory.getLog(ServerTempIdExceptionHandler.class);

	@ExceptionHandler(TempIdException.class)
	public ResponseEntity<ProblemDetail> handleTempIdException(TempIdException ex, ServerWebExchange exchange) {
		Reason reason = ex.reason();
		if (logger.isDebugEnabled()) {
			logger.debug("Refused a token for " + exchange.getRequest().getMethod() + " "
					+ exchange.getRequest().getPath().value() + ": " + reason);
		}
		ProblemDetail problem = TempIdProblemDetails.forException(ex, instance(exchange));
		HttpStatus status = TempIdProblemDetails.status(reason);
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
		if (status == HttpStatus.UNAUTHORIZED) {
			response.header(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer error=\"invalid_token\", error_description=\"" + TempIdProblemDetails.detail(reason) + "\"");
		}
		else if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			response.header(HttpHeaders.RETRY_AFTER, "5");
		}
		Long retryAfter = TempIdProblemDetails.retryAfterSeconds(ex);
		if (retryAfter != null) {
			// an issue limit (429): the end of its window
			response.header(HttpHeaders.RETRY_AFTER, retryAfter.toString());
		}
		return response.body(problem);
	}

	private static URI instance(ServerWebExchange exchange) {
		PathPattern pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (pattern != null) {
			try {
				return new URI(null, null, pattern.getPatternString(), null);
			}
			catch (URISyntaxException ex) {
				// fall through
			}
		}
		return URI.create("urn:tempid:refused-token");
	}

}
