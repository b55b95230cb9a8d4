package dev.tempid.sample.web;

import java.util.Optional;

import dev.tempid.IssuedToken;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.sample.mail.MailSender;
import dev.tempid.sample.users.User;
import dev.tempid.sample.users.UserService;
import dev.tempid.security.MagicLink;
import dev.tempid.security.MagicLinkGenerator;
import dev.tempid.web.LinkBuilder;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * What the pages and the JSON API share: sending the links of each flow. Every method
 * answers the same whether or not the address belongs to someone, so no caller can probe
 * for accounts. Every link is built by the {@link LinkBuilder} from the configured public
 * base URL ({@code tempid.web.base-url}), never from the request's {@code Host} header.
 */
@Service
public class Flows {

	private final TokenService tokens;

	private final UserService users;

	private final MailSender mail;

	private final MagicLinkGenerator magicLinks;

	private final LinkBuilder links;

	/** Link-sending limits (SendLimits): per client, and per address known or not. */
	private final SendLimits limits;

	public Flows(TokenService tokens, UserService users, MailSender mail, MagicLinkGenerator magicLinks,
			LinkBuilder links, SendLimits limits) {
		this.limits = limits;
		this.tokens = tokens;
		this.users = users;
		this.mail = mail;
		this.magicLinks = magicLinks;
		this.links = links;
	}

	/** Mails a single-use reset link, bound to the current password, to a known user. */
	public void sendPasswordReset(@Nullable String email, HttpServletRequest request) {
		this.limits.client(request);
		Optional<User> user = this.users.find(email);
		if (user.isEmpty()) {
			this.limits.unknownAddress(Purposes.PASSWORD_RESET, email);
			return;
		}
		String fingerprint = this.users.passwordFingerprint(user.get().email());
		IssuedToken token = this.tokens.issue(TokenRequest.forPurpose(Purposes.PASSWORD_RESET)
			.subject(user.get().email())
			.maxUses(1)
			.bindTo((fingerprint != null) ? fingerprint : "")
			.build());
		this.mail.send(user.get().email(), "Reset your password",
				"Someone asked to reset your password. If it was you, open this link within "
						+ token.expiresAt() + ":",
				link(request, "/reset-password", token.value()));
	}

	/**
	 * Mails a magic sign-in link to a known user, with a 6-digit login code that shares its
	 * single use ({@link CodeLogin}): whichever is used first ends both, and a new link ends
	 * the earlier link and its code (the purpose is single-active).
	 *
	 * <p>For an address without an account the same link and code are issued, for the
	 * normalized address as subject, and thrown away: nobody ever sees them. So a code typed
	 * for an unknown address is answered exactly as a wrong code for a known one (the same
	 * tries left, the same 410 after five), the request does the same store work in the same
	 * time, and it counts on the same per-address limit.
	 */
	public void sendMagicLink(@Nullable String email, HttpServletRequest request) {
		this.limits.client(request);
		Optional<User> user = this.users.find(email);
		if (user.isEmpty()) {
			String address = (email != null) ? UserService.normalize(email) : "";
			if (CodeLogin.couldHaveCode(address)) {
				this.magicLinks.generateWithCode(address, address, request);
			}
			else {
				this.limits.unknownAddress(this.limits.magicLinkPurpose(), email);
			}
			return;
		}
		String address = user.get().email();
		MagicLink link = this.magicLinks.generateWithCode(address, address, request);
		String codePage = this.links.base(request).path(CodeLogin.PAGE).build().toUriString();
		this.mail.send(address, "Your sign-in link",
				"Open this link to sign in, or type the code " + link.code() + " with your address at " + codePage
						+ ". Either works once (using one ends the other), until " + link.expiresAt() + ":",
				link.uri().toString(), link.code());
	}

	/**
	 * Creates an account and mails its verification link; an address that already has an
	 * account gets no new account and no mail.
	 * @throws dev.tempid.sample.users.WeakPasswordException when the password is refused
	 */
	public void signUp(String email, String password, HttpServletRequest request) {
		this.users.signUp(email, password).ifPresent((user) -> {
			IssuedToken token = this.tokens.issue(TokenRequest.forPurpose(Purposes.EMAIL_VERIFICATION)
				.subject(user.email())
				.maxUses(1)
				.build());
			this.mail.send(user.email(), "Verify your address", "Open this link to verify your address:",
					link(request, "/verify-email", token.value()));
		});
	}

	private String link(HttpServletRequest request, String path, String token) {
		return this.links.link(path, token, request).toString();
	}

}
