package dev.tempid.web;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import dev.tempid.Reason;
import dev.tempid.TempIdException;
import jakarta.servlet.http.HttpServletResponse;
import dev.tempid.TooManyIssuedException;
import dev.tempid.WrongCodeException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * How a refused token is answered over HTTP: an RFC 9457 problem detail whose status,
 * {@code type} and {@code reason} property depend only on the {@link Reason}.
 *
 * <table>
 * <caption>Statuses</caption>
 * <tr><th>Reason</th><th>Status</th></tr>
 * <tr><td>MALFORMED, PAYLOAD_TOO_LARGE</td><td>400 Bad Request</td></tr>
 * <tr><td>BAD_SIGNATURE, UNKNOWN_KEY, EXPIRED, NOT_YET_VALID, WRONG_PURPOSE, WRONG_AUDIENCE,
 * WRONG_ISSUER, STATE_CHANGED, WRONG_CODE</td><td>401 Unauthorized</td></tr>
 * <tr><td>USED_UP, REVOKED</td><td>410 Gone</td></tr>
 * <tr><td>TOO_MANY_ISSUED</td><td>429 Too Many Requests, with {@code Retry-After}</td></tr>
 * <tr><td>STORE_UNAVAILABLE</td><td>503 Service Unavailable</td></tr>
 * </table>
 *
 * <p>The {@code detail} is a fixed sentence per reason: it never repeats the exception's
 * message, the token or anything the client sent.
 */
public final class TempIdProblemDetails {

	/** The prefix of every problem {@code type}; the reason follows in lower case with dashes. */
	public static final String TYPE_PREFIX = "https://tempid.dev/problems/";

	/** The name of the problem property that holds the {@link Reason}'s name. */
	public static final String REASON_PROPERTY = "reason";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private TempIdProblemDetails() {
	}

	/** The HTTP status for a reason. */
	public static HttpStatus status(Reason reason) {
		return switch (reason) {
			case MALFORMED, PAYLOAD_TOO_LARGE -> HttpStatus.BAD_REQUEST;
			case USED_UP, REVOKED -> HttpStatus.GONE;
			case STORE_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
			case TOO_MANY_ISSUED -> HttpStatus.TOO_MANY_REQUESTS;
			case BAD_SIGNATURE, UNKNOWN_KEY, EXPIRED, NOT_YET_VALID, WRONG_PURPOSE, WRONG_AUDIENCE, WRONG_ISSUER,
					STATE_CHANGED, WRONG_CODE ->
				HttpStatus.UNAUTHORIZED;
		};
	}

	/** The stable problem {@code type} for a reason, for example {@code https://tempid.dev/problems/used-up}. */
	public static URI type(Reason reason) {
		return URI.create(TYPE_PREFIX + reason.name().toLowerCase(Locale.ROOT).replace('_', '-'));
	}

	/** A short human-readable title for a reason. */
	public static String title(Reason reason) {
		return switch (reason) {
			case MALFORMED -> "Malformed token";
			case BAD_SIGNATURE -> "Invalid token";
			case UNKNOWN_KEY -> "Unknown token key";
			case EXPIRED -> "Token expired";
			case NOT_YET_VALID -> "Token not yet valid";
			case WRONG_PURPOSE -> "Wrong token purpose";
			case WRONG_AUDIENCE -> "Wrong token audience";
			case WRONG_ISSUER -> "Wrong token issuer";
			case USED_UP -> "Token used up";
			case REVOKED -> "Token revoked";
			case STATE_CHANGED -> "Token no longer valid";
			case PAYLOAD_TOO_LARGE -> "Token payload too large";
			case STORE_UNAVAILABLE -> "Token store unavailable";
			case WRONG_CODE -> "Wrong code";
			case TOO_MANY_ISSUED -> "Too many tokens requested";
		};
	}

