package dev.tempid.sample.reactive.web;

import java.net.URI;

import dev.tempid.TempIdException;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.sample.reactive.users.UserService;
import dev.tempid.web.TempIdProblemDetails;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * The reactive sample's plain pages. The magic-link confirmation page
 * ({@code GET /login/magic}) is tempid's own; email verification follows the same
 * scanner-safe pattern here: the link's page spends nothing, its form's POST verifies once.
 */
@RestController
class PageController {

	private final ReactiveTokenService tokens;

	private final UserService users;

	private final CodeSignIn codes;

	PageController(ReactiveTokenService tokens, UserService users, CodeSignIn codes) {
		this.tokens = tokens;
		this.users = users;
		this.codes = codes;
	}

	@GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
	String home() {
		return page("tempid reactive sample", "<p>The JSON API is described in sample-app-reactive/README.md.</p>");
	}

	@GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
	String login(ServerWebExchange exchange) {
		boolean error = exchange.getRequest().getQueryParams().containsKey("error");
		return page("Sign in", (error ? "<p>That sign-in link does not work. Ask for a new one.</p>" : "")
				+ "<p>Ask for a sign-in link with <code>POST /api/magic-link</code>. The mail carries a code too: "
				+ "<a href=\"/login/code\">sign in with the code</a>.</p>");
	}

	/** The code page, beside the link's confirmation page: the address and the 6-digit code. */
	@GetMapping(path = "/login/code", produces = MediaType.TEXT_HTML_VALUE)
	Mono<String> codePage(ServerWebExchange exchange) {
		boolean error = exchange.getRequest().getQueryParams().containsKey("error");
		return csrfField(exchange).map((csrfField) -> page("Sign in with a code",
				(error ? "<p>That code does not work. Check it, or ask for a new link.</p>" : "")
						+ "<form method=\"post\" action=\"/login/code\">"
						+ "<label>Email <input type=\"email\" name=\"email\" required autocomplete=\"email\"></label> "
						+ "<label>Code <input name=\"code\" required inputmode=\"numeric\" pattern=\"[0-9]{6}\" "
						+ "autocomplete=\"one-time-code\"></label>" + csrfField
						+ "<button type=\"submit\">Sign in</button></form>"));
	}

	/** The code page's form: signed in, to the home page; refused, back to the page with an error. */
	@PostMapping("/login/code")
	Mono<ResponseEntity<Void>> signInWithCode(ServerWebExchange exchange) {
		return exchange.getFormData().flatMap((form) -> {
			String email = form.getFirst("email");
			String code = form.getFirst("code");
			if (email == null || email.isBlank() || email.length() > 254 || code == null) {
				return Mono.just(redirect("/login/code?error"));
			}
			return this.codes.signIn(email, code, exchange)
				.thenReturn(redirect("/"))
				.onErrorResume(TempIdException.class, (ex) -> Mono.just(redirect("/login/code?error")));
		});
	}

	private static ResponseEntity<Void> redirect(String location) {
		return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(location)).build();
	}

	private static Mono<String> csrfField(ServerWebExchange exchange) {
		Mono<CsrfToken> csrf = exchange.getAttribute(CsrfToken.class.getName());
		return ((csrf != null) ? csrf : Mono.<CsrfToken>empty()).map((c) -> "<input type=\"hidden\" name=\""
				+ HtmlUtils.htmlEscape(c.getParameterName()) + "\" value=\"" + HtmlUtils.htmlEscape(c.getToken()) + "\">")
			.defaultIfEmpty("");
	}

	@GetMapping(path = "/verify-email", produces = MediaType.TEXT_HTML_VALUE)
	Mono<String> verifyEmailPage(@RequestParam(defaultValue = "") String token, ServerWebExchange exchange) {
		Mono<CsrfToken> csrf = exchange.getAttribute(CsrfToken.class.getName());
		return ((csrf != null) ? csrf : Mono.<CsrfToken>empty()).map((c) -> "<input type=\"hidden\" name=\""
				+ HtmlUtils.htmlEscape(c.getParameterName()) + "\" value=\"" + HtmlUtils.htmlEscape(c.getToken()) + "\">")
			.defaultIfEmpty("")
			.map((csrfField) -> page("Verify your address",
					"<form method=\"post\" action=\"/verify-email\"><input type=\"hidden\" name=\"token\" value=\""
							+ HtmlUtils.htmlEscape(token) + "\">" + csrfField
							+ "<button type=\"submit\">Verify</button></form>"));
	}

	@PostMapping(path = "/verify-email", produces = MediaType.TEXT_HTML_VALUE)
	Mono<ResponseEntity<String>> verifyEmail(ServerWebExchange exchange) {
		return exchange.getFormData()
			.map((form) -> String.valueOf(form.getFirst("token")))
			.flatMap((token) -> this.tokens.consume(token, Purposes.EMAIL_VERIFICATION))
			.map((verified) -> {
				this.users.verifyEmail(String.valueOf(verified.subject()));
				return ResponseEntity.ok(page("Address verified",
						"<p>Thank you: " + HtmlUtils.htmlEscape(String.valueOf(verified.subject())) + " is verified.</p>"));
			})
			.onErrorResume(TempIdException.class, (ex) -> Mono.just(ResponseEntity
				.status(TempIdProblemDetails.status(ex.reason()))
				.body(page("This verification link does not work", "<p>" + TempIdProblemDetails.detail(ex.reason())
						+ "</p>"))));
	}

	private static String page(String title, String body) {
		return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + HtmlUtils.htmlEscape(title)
				+ "</title></head><body><h1>" + HtmlUtils.htmlEscape(title) + "</h1>\n" + body + "\n</body></html>\n";
	}

}
