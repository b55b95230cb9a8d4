package dev.tempid.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import dev.tempid.Reason;
import dev.tempid.VerifiedToken;
import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Turns a verified token into a {@link TempIdAuthenticationToken}: the subject is the
 * principal (or the {@link UserDetails} a {@link UserDetailsService} loads for it) and each
 * {@code perms} entry becomes an authority, with a configurable prefix. With a
 * {@code UserDetailsService}, a token without {@code perms} gets the user's own
 * authorities; a token with {@code perms} is limited to them. A missing, disabled or
 * locked user is refused.
 */
public final class TempIdAuthenticationConverter implements Converter<VerifiedToken, TempIdAuthenticationToken> {

	/** The default authority prefix: none, so {@code perms: ["read"]} becomes the authority {@code read}. */
	public static final String DEFAULT_AUTHORITY_PREFIX = "";

	private final String authorityPrefix;

	private final @Nullable UserDetailsService userDetailsService;

	private final AccountStatusUserDetailsChecker checker = new AccountStatusUserDetailsChecker();

	public TempIdAuthenticationConverter() {
		this(DEFAULT_AUTHORITY_PREFIX, null);
	}

	public TempIdAuthenticationConverter(String authorityPrefix, @Nullable UserDetailsService userDetailsService) {
		this.authorityPrefix = Objects.requireNonNull(authorityPrefix, "authorityPrefix must not be null");
		this.userDetailsService = userDetailsService;
	}

	@Override
	public TempIdAuthenticationToken convert(VerifiedToken token) {
		String subject = token.subject();
		if (subject == null || subject.isEmpty()) {
			throw new TempIdAuthenticationException(Reason.MALFORMED, "the token names no subject");
		}
		List<GrantedAuthority> authorities = new ArrayList<>();
		for (String permission : token.permissions()) {
			authorities.add(new SimpleGrantedAuthority(this.authorityPrefix + permission));
		}
		if (this.userDetailsService == null) {
			return TempIdAuthenticationToken.authenticated(subject, token, authorities);
		}
		UserDetails user;
		try {
			user = this.userDetailsService.loadUserByUsername(subject);
			this.checker.check(user);
		}
		catch (UsernameNotFoundException | AccountStatusException ex) {
			throw new TempIdAuthenticationException(Reason.STATE_CHANGED, "the token's user cannot sign in");
		}
		Collection<? extends GrantedAuthority> granted = authorities.isEmpty() ? user.getAuthorities() : authorities;
		return TempIdAuthenticationToken.authenticated(user, token, granted);
	}

}