	/** A fixed sentence explaining a reason to the client. */
	public static String detail(Reason reason) {
		return switch (reason) {
			case MALFORMED -> "The request does not carry a well-formed token.";
			case BAD_SIGNATURE -> "The token is not authentic.";
			case UNKNOWN_KEY -> "The token was made with a key this service does not hold.";
			case EXPIRED -> "The token has expired.";
			case NOT_YET_VALID -> "The token is not valid yet.";
			case WRONG_PURPOSE -> "The token was issued for another purpose.";
			case WRONG_AUDIENCE -> "The token was issued for another audience.";
			case WRONG_ISSUER -> "The token was issued by another issuer.";
			case USED_UP -> "Every use of the token has been taken.";
			case REVOKED -> "The token was revoked.";
			case STATE_CHANGED -> "The token was issued for a state that has since changed.";
			case PAYLOAD_TOO_LARGE -> "The token's payload is too large.";
			case STORE_UNAVAILABLE -> "Tokens cannot be checked right now; try again later.";
			case WRONG_CODE -> "The code does not match.";
			case TOO_MANY_ISSUED -> "Too many tokens were requested; try again after the time in Retry-After.";
		};
	}

	/** The problem detail for a refused token. */
	public static ProblemDetail forReason(Reason reason, @Nullable URI instance) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status(reason), detail(reason));
		problem.setType(type(reason));
		problem.setTitle(title(reason));
		problem.setProperty(REASON_PROPERTY, reason.name());
		if (instance != null) {
			problem.setInstance(instance);
		}
		return problem;
	}

	/**
	 * The problem detail for a refused token; for an issue limit, with a
	 * {@code retryAfter} property in whole seconds (the {@code Retry-After} header is
	 * {@link #retryAfterSeconds}); for a wrong login code, with a {@code triesLeft} property
	 * (the wrong codes left before the code and its link die).
	 */
	public static ProblemDetail forException(TempIdException ex, @Nullable URI instance) {
		ProblemDetail problem = forReason(ex.reason(), instance);
		Long retryAfter = retryAfterSeconds(ex);
		if (retryAfter != null) {
			problem.setProperty("retryAfter", retryAfter);
		}
		if (ex instanceof WrongCodeException wrongCode) {
			problem.setProperty("triesLeft", wrongCode.triesLeft());
		}
		return problem;
	}

	/**
	 * The value of the {@code Retry-After} header for a refusal, in whole seconds rounded
	 * up, or {@code null} when the refusal has none: the end of the window for
	 * {@link TooManyIssuedException}.
	 */
	public static @Nullable Long retryAfterSeconds(TempIdException ex) {
		if (ex instanceof TooManyIssuedException tooMany) {
			Duration retryAfter = tooMany.retryAfter();
			return Math.max(1, retryAfter.getSeconds() + ((retryAfter.getNano() > 0) ? 1 : 0));
		}
		return null;
	}

	/**
	 * Writes a problem detail as the {@code application/problem+json} body of a response,
	 * outside Spring MVC (filters, entry points). Nothing if the response is committed.
	 */
	public static void write(ProblemDetail problem, HttpServletResponse response) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(json(problem));
	}

	/**
	 * A problem detail as its {@code application/problem+json} text, for writing it outside
	 * the web framework's own handling (servlet filters, WebFlux {@code WebFilter}s).
	 */
	public static String json(ProblemDetail problem) {
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		URI type = problem.getType();
		body.put("type", (type != null) ? type.toString() : "about:blank");
		if (problem.getTitle() != null) {
			body.put("title", problem.getTitle());
		}
		body.put("status", problem.getStatus());
		if (problem.getDetail() != null) {
			body.put("detail", problem.getDetail());
		}
		if (problem.getInstance() != null) {
			body.put("instance", problem.getInstance().toString());
		}
		if (problem.getProperties() != null) {
			body.putAll(problem.getProperties());
		}
		return MAPPER.writeValueAsString(body);
	}

}
