package dev.tempid.web;

import dev.tempid.Reason;
import dev.tempid.TempIdException;
import jakarta.servlet.http.HttpServletRequest;
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

/**
 * Answers every {@link TempIdException} that escapes a controller (from
 * {@link ConsumesToken} or from the application's own {@code TokenService} calls) with the
 * RFC 9457 problem detail of {@link TempIdProblemDetails}. A 401 also carries an RFC 6750
 * {@code WWW-Authenticate} header; a 503 carries {@code Retry-After}.
 *
 * <p>Ordered just before advice without an explicit order, so a catch-all
 * {@code @ExceptionHandler(Exception.class)} of the application does not turn refused
 * tokens into 500s. Give your own advice a higher precedence to take over.
 */
@RestControllerAdvice
@Order(TempIdExceptionHandler.ORDER)
public class TempIdExceptionHandler {

	/** The order of this advice. */
	public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 1000;

	private static final Log logger = LogFactory.getLog(TempIdExceptionHandler.class);

	@ExceptionHandler(TempIdException.class)
	public ResponseEntity<ProblemDetail> handleTempIdException(TempIdException ex, HttpServletRequest request) {
		Reason reason = ex.reason();
		if (logger.isDebugEnabled()) {
			logger.debug("Refused a token for " + request.getMethod() + " " + request.getRequestURI() + ": " + reason);
		}
		// 'instance' is the matched pattern (/reset/{token}), never the request URI, which
		// may hold the token itself; Spring MVC would otherwise fill in the request path
		ProblemDetail problem = TempIdProblemDetails.forException(ex, instance(request));
		HttpStatus status = TempIdProblemDetails.status(reason);
		ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
		if (status == HttpStatus.UNAUTHORIZED) {
			response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\", error_description=\""
					+ TempIdProblemDetails.detail(reason) + "\"");
		}
		else if (status == HttpStatus.SERVICE_UNAVAILABLE) {
			response.header(HttpHeaders.RETRY_AFTER, "5");
		}
		Long retryAfter = TempIdProblemDetails.retryAfterSeconds(ex);
		if (retryAfter != null) {
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
		}
		return response.body(problem);
	}

	private static java.net.URI instance(HttpServletRequest request) {
		Object pattern = request.getAttribute(org.springframework.web.servlet.HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (pattern instanceof String text) {
			try {
				return new java.net.URI(null, null, text, null);
			}
			catch (java.net.URISyntaxException ex) {
				// fall through
			}
		}
		return java.net.URI.create("urn:tempid:refused-token");
	}

}
