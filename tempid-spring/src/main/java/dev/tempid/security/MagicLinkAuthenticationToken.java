package dev.tempid.security;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * An unauthenticated sign-in request carrying a magic-link token, handed to the
 * {@link MagicLinkAuthenticationProvider}. Its {@code toString()} hides the token, and the
 * token is erased once it has been spent.
 */
public final class MagicLinkAuthenticationToken extends AbstractAuthenticationToken {

	private static final long serialVersionUID = 1L;

	private @Nullable String token;

	public MagicLinkAuthenticationToken(String token) {
		super(List.of());
		this.token = token;
		setAuthenticated(false);
	}

	@Override
	public @Nullable Object getCredentials() {
		return this.token;
	}

	@Override
	public Object getPrincipal() {
		return "magic-link";
	}

	/** The token value, until {@link #eraseCredentials()}. */
	public @Nullable String getToken() {
		return this.token;
	}

	@Override
	public void eraseCredentials() {
		this.token = null;
		super.eraseCredentials();
	}

	@Override
	public String toString() {
		return "MagicLinkAuthenticationToken[token=" + ((this.token != null) ? "[hidden]" : "erased") + "]";
	}

}
