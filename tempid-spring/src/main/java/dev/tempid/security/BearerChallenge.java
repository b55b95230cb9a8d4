package dev.tempid.security;

import dev.tempid.Reason;
import dev.tempid.web.TempIdProblemDetails;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;

/**
 * How a missing or refused bearer token is answered, the RFC 6750 way, decided in one place
 * for {@link TempIdAuthenticationEntryPoint} (servlets) and
 * {@link dev.tempid.security.server.ServerTempIdAuthenticationEntryPoint} (WebFlux), which
 * write it with their own stack:
 * <ul>
 * <li>no token (any other {@link AuthenticationException}): 401, {@code Bearer};</li>
 * <li>a malformed request (a broken {@code Authorization} header, two tokens): 400,
 * {@code Bearer error="invalid_request"};</li>
 * <li>the store unreachable: 503, {@code Bearer}, with {@code Retry-After};</li>
 * <li>any other refused token: 401, {@code Bearer error="invalid_token",
 * error_description="..."}, the description a fixed sentence per reason.</li>
 * </ul>
 * This class is public only so that the servlet and WebFlux packages can share it.
 * @param status the response status
 * @param challenge the {@code WWW-Authenticate} header's value
 * @param reason why the token was refused, {@code null} when the request carried none
 */
public record BearerChallenge(HttpStatus status, String challenge, @Nullable Reason reason) {

	/** The {@code Retry-After} seconds of an answer given while the store is unavailable. */
	public static final String RETRY_AFTER = "5";

	/**
	 * The answer to {@code exception}.
	 * @param exception what the authentication failed with
	 * @param realmName the realm to name in the challenge, or {@code null} for none
	 */
	public static BearerChallenge of(AuthenticationException exception, @Nullable String realmName) {
		if (!(exception instanceof TempIdAuthenticationException refused)) {
			return new BearerChallenge(HttpStatus.UNAUTHORIZED, challenge(realmName, null, null), null);
		}
		Reason reason = refused.reason();
		if (refused.isInvalidRequest()) {
			return new BearerChallenge(HttpStatus.BAD_REQUEST, challenge(realmName, "invalid_request",
					"The request carries a malformed bearer token or more than one."), reason);
		}
		if (reason == Reason.STORE_UNAVAILABLE) {
			return new BearerChallenge(HttpStatus.SERVICE_UNAVAILABLE, challenge(realmName, null, null), reason);
		}
		return new BearerChallenge(HttpStatus.UNAUTHORIZED,
				challenge(realmName, "invalid_token", TempIdProblemDetails.detail(reason)), reason);
	}

	/** Whether the answer carries {@code Retry-After: }{@value #RETRY_AFTER}: the store is unavailable. */
	public boolean retryAfter() {
		return this.status == HttpStatus.SERVICE_UNAVAILABLE;
	}

	private static String challenge(@Nullable String realmName, @Nullable String error, @Nullable String description) {
		StringBuilder challenge = new StringBuilder("Bearer");
		String separator = " ";
		if (realmName != null) {
			challenge.append(separator).append("realm=\"").append(realmName).append('"');
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

}
