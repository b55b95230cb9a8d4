package dev.tempid.security;

import java.util.Collection;

import dev.tempid.VerifiedToken;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * An {@link org.springframework.security.core.Authentication} made from a verified tempid
 * token. The principal is the token's subject, or the {@code UserDetails} loaded for it;
 * the credentials are never the token value (always {@code null}), so the token cannot
 * leak through the security context.
 */
public final class TempIdAuthenticationToken extends AbstractAuthenticationToken {

	private static final long serialVersionUID = 1L;

	private final Object principal;

	private final transient @Nullable VerifiedToken token;

	private TempIdAuthenticationToken(Object principal, @Nullable VerifiedToken token,
			Collection<? extends GrantedAuthority> authorities, boolean authenticated) {
		super(authorities);
		this.principal = principal;
		this.token = token;
		super.setAuthenticated(authenticated);
	}

	/** An authenticated token. */
	public static TempIdAuthenticationToken authenticated(Object principal, VerifiedToken token,
			Collection<? extends GrantedAuthority> authorities) {
		return new TempIdAuthenticationToken(principal, token, authorities, true);
	}

	/** An unauthenticated token, standing for a refused attempt in failure events. */
	public static TempIdAuthenticationToken unauthenticated() {
		return new TempIdAuthenticationToken("tempid", null, java.util.List.of(), false);
	}

	@Override
	public Object getPrincipal() {
		return this.principal;
	}

	/** Always {@code null}: the token value is never kept. */
	@Override
	public @Nullable Object getCredentials() {
		return null;
	}

	/** The verified token, or {@code null} for an unauthenticated token or after deserialization. */
	public @Nullable VerifiedToken getToken() {
		return this.token;
	}

	@Override
	public void setAuthenticated(boolean authenticated) {
		if (authenticated) {
			throw new IllegalArgumentException("use TempIdAuthenticationToken.authenticated(...) instead");
		}
		super.setAuthenticated(false);
	}

}
