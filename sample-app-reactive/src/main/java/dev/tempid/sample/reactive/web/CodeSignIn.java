package dev.tempid.sample.reactive.web;

import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.sample.reactive.users.User;
import dev.tempid.sample.reactive.users.UserService;
import dev.tempid.security.server.TempIdServerSecurityContextRepository;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Signs in with the login code mailed beside a magic link, for the JSON API and the code
 * page: the code is tried in the store with the address it was sent to
 * ({@link ReactiveTokenService#consumeCode}: one atomic step that shares the link's single
 * use), and a right code gets the session a magic link gives. An address nobody has is
 * tried the same way, on a subject that holds no code, so it is answered exactly like a
 * wrong code, after the same store round trip.
 */
@Component
class CodeSignIn {

	private final ReactiveTokenService tokens;

	private final UserService users;

	private final TempIdServerSecurityContextRepository sessions;

	CodeSignIn(ReactiveTokenService tokens, UserService users, TempIdServerSecurityContextRepository sessions) {
		this.tokens = tokens;
		this.users = users;
		this.sessions = sessions;
	}

	/**
	 * Tries the code and, when right, saves the session (its cookie on the response).
	 * @return completes once signed in; fails with the code's
	 * {@link dev.tempid.TempIdException} ({@code WRONG_CODE}, {@code REVOKED},
	 * {@code USED_UP}, {@code STORE_UNAVAILABLE})
	 */
	Mono<Void> signIn(String email, String code, ServerWebExchange exchange) {
		String subject = this.users.find(email).map(User::email).orElseGet(() -> UserService.normalize(email));
		return this.tokens.consumeCode(Purposes.MAGIC_LINK, subject, email, code).then(Mono.defer(() -> {
			UserDetails user = this.users.loadUserByUsername(subject);
			UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken
				.authenticated(user, null, user.getAuthorities());
			return this.sessions.save(exchange, new SecurityContextImpl(authentication));
		}));
	}

}
