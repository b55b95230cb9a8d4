package dev.tempid.sample.reactive.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.tempid.TokenRequest;
import dev.tempid.VerifiedToken;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.sample.reactive.users.UserService;
import dev.tempid.sample.reactive.users.WeakPasswordException;
import dev.tempid.security.server.TempIdServerSecurityContextRepository;
import dev.tempid.web.ConsumesToken;
import dev.tempid.web.TokenClaim;
import dev.tempid.web.TokenSource;
import dev.tempid.web.TokenSubject;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The sample's JSON API on WebFlux, the servlet sample's table (ARCHITECTURE section 7,
 * sample-app-reactive/README.md). Refused tokens become RFC 9457 problem details through
 * tempid's handler: 400 malformed, 401 invalid or expired (or a wrong login code), 410
 * used up or revoked, 429 beyond a link-sending limit, 503 store unavailable. Every token
 * operation that touches the store goes through the {@link ReactiveTokenService}: nothing
 * here blocks an event loop.
 */
@RestController
class ApiController {

	private static final int MAX_APPROVAL_USES = 1000;

	private final Flows flows;

	private final UserService users;

	private final ReactiveTokenService tokens;

	private final TempIdServerSecurityContextRepository sessions;

	private final CodeSignIn codes;

	ApiController(Flows flows, UserService users, ReactiveTokenService tokens,
			TempIdServerSecurityContextRepository sessions, CodeSignIn codes) {
		this.flows = flows;
		this.users = users;
		this.tokens = tokens;
		this.sessions = sessions;
		this.codes = codes;
	}

	@PostMapping("/api/password-reset")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Mono<Void> requestPasswordReset(@RequestBody EmailRequest body, ServerWebExchange exchange) {
		return this.flows.sendPasswordReset(body.email(), exchange);
	}

	/**
	 * The token is spent before this runs and given back only if the new password is
	 * refused (before anything changed). A completed reset signs the user out everywhere:
	 * every session ends before the password changes, so a store that cannot record that
	 * leaves the password as it was (503; the link is spent: ask for a new one).
	 */
	@PostMapping("/api/password-reset/confirm")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@ConsumesToken(purpose = Purposes.PASSWORD_RESET, source = TokenSource.JSON_BODY, name = "token",
			refundOn = WeakPasswordException.class)
	Mono<Void> confirmPasswordReset(@RequestBody ResetConfirmation body, @TokenSubject String email) {
		String password = (body.password() != null) ? body.password() : "";
		return Mono.fromRunnable(() -> this.users.requireAcceptable(password))
			.then(this.sessions.signOutEverywhere(email))
			.then(Mono.fromRunnable(() -> this.users.changePassword(email, password)));
	}

	@PostMapping("/api/magic-link")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Mono<Void> requestMagicLink(@RequestBody EmailRequest body, ServerWebExchange exchange) {
		return this.flows.sendMagicLink(body.email(), exchange);
	}

	/**
	 * Signs in with the 6-digit code mailed beside a magic link: 204 with the session
	 * cookie; 401 for a wrong code, or an address nobody has (answered alike); 410 once 5
	 * wrong codes were tried (the link is dead too) or the link was used.
	 */
	@PostMapping("/api/login/code")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> signInWithCode(@RequestBody CodeRequest body, ServerWebExchange exchange) {
		if (body.email() == null || body.email().isBlank() || body.email().length() > 254 || body.code() == null) {
			return Mono.error(new InvalidRequestException("'email' and 'code' are required."));
		}
		return this.codes.signIn(body.email(), body.code(), exchange);
	}

	@PostMapping("/api/signup")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Mono<Void> signUp(@RequestBody SignUpRequest body) {
		if (body.email() == null || !body.email().contains("@") || body.email().length() > 254) {
			return Mono.error(new InvalidRequestException("A valid email address is required."));
		}
		return this.flows.signUp(body.email(), (body.password() != null) ? body.password() : "");
	}

	@GetMapping("/api/me")
	Mono<Map<String, Object>> me(Mono<Authentication> authentication) {
		return authentication.map((auth) -> Map.of("subject", auth.getName(), "authorities",
				auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList()));
	}

	/**
	 * Signs the caller out everywhere: every session of the user, on every device and
	 * instance sharing the store, ends at its next request; this one's cookie is cleared.
	 */
	@PostMapping("/api/sessions/revoke-all")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> revokeAllSessions(Mono<Authentication> authentication, ServerWebExchange exchange) {
		return authentication.flatMap((auth) -> this.sessions.signOutEverywhere(auth.getName()))
			.then(this.sessions.save(exchange, null));
	}

