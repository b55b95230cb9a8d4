package dev.tempid.sample.reactive.web;

import dev.tempid.TempIdException;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.sample.reactive.users.UserService;
import dev.tempid.web.TempIdProblemDetails;
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

	PageController(ReactiveTokenService tokens, UserService users) {
		this.tokens = tokens;
		this.users = users;
	}

	@GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
	String home() {
		return page("tempid reactive sample", "<p>The JSON API is described in sample-app-reactive/README.md.</p>");
	}

	@GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
	String login(ServerWebExchange exchange) {
		boolean error = exchange.getRequest().getQueryParams().containsKey("error");
		return page("Sign in", (error ? "<p>That sign-in link does not work. Ask for a new one.</p>" : "")
				+ "<p>Ask for a sign-in link with <code>POST /api/magic-link</code>.</p>");
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
