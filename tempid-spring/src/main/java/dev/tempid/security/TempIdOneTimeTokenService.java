package dev.tempid.security;

import java.time.Duration;
import java.util.Objects;

import dev.tempid.IssuedToken;
import dev.tempid.Reason;
import dev.tempid.TempIdException;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ott.DefaultOneTimeToken;
import org.springframework.security.authentication.ott.GenerateOneTimeTokenRequest;
import org.springframework.security.authentication.ott.OneTimeToken;
import org.springframework.security.authentication.ott.OneTimeTokenAuthenticationToken;
import org.springframework.security.authentication.ott.OneTimeTokenService;
import org.springframework.util.Assert;

/**
 * Spring Security's {@link OneTimeTokenService} backed by tempid, so that
 * {@code http.oneTimeTokenLogin(...)} with Spring Security's own filters and pages works
 * unchanged on any tempid store:
 * <ul>
 * <li>{@link #generate} issues a single-use tempid token of {@link #setPurpose purpose}
 * {@value #DEFAULT_PURPOSE} for the user, living {@link GenerateOneTimeTokenRequest#getExpiresIn()};
 * nothing is written anywhere until it is used.</li>
 * <li>{@link #consume} verifies it and takes its one use in one atomic store step (one
 * round trip), so a token is accepted once across every instance sharing the store,
 * unlike a select followed by a delete (CVE-2026-22751).</li>
 * </ul>
 * A token that is invalid, expired, of another purpose, used or revoked gives {@code null},
 * as the interface asks (Spring Security then answers "invalid token"). A store that
 * cannot be reached gives an {@link AuthenticationServiceException}: the login fails
 * closed, and is reported as a service failure rather than a bad token.
 */
public final class TempIdOneTimeTokenService implements OneTimeTokenService {

	/** The purpose of the tokens, unless {@link #setPurpose} names another. */
	public static final String DEFAULT_PURPOSE = "one-time-token-login";

	private final TokenService tokens;

	private String purpose = DEFAULT_PURPOSE;

	public TempIdOneTimeTokenService(TokenService tokens) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
	}

	/** The purpose of the issued tokens: a token of any other purpose never signs anyone in. */
	public void setPurpose(String purpose) {
		Assert.hasText(purpose, "purpose must not be empty");
		this.purpose = purpose;
	}

	@Override
	public OneTimeToken generate(GenerateOneTimeTokenRequest request) {
		Assert.notNull(request, "request must not be null");
		Assert.hasText(request.getUsername(), "the username must not be empty");
		Duration ttl = request.getExpiresIn();
		IssuedToken token = this.tokens.issue(TokenRequest.forPurpose(this.purpose)
			.subject(request.getUsername())
			.ttl(ttl)
			.maxUses(1)
			.build());
		return new DefaultOneTimeToken(token.value(), request.getUsername(), token.expiresAt());
	}

	@Override
	public @Nullable OneTimeToken consume(OneTimeTokenAuthenticationToken authenticationToken) {
		String value = authenticationToken.getTokenValue();
		if (value == null || value.isEmpty()) {
			return null;
		}
		VerifiedToken verified;
		try {
			verified = this.tokens.consume(value, this.purpose);
		}
		catch (TempIdException ex) {
			if (ex.reason() == Reason.STORE_UNAVAILABLE) {
				throw new AuthenticationServiceException("The one-time token could not be checked: its store is unavailable");
			}
			return null;
		}
		String username = verified.subject();
		if (username == null) {
			return null;
		}
		return new DefaultOneTimeToken(value, username, verified.expiresAt());
	}

}
