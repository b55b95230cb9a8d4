package dev.tempid.security;

import dev.tempid.web.BearerTokens;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * Finds a bearer token the RFC 6750 way: in the {@code Authorization} header, and in the
 * {@code access_token} query parameter only when that is enabled (query strings end up
 * in logs and browser history). A request carrying a token in two places, or a
 * malformed {@code Authorization: Bearer} header, is an {@code invalid_request}.
 */
public final class TempIdBearerTokenResolver {

	private boolean allowQueryParameter;

	private String parameterName = "access_token";

	private String headerName = HttpHeaders.AUTHORIZATION;

	/** Whether the token may come as a query parameter of a GET request. Off by default. */
	public void setAllowQueryParameter(boolean allowQueryParameter) {
		this.allowQueryParameter = allowQueryParameter;
	}

	/** The query parameter's name, {@code access_token} by default. */
	public void setParameterName(String parameterName) {
		this.parameterName = parameterName;
	}

	/** The header holding {@code Bearer <token>}, {@code Authorization} by default. */
	public void setHeaderName(String headerName) {
		this.headerName = headerName;
	}

	/**
	 * @return the token, or {@code null} when the request carries none (not ours to judge)
	 * @throws TempIdAuthenticationException an {@code invalid_request} for a malformed request
	 */
	public @Nullable String resolve(HttpServletRequest request) {
		String fromHeader = fromHeader(request);
		String fromParameter = fromParameter(request);
		if (fromHeader != null && fromParameter != null) {
			throw TempIdAuthenticationException.invalidRequest("the request carries more than one token");
		}
		return (fromHeader != null) ? fromHeader : fromParameter;
	}

	private @Nullable String fromHeader(HttpServletRequest request) {
		try {
			return BearerTokens.token(request.getHeader(this.headerName));
		}
		catch (IllegalArgumentException ex) {
			throw TempIdAuthenticationException.invalidRequest("the bearer token is malformed");
		}
	}

	private @Nullable String fromParameter(HttpServletRequest request) {
		if (!this.allowQueryParameter || !HttpMethod.GET.matches(request.getMethod())) {
			return null;
		}
		String[] values = request.getParameterValues(this.parameterName);
		if (values == null || values.length == 0) {
			return null;
		}
		if (values.length > 1 || values[0].isEmpty()) {
			throw TempIdAuthenticationException.invalidRequest("the access_token parameter is malformed");
		}
		return values[0];
	}

}
