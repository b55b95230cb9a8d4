package dev.tempid.sample.reactive.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.tempid.IssuedToken;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;
import dev.tempid.sample.reactive.users.UserService;
import dev.tempid.sample.reactive.users.WeakPasswordException;
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
 * The sample's JSON API on WebFlux, the servlet sample's table (sample-app/README.md).
 * Refused tokens become RFC 9457 problem details through tempid's handler: 400 malformed,
 * 401 invalid or expired, 410 used up or revoked, 503 store unavailable.
 */
@RestController
class ApiController {

	private static final int MAX_APPROVAL_USES = 1000;

	private final Flows flows;

	private final UserService users;

	private final TokenService tokens;

	ApiController(Flows flows, UserService users, TokenService tokens) {
		this.flows = flows;
		this.users = users;
		this.tokens = tokens;
	}

	@PostMapping("/api/password-reset")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Mono<Void> requestPasswordReset(@RequestBody EmailRequest body, ServerWebExchange exchange) {
		return Mono.fromRunnable(() -> this.flows.sendPasswordReset(body.email(), exchange));
	}

	/** The token is spent before this runs and given back if the new password is refused. */
	@PostMapping("/api/password-reset/confirm")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@ConsumesToken(purpose = Purposes.PASSWORD_RESET, source = TokenSource.JSON_BODY, name = "token",
			refundOn = WeakPasswordException.class)
	Mono<Void> confirmPasswordReset(@RequestBody ResetConfirmation body, @TokenSubject String email) {
		return Mono.fromRunnable(
				() -> this.users.changePassword(email, (body.password() != null) ? body.password() : ""));
	}

	@PostMapping("/api/magic-link")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Mono<Void> requestMagicLink(@RequestBody EmailRequest body, ServerWebExchange exchange) {
		return Mono.fromRunnable(() -> this.flows.sendMagicLink(body.email(), exchange));
	}

	@PostMapping("/api/signup")
	@ResponseStatus(HttpStatus.ACCEPTED)
	Mono<Void> signUp(@RequestBody SignUpRequest body, ServerWebExchange exchange) {
		return Mono.fromRunnable(() -> {
			if (body.email() == null || !body.email().contains("@") || body.email().length() > 254) {
				throw new InvalidRequestException("A valid email address is required.");
			}
			this.flows.signUp(body.email(), (body.password() != null) ? body.password() : "", exchange);
		});
	}

	@GetMapping("/api/me")
	Mono<Map<String, Object>> me(Mono<Authentication> authentication) {
		return authentication.map((auth) -> Map.of("subject", auth.getName(), "authorities",
				auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList()));
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
		return authentication.map((auth) -> {
			IssuedToken token = this.tokens.issue(TokenRequest.forPurpose(Purposes.APPROVAL)
				.subject(auth.getName())
				.maxUses(body.maxUses())
				.claim("action", body.action())
				.build());
			return ResponseEntity.created(URI.create("/api/approvals/" + token.id()))
				.body(Map.of("token", token.value(), "expiresAt", token.expiresAt().toString()));
		});
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
		return authentication.map((auth) -> {
			List<String> permissions = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
			IssuedToken token = this.tokens.issue(
					TokenRequest.forPurpose(Purposes.API).subject(auth.getName()).permissions(permissions).build());
			return ResponseEntity.status(HttpStatus.CREATED)
				.body(Map.of("token", token.value(), "expiresAt", token.expiresAt().toString()));
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

	static final class InvalidRequestException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		InvalidRequestException(String message) {
			super(message);
		}

	}

}
