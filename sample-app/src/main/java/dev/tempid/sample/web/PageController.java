package dev.tempid.sample.web;

import dev.tempid.Durations;
import dev.tempid.Expectation;
import dev.tempid.TempIdException;
import dev.tempid.TokenService;
import dev.tempid.TooManyIssuedException;
import dev.tempid.VerifiedToken;
import dev.tempid.WrongCodeException;
import dev.tempid.sample.users.UserService;
import dev.tempid.sample.users.WeakPasswordException;
import dev.tempid.web.TempIdProblemDetails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The pages people see. They use the same flows as the JSON API, and explain a refused
 * link in words rather than in a problem document.
 */
@Controller
class PageController {

	private final Flows flows;

	private final UserService users;

	private final TokenService tokens;

	private final CodeLogin codeLogin;

	private final PasswordResets passwordResets;

	PageController(Flows flows, UserService users, TokenService tokens, CodeLogin codeLogin,
			PasswordResets passwordResets) {
		this.flows = flows;
		this.users = users;
		this.tokens = tokens;
		this.codeLogin = codeLogin;
		this.passwordResets = passwordResets;
	}

	@GetMapping("/")
	String home(@Nullable Authentication authentication, Model model) {
		boolean signedIn = authentication != null && authentication.isAuthenticated()
				&& !"anonymousUser".equals(authentication.getName());
		model.addAttribute("user", signedIn ? authentication.getName() : null);
		return "index";
	}

	@GetMapping("/login")
	String login() {
		return "login";
	}

	@PostMapping("/login/request-link")
	String requestMagicLink(@RequestParam(defaultValue = "") String email, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		try {
			this.flows.sendMagicLink(email, request);
		}
		catch (TooManyIssuedException ex) {
			return tooMany(ex, response, model);
		}
		return "redirect:/login?sent";
	}

	/** The page where a user types the code mailed beside the magic link. */
	@GetMapping(CodeLogin.PAGE)
	String codePage(@RequestParam(defaultValue = "") String email, Model model) {
		model.addAttribute("email", email);
		return "login-code";
	}

	/** Signs in with the code (as {@code POST /api/login/code}), then goes home. */
	@PostMapping(CodeLogin.PAGE)
	String signInWithCode(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String code,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		try {
			this.codeLogin.signIn(email, code, request, response);
			return "redirect:/";
		}
		catch (TooManyIssuedException ex) {
			response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
			response.setHeader("Retry-After", String.valueOf(TempIdProblemDetails.retryAfterSeconds(ex)));
			return codeRefused(model, email, "Too many codes were tried from here. Try again in "
					+ Durations.format(ex.retryAfter()) + ".");
		}
		catch (WrongCodeException ex) {
			response.setStatus(HttpStatus.UNAUTHORIZED.value());
			return codeRefused(model, email, "That code does not match this address"
					+ ((ex.triesLeft() > 0) ? " (" + ex.triesLeft() + ((ex.triesLeft() == 1) ? " try" : " tries")
							+ " left)." : ".")
					+ " Check both, or ask for a new link.");
		}
		catch (TempIdException ex) {
			response.setStatus(TempIdProblemDetails.status(ex.reason()).value());
			String why = switch (ex.reason()) {
				case USED_UP, REVOKED -> "This code does not work any more: it or its link was used, a newer link "
						+ "replaced it, or it was typed wrong too often. Ask for a new link.";
				case STORE_UNAVAILABLE -> "We cannot check codes right now. Try again in a minute.";
				default -> "This account cannot sign in.";
			};
			return codeRefused(model, email, why);
		}
	}

	private static String codeRefused(Model model, String email, String error) {
		model.addAttribute("email", email);
		model.addAttribute("error", error);
		return "login-code";
	}

	@PostMapping("/forgot-password")
	String forgotPassword(@RequestParam(defaultValue = "") String email, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		try {
			this.flows.sendPasswordReset(email, request);
		}
		catch (TooManyIssuedException ex) {
			return tooMany(ex, response, model);
		}
		return "redirect:/login?sent";
	}

	/** 429 with Retry-After, the same for every address (SendLimits). */
	private static String tooMany(TooManyIssuedException ex, HttpServletResponse response, Model model) {
		response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
		response.setHeader("Retry-After", String.valueOf(TempIdProblemDetails.retryAfterSeconds(ex)));
		return message(model, "Too many requests", "Too many links were asked for. Try again in "
				+ Durations.format(ex.retryAfter()) + ".");
	}