	/** A signed-in user creates a token that approves an action up to {@code maxUses} times. */
	@PostMapping("/api/approvals")
	Mono<ResponseEntity<Map<String, Object>>> createApproval(@RequestBody ApprovalRequest body,
			Mono<Authentication> authentication) {
		if (body.action() == null || body.action().isBlank() || body.action().length() > 100) {
			return Mono.error(new InvalidRequestException("'action' is required (at most 100 characters)."));
		}
		if (body.maxUses() < 1 || body.maxUses() > MAX_APPROVAL_USES) {
			return Mono.error(new InvalidRequestException("'maxUses' must be between 1 and " + MAX_APPROVAL_USES + "."));
		}
		return authentication.flatMap((auth) -> this.tokens.issue(TokenRequest.forPurpose(Purposes.APPROVAL)
			.subject(auth.getName())
			.maxUses(body.maxUses())
			.claim("action", body.action())
			.build()))
			.map((token) -> ResponseEntity.created(URI.create("/api/approvals/" + token.id()))
				.body(Map.of("token", token.value(), "expiresAt", token.expiresAt().toString())));
	}

	/** Spends one use of an approval token given as {@code Authorization: Bearer …}, one atomic store step. */
	@PostMapping("/api/approvals/use")
	@ConsumesToken(purpose = Purposes.APPROVAL, source = TokenSource.HEADER, name = "Authorization")
	Mono<Map<String, Object>> useApproval(VerifiedToken token, @TokenClaim("action") String action) {
		return Mono.just(Map.of("usesLeft", token.usesLeft(), "action", action, "approvedBy",
				(token.subject() != null) ? token.subject() : ""));
	}

	/** A signed-in user gets an {@code api} bearer token for scripts. */
	@PostMapping("/api/tokens")
	Mono<ResponseEntity<Map<String, Object>>> createApiToken(Mono<Authentication> authentication) {
		return authentication.flatMap((auth) -> {
			List<String> permissions = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
			return this.tokens.issue(
					TokenRequest.forPurpose(Purposes.API).subject(auth.getName()).permissions(permissions).build());
		})
			.map((token) -> ResponseEntity.status(HttpStatus.CREATED)
				.body(Map.of("token", token.value(), "expiresAt", token.expiresAt().toString())));
	}

	/**
	 * Revokes one of the caller's own {@code api} bearer tokens: every later request with it
	 * is refused (401), on every instance sharing the store. Another user's token is not
	 * touched (403).
	 */
	@PostMapping("/api/tokens/revoke")
	Mono<ResponseEntity<Void>> revokeApiToken(@RequestBody TokenBody body, Mono<Authentication> authentication) {
		if (body.token() == null || body.token().isBlank()) {
			return Mono.error(new InvalidRequestException("'token' is required."));
		}
		String value = body.token();
		return authentication.zipWith(this.tokens.verify(value, Purposes.API)).flatMap((signedIn) -> {
			VerifiedToken token = signedIn.getT2();
			if (!signedIn.getT1().getName().equals(token.subject())) {
				return Mono.just(ResponseEntity.status(HttpStatus.FORBIDDEN).<Void>build());
			}
			return this.tokens.revoke(token).thenReturn(ResponseEntity.noContent().<Void>build());
		});
	}

	/** Scripts signed in by the session cookie send this header with every state-changing request. */
	@GetMapping("/api/csrf")
	Mono<Map<String, String>> csrf(ServerWebExchange exchange) {
		Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
		return (token != null) ? token.map((csrf) -> Map.of("headerName", csrf.getHeaderName(), "token", csrf.getToken()))
				: Mono.empty();
	}

	@ExceptionHandler(WeakPasswordException.class)
	ProblemDetail weakPassword(WeakPasswordException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Password refused");
		return problem;
	}

	@ExceptionHandler(InvalidRequestException.class)
	ProblemDetail invalidRequest(InvalidRequestException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	record EmailRequest(@Nullable String email) {
	}

	record CodeRequest(@Nullable String email, @Nullable String code) {

		@Override
		public String toString() {
			return "CodeRequest[email=" + this.email + ", code=…]";
		}

	}

	record ResetConfirmation(@Nullable String token, @Nullable String password) {

		@Override
		public String toString() {
			return "ResetConfirmation[token=…, password=…]";
		}

	}

	record SignUpRequest(@Nullable String email, @Nullable String password) {

		@Override
		public String toString() {
			return "SignUpRequest[email=" + this.email + ", password=…]";
		}

	}

	record ApprovalRequest(@Nullable String action, int maxUses) {
	}

	record TokenBody(@Nullable String token) {

		@Override
		public String toString() {
			return "TokenBody[token=…]";
		}

	}

	static final class InvalidRequestException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		InvalidRequestException(String message) {
			super(message);
		}

	}

}
