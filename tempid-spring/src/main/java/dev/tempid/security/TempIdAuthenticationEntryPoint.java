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
 * Descriptions are fixed sentences: nothing the client sent is echoed. The answer is
 * decided by {@link BearerChallenge}, as on WebFlux.
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
		BearerChallenge answer = BearerChallenge.of(authException, this.realmName);
		if (answer.retryAfter()) {
			response.setHeader(HttpHeaders.RETRY_AFTER, BearerChallenge.RETRY_AFTER);
		}
		write(response, answer.status(), answer.challenge(), answer.reason());
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
