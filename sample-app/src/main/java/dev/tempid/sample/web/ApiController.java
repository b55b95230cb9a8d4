package dev.tempid.sample.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.tempid.IssuedToken;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;
import dev.tempid.sample.users.WeakPasswordException;
import dev.tempid.security.TempIdSecurityContextRepository;
import dev.tempid.web.ConsumesToken;
import dev.tempid.web.TokenClaim;
import dev.tempid.web.TokenSource;
import dev.tempid.web.TokenSubject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sample's JSON API (documented in sample-app/README.md). Refused tokens become
 * RFC 9457 problem details through tempid's handler: 400 malformed, 401 invalid or
 * expired, 410 used up or revoked, 503 store unavailable.
 */
@RestController
class ApiController {

	private static final int MAX_APPROVAL_USES = 1000;

	private final Flows flows;

	private final TokenService tokens;

	private final CodeLogin codeLogin;

	private final PasswordResets passwordResets;

	private final TempIdSecurityContextRepository sessions;

	ApiController(Flows flows, TokenService tokens, CodeLogin codeLogin, PasswordResets passwordResets,
			TempIdSecurityContextRepository sessions) {
		this.flows = flows;
		this.tokens = tokens;
		this.codeLogin = codeLogin;
		this.passwordResets = passwordResets;
		this.sessions = sessions;
	}

	@PostMapping("/api/password-reset")
	@ResponseStatus(HttpStatus.ACCEPTED)
	void requestPasswordReset(@RequestBody EmailRequest body, HttpServletRequest request) {
		this.flows.sendPasswordReset(body.email(), request);
	}

	/**
	 * The token is spent before this runs and given back only if the new password is refused
	 * (before anything changed); any other failure keeps it spent. A completed reset signs the
	 * user out everywhere ({@link PasswordResets}).
	 */
	@PostMapping("/api/password-reset/confirm")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@ConsumesToken(purpose = Purposes.PASSWORD_RESET, source = TokenSource.JSON_BODY, name = "token",
			refundOn = WeakPasswordException.class)
	void confirmPasswordReset(@RequestBody ResetConfirmation body, @TokenSubject String email) {
		this.passwordResets.complete(email, (body.password() != null) ? body.password() : "");
	}

	@PostMapping("/api/magic-link")
	@ResponseStatus(HttpStatus.ACCEPTED)
	void requestMagicLink(@RequestBody EmailRequest body, HttpServletRequest request) {
		this.flows.sendMagicLink(body.email(), request);
	}

	/**
	 * Signs in with the login code mailed beside the magic link: 204 with the session cookie;
	 * 401 ({@code WRONG_CODE}, with {@code triesLeft}) for a wrong code or an address that
	 * holds none, known or not; 410 once the link or the code was used, or after five wrong
	 * codes (the link dies too).
	 */
	@PostMapping("/api/login/code")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void signInWithCode(@RequestBody CodeRequest body, HttpServletRequest request, HttpServletResponse response) {
		if (body.email() == null || body.email().isBlank() || body.code() == null || body.code().isBlank()) {
			// malformed, as the reactive sample answers it (the shared API contract checks both)
			throw new InvalidRequestException("'email' and 'code' are required.");
		}
		this.codeLogin.signIn(body.email(), body.code(), request, response);
	}

	@PostMapping("/api/signup")
	@ResponseStatus(HttpStatus.ACCEPTED)
	void signUp(@RequestBody SignUpRequest body, HttpServletRequest request) {
		if (body.email() == null || !body.email().contains("@") || body.email().length() > 254) {
			throw new InvalidRequestException("A valid email address is required.");
		}
		this.flows.signUp(body.email(), (body.password() != null) ? body.password() : "", request);
	}

	@GetMapping("/api/me")
	Map<String, Object> me(Authentication authentication) {
		return Map.of("subject", authentication.getName(), "authorities",
				authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
	}

	/** A signed-in user creates a token that approves an action up to {@code maxUses} times. */
	@PostMapping("/api/approvals")
	ResponseEntity<Map<String, Object>> createApproval(@RequestBody ApprovalRequest body, Authentication authentication) {
		if (body.action() == null || body.action().isBlank() || body.action().length() > 100) {
			throw new InvalidRequestException("'action' is required (at most 100 characters).");
		}
		if (body.maxUses() < 1 || body.maxUses() > MAX_APPROVAL_USES) {
			throw new InvalidRequestException("'maxUses' must be between 1 and " + MAX_APPROVAL_USES + ".");
		}
		IssuedToken token = this.tokens.issue(TokenRequest.forPurpose(Purposes.APPROVAL)
			.subject(authentication.getName())
			.maxUses(body.maxUses())
			.claim("action", body.action())
			.build());
		return ResponseEntity.created(URI.create("/api/approvals/" + token.id()))
			.body(Map.of("token", token.value(), "expiresAt", token.expiresAt().toString()));
	}

	/** Spends one use of an approval token given as {@code Authorization: Bearer …}. */
	@PostMapping("/api/approvals/use")
	@ConsumesToken(purpose = Purposes.APPROVAL, source = TokenSource.HEADER, name = "Authorization")
	Map<String, Object> useApproval(VerifiedToken token, @TokenClaim("action") String action) {
		return Map.of("usesLeft", token.usesLeft(), "action", action, "approvedBy",
				(token.subject() != null) ? token.subject() : "");
	}

	/** A signed-in user gets an {@code api} bearer token for scripts. */
	@PostMapping("/api/tokens")
	ResponseEntity<Map<String, Object>> createApiToken(Authentication authentication) {
		List<String> permissions = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
		IssuedToken token = this.tokens.issue(TokenRequest.forPurpose(Purposes.API)
			.subject(authentication.getName())
			.permissions(permissions)
			.build());
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(Map.of("token", token.value(), "expiresAt", token.expiresAt().toString()));
	}

	/**
	 * Revokes one of the caller's own {@code api} bearer tokens: every later request with it
	 * is refused (401), on every instance sharing the store. Another user's token is not
	 * touched (403).
	 */
	@PostMapping("/api/tokens/revoke")
	ResponseEntity<Void> revokeApiToken(@RequestBody TokenBody body, Authentication authentication) {
		if (body.token() == null || body.token().isBlank()) {
			throw new InvalidRequestException("'token' is required.");
		}
		VerifiedToken token = this.tokens.verify(body.token(), Purposes.API);
		if (!authentication.getName().equals(token.subject())) {
			return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
		}
		this.tokens.revoke(body.token(), Purposes.API);
		return ResponseEntity.noContent().build();
	}

	/**
	 * Signs the caller out everywhere: every cookie session of theirs, on every device and
	 * every instance sharing the store, ends at its next request; this request's own cookie
	 * is cleared. 503 (nothing ended) when the store cannot be reached.
	 */
	@PostMapping("/api/sessions/revoke-all")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void revokeAllSessions(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
		this.sessions.signOutEverywhere(authentication.getName(), request, response);
	}

	/** Scripts signed in by the session cookie send this header with every state-changing request. */
	@GetMapping("/api/csrf")
	Map<String, String> csrf(CsrfToken csrfToken) {
		return Map.of("headerName", csrfToken.getHeaderName(), "token", csrfToken.getToken());
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
