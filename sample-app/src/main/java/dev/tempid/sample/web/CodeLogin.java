package dev.tempid.sample.web;

import dev.tempid.StateChangedException;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.WrongCodeException;
import dev.tempid.sample.users.UserService;
import dev.tempid.security.MagicLinkGenerator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AccountStatusException;
import org.springframework.security.authentication.AccountStatusUserDetailsChecker;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.stereotype.Component;

/**
 * Sign-in with the 6-digit login code mailed beside a magic link ({@link Flows#sendMagicLink}),
 * for the page ({@code /login/code}) and the JSON API ({@code POST /api/login/code}).
 *
 * <p>The code is checked by {@link TokenService#consumeCode} together with the address it
 * was sent to, in one atomic store step that also takes the single use it shares with its
 * link: whichever of the two is used first ends both, on every instance sharing the store.
 * Five wrong codes end the code and its link. Every address is answered the same way,
 * known or not: the account is only looked up once the code was right.
 *
 * <p>A successful sign-in ends as the magic link's does: the CSRF token is replaced (as
 * Spring Security's login filters do) and the login is saved through the configured
 * {@link SecurityContextRepository}, the tempid cookie session.
 */
@Component
public class CodeLogin {

	/** The page where a user types the address and the code. */
	public static final String PAGE = "/login/code";

	private final TokenService tokens;

	private final UserService users;

	private final SendLimits limits;

	/** The purpose of the magic links the codes are issued with. */
	private final String purpose;

	private final SecurityContextRepository sessions;

	private final CsrfAuthenticationStrategy csrf;

	private final AccountStatusUserDetailsChecker accountStatus = new AccountStatusUserDetailsChecker();

	private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	CodeLogin(TokenService tokens, UserService users, SendLimits limits, MagicLinkGenerator magicLinks,
			SecurityContextRepository sessions, CsrfTokenRepository csrfTokens) {
		this.tokens = tokens;
		this.users = users;
		this.limits = limits;
		this.purpose = magicLinks.getPurpose();
		this.sessions = sessions;
		this.csrf = new CsrfAuthenticationStrategy(csrfTokens);
	}

	/**
	 * Signs in with a login code: on success the response carries the session cookie.
	 * @throws WrongCodeException when the code does not match, or no code is held for the
	 * address (401, with the tries left)
	 * @throws dev.tempid.TokenRevokedException when five wrong codes were tried, or a newer
	 * link replaced this one (410; the link is dead too)
	 * @throws dev.tempid.TokenUsedUpException when the link or the code was used already (410)
	 * @throws dev.tempid.TooManyIssuedException beyond the per-client limit of code attempts (429)
	 * @throws StateChangedException when the account can no longer sign in (401)
	 * @throws dev.tempid.StoreUnavailableException when the store cannot be reached (503)
	 */
	public Authentication signIn(@Nullable String email, @Nullable String code, HttpServletRequest request,
			HttpServletResponse response) {
		this.limits.codeAttempt(request);
		String address = (email != null) ? UserService.normalize(email) : "";
		if (!couldHaveCode(address)) {
			// no code is ever issued for it: the answer of an address that holds none
			throw new WrongCodeException("no login code is held for this address", 0);
		}
		this.tokens.consumeCode(this.purpose, address, address, (code != null) ? code : "");
		UserDetails user;
		try {
			user = this.users.loadUserByUsername(address);
		}
		catch (UsernameNotFoundException ex) {
			// a guessed code of an address without an account (Flows issues and throws one
			// away): it signs nobody in, and is answered as a wrong code
			throw new WrongCodeException("the login code does not match", 0);
		}
		try {
			this.accountStatus.check(user);
		}
		catch (AccountStatusException ex) {
			throw new StateChangedException("the login code's user cannot sign in");
		}
		if (user instanceof CredentialsContainer container) {
			container.eraseCredentials();
		}
		Authentication authentication = UsernamePasswordAuthenticationToken.authenticated(user, null,
				user.getAuthorities());
		SecurityContext context = this.holder.createEmptyContext();
		context.setAuthentication(authentication);
		this.holder.setContext(context);
		this.csrf.onAuthentication(authentication, request, response);
		this.sessions.saveContext(context, request, response);
		return authentication;
	}

	/** Whether a login code can be issued for this (normalized) address: a valid token subject. */
	static boolean couldHaveCode(String address) {
		return !address.isBlank() && address.length() <= TokenRequest.MAX_NAME_LENGTH;
	}

}