	@PostMapping("/signup")
	String signUp(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		try {
			this.flows.signUp(email, password, request);
		}
		catch (WeakPasswordException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("signupError", ex.getMessage());
			return "login";
		}
		return message(model, "Check your mail", "If the address can be used, a verification link is on its way.");
	}

	/** Shows the form; a stateless check tells at once whether the link still works. */
	@GetMapping("/reset-password")
	String resetPasswordForm(@RequestParam(defaultValue = "") String token, HttpServletResponse response, Model model) {
		carriesToken(response);
		try {
			VerifiedToken verified = this.tokens.verify(token, Expectation.purpose(Purposes.PASSWORD_RESET));
			model.addAttribute("token", token);
			model.addAttribute("email", verified.subject());
			model.addAttribute("remaining", verified.remainingText());
			return "reset-password";
		}
		catch (TempIdException ex) {
			return refused(ex, response, model, "This reset link does not work");
		}
	}

	@PostMapping("/reset-password")
	String resetPassword(@RequestParam(defaultValue = "") String token, @RequestParam(defaultValue = "") String password,
			HttpServletResponse response, Model model) {
		VerifiedToken verified;
		try {
			verified = this.tokens.consume(token, Purposes.PASSWORD_RESET);
		}
		catch (TempIdException ex) {
			return refused(ex, response, model, "This reset link does not work");
		}
		try {
			this.passwordResets.complete(verified.subject(), password);
		}
		catch (TempIdException ex) {
			// the sessions could not be ended: nothing changed (the link is spent)
			return refused(ex, response, model, "Your password was not changed");
		}
		catch (WeakPasswordException ex) {
			this.tokens.release(verified);
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			model.addAttribute("token", token);
			model.addAttribute("email", verified.subject());
			model.addAttribute("remaining", verified.remainingText());
			model.addAttribute("error", ex.getMessage());
			return "reset-password";
		}
		return message(model, "Password changed", "Your password was changed. Every older reset link is now void, and every session "
				+ "of yours, on every device, is signed out.");
	}

	/**
	 * Shows a confirmation page and spends nothing: mail scanners and link previews follow
	 * GET links, and would otherwise use the link up before its owner clicks.
	 */
	@GetMapping("/verify-email")
	String verifyEmailPage(@RequestParam(defaultValue = "") String token, HttpServletResponse response, Model model) {
		carriesToken(response);
		try {
			VerifiedToken verified = this.tokens.verify(token, Expectation.purpose(Purposes.EMAIL_VERIFICATION));
			model.addAttribute("token", token);
			model.addAttribute("email", verified.subject());
			return "verify-email";
		}
		catch (TempIdException ex) {
			return refused(ex, response, model, "This verification link does not work");
		}
	}

	/** Spends the link, once, and verifies the address. */
	@PostMapping("/verify-email")
	String verifyEmail(@RequestParam(defaultValue = "") String token, HttpServletResponse response, Model model) {
		try {
			VerifiedToken verified = this.tokens.consume(token, Purposes.EMAIL_VERIFICATION);
			this.users.verifyEmail(verified.subject());
			return message(model, "Address verified", "Thank you: " + verified.subject() + " is verified.");
		}
		catch (TempIdException ex) {
			return refused(ex, response, model, "This verification link does not work");
		}
	}

	/** A page whose URL holds a token: no Referer leaks it to linked sites, no cache keeps it. */
	private static void carriesToken(HttpServletResponse response) {
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Cache-Control", "no-store");
	}

	private static String refused(TempIdException ex, HttpServletResponse response, Model model, String title) {
		response.setStatus(TempIdProblemDetails.status(ex.reason()).value());
		String why = switch (ex.reason()) {
			case USED_UP, REVOKED -> "It has already been used.";
			case EXPIRED -> "It has expired. Ask for a new one.";
			case STATE_CHANGED -> "It was replaced: the password changed since it was sent.";
			case STORE_UNAVAILABLE -> "We cannot check it right now. Try again in a minute.";
			default -> "It is not a valid link. Ask for a new one.";
		};
		return message(model, title, why);
	}

	private static String message(Model model, String title, String text) {
		model.addAttribute("title", title);
		model.addAttribute("text", text);
		return "message";
	}

}
