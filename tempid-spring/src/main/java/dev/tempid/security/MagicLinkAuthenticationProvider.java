package dev.tempid.security;

import java.util.Objects;

import dev.tempid.Expectation;
import dev.tempid.Reason;
import dev.tempid.TempIdException;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Spends a magic-link token, once, and signs its subject in. The spend is one atomic
 * step in the {@code UseStore}: of two concurrent posts of the same link, exactly one
 * signs in.
 */
public final class MagicLinkAuthenticationProvider implements AuthenticationProvider {

	private final TokenService tokens;

	private final Expectation expectation;

	private final Converter<VerifiedToken, TempIdAuthenticationToken> converter;

	public MagicLinkAuthenticationProvider(TokenService tokens, Expectation expectation,
			Converter<VerifiedToken, TempIdAuthenticationToken> converter) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
		this.expectation = Objects.requireNonNull(expectation, "expectation must not be null");
		this.converter = Objects.requireNonNull(converter, "converter must not be null");
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		MagicLinkAuthenticationToken request = (MagicLinkAuthenticationToken) authentication;
		String value = request.getToken();
		if (value == null || value.isEmpty()) {
			throw new TempIdAuthenticationException(Reason.MALFORMED, "no token was posted");
		}
		try {
			VerifiedToken token = this.tokens.consume(value, this.expectation);
			return Objects.requireNonNull(this.converter.convert(token));
		}
		catch (TempIdException ex) {
			throw new TempIdAuthenticationException(ex);
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return MagicLinkAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
