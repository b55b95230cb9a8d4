package dev.tempid.security;

import java.io.IOException;
import java.util.Objects;

import dev.tempid.Reason;
import dev.tempid.web.TempIdProblemDetails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Answers a missing or refused bearer token the RFC 6750 way, as Spring Security's
 * {@code BearerTokenAuthenticationEntryPoint} does, with an RFC 9457 body:
 * <ul>
 * <li>no token: 401, {@code WWW-Authenticate: Bearer};</li>
 * <li>a malformed request (a broken {@code Authorization} header, two tokens): 400,
 * {@code Bearer error="invalid_request"};</li>
 * <li>a refused token (malformed, bad, expired, wrong purpose or audience, used up, revoked): 401,
 * {@code Bearer error="invalid_token", error_description="..."};</li>
 * <li>the store unreachable: 503 with {@code Retry-After}.</li>
 * </ul>
 * Descriptions are fixed sentences: nothing the client sent is echoed.
 */
public final class TempIdAuthenticationEntryPoint implements AuthenticationEntryPoint, AuthenticationFailureHandler {

	/** What a request without credentials is told by default. */
	public static final String DEFAULT_UNAUTHENTICATED_DETAIL = "This resource needs a bearer token.";

	private @Nullable String realmName;

	private String unauthenticatedDetail = DEFAULT_UNAUTHENTICATED_DETAIL;

	/**
	 * The {@code detail} a request carrying no credentials gets: it should name what the
	 * application accepts (for example "a signed-in session or a bearer token").
	 */
	public void setUnauthenticatedDetail(String detail) {
		this.unauthenticatedDetail = Objects.requireNonNull(detail, "detail must not be null");
	}

	/** The realm named in {@code WWW-Authenticate}, none by default. */
	public void setRealmName(@Nullable String realmName) {
		this.realmName = realmName;
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		commence(request, response, exception);
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		if (!(authException instanceof TempIdAuthenticationException refused)) {
			write(response, HttpStatus.UNAUTHORIZED, challenge(null, null), null);
			return;
		}
		Reason reason = refused.reason();
		if (refused.isInvalidRequest()) {
			write(response, HttpStatus.BAD_REQUEST,
					challenge("invalid_request", "The request carries a malformed bearer token or more than one."), reason);
			return;
		}
		switch (reason) {
			case STORE_UNAVAILABLE -> {
				response.setHeader(HttpHeaders.RETRY_AFTER, "5");
				write(response, HttpStatus.SERVICE_UNAVAILABLE, challenge(null, null), reason);
			}
			default -> write(response, HttpStatus.UNAUTHORIZED,
					challenge("invalid_token", TempIdProblemDetails.detail(reason)), reason);
		}
	}

	private String challenge(@Nullable String error, @Nullable String description) {
		StringBuilder challenge = new StringBuilder("Bearer");
		String separator = " ";
		if (this.realmName != null) {
			challenge.append(separator).append("realm=\"").append(this.realmName).append('"');
			separator = ", ";
		}
		if (error != null) {
			challenge.append(separator).append("error=\"").append(error).append('"');
			separator = ", ";
		}
		if (description != null) {
			challenge.append(separator).append("error_description=\"").append(description).append('"');
		}
		return challenge.toString();
	}

	private void write(HttpServletResponse response, HttpStatus status, String challenge, @Nullable Reason reason)
			throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
		ProblemDetail problem;
		if (reason == null) {
			problem = ProblemDetail.forStatusAndDetail(status, this.unauthenticatedDetail);
			problem.setTitle(status.getReasonPhrase());
		}
		else {
			problem = TempIdProblemDetails.forReason(reason, null);
			problem.setStatus(status);
		}
		TempIdProblemDetails.write(problem, response);
	}

}
