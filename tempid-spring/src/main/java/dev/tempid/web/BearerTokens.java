package dev.tempid.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The one reader of {@code Authorization: Bearer <token>} headers (RFC 6750, section
 * 2.1), shared by {@link RequestTokenReader} and the Spring Security bearer filter.
 */
public final class BearerTokens {

	private static final String SCHEME = "bearer";

	private static final Pattern AUTHORIZATION = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9\\-._~+/]+=*)$",
			Pattern.CASE_INSENSITIVE);

	private BearerTokens() {
	}

	/** Whether a header value uses the {@code Bearer} scheme, well-formed or not. */
	public static boolean isBearer(@Nullable String authorization) {
		return authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
				&& (authorization.length() == SCHEME.length() || authorization.charAt(SCHEME.length()) == ' ');
	}

	/**
	 * The token of a {@code Bearer} header value.
	 * @param authorization the header value, may be {@code null}
	 * @return the token, or {@code null} when there is no header or it uses another scheme
	 * @throws IllegalArgumentException when the header uses the {@code Bearer} scheme but
	 * is malformed (no token, spaces, characters outside RFC 6750's {@code b64token})
	 */
	public static @Nullable String token(@Nullable String authorization) {
		if (!isBearer(authorization)) {
			return null;
		}
		Matcher matcher = AUTHORIZATION.matcher(authorization);
		if (!matcher.matches()) {
			throw new IllegalArgumentException("the bearer token is malformed");
		}
		return matcher.group("token");
	}

}
