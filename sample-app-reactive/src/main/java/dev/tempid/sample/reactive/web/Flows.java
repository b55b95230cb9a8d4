package dev.tempid.sample.reactive.web;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import dev.tempid.IssuedToken;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.sample.reactive.mail.MailSender;
import dev.tempid.sample.reactive.users.User;
import dev.tempid.sample.reactive.users.UserService;
import dev.tempid.web.LinkBuilder;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * What the pages and the JSON API share: sending the links of each flow. Every method
 * answers the same whether or not the address belongs to someone, so no caller can probe
 * for accounts. Issuing a token is a plain call: it never touches the store.
 */
@Service
public class Flows {

	private final TokenService tokens;

	private final UserService users;

	private final MailSender mail;

	private final URI baseUrl;

	private final Duration magicLinkTtl;

	public Flows(TokenService tokens, UserService users, MailSender mail,
			@Value("${tempid.web.base-url}") URI baseUrl,
			@Value("${tempid.security.magic-link.ttl:15m}") Duration magicLinkTtl) {
		this.tokens = tokens;
		this.users = users;
		this.mail = mail;
		// links only from the configured public URL, never from the request's Host header
		LinkBuilder.forBaseUrl(baseUrl);   // checks it is an absolute http(s) URL with a host
		this.baseUrl = baseUrl;
		this.magicLinkTtl = magicLinkTtl;
	}

	/** Mails a single-use reset link, bound to the current password, to a known user. */
	public void sendPasswordReset(@Nullable String email, ServerWebExchange exchange) {
		Optional<User> user = this.users.find(email);
		if (user.isEmpty()) {
			return;
		}
		String fingerprint = this.users.passwordFingerprint(user.get().email());
		IssuedToken token = this.tokens.issue(TokenRequest.forPurpose(Purposes.PASSWORD_RESET)
			.subject(user.get().email())
			.maxUses(1)
			.bindTo((fingerprint != null) ? fingerprint : "")
			.build());
		this.mail.send(user.get().email(), "Reset your password",
				"Someone asked to reset your password. If it was you, open this link within " + token.expiresAt() + ":",
				link(exchange, "/reset-password", token.value()));
	}

	/** Mails a magic sign-in link to a known user. */
	public void sendMagicLink(@Nullable String email, ServerWebExchange exchange) {
		Optional<User> user = this.users.find(email);
		if (user.isEmpty()) {
			return;
		}
		IssuedToken token = this.tokens.issue(TokenRequest.forPurpose(Purposes.MAGIC_LINK)
			.subject(user.get().email())
			.permissions(user.get().authorities())
			.ttl(this.magicLinkTtl)
			.maxUses(1)
			.build());
		this.mail.send(user.get().email(), "Your sign-in link", "Open this link to sign in:",
				link(exchange, "/login/magic", token.value()));
	}

	/**
	 * Creates an account and mails its verification link; an address that already has an
	 * account gets no new account and no mail.
	 * @throws dev.tempid.sample.reactive.users.WeakPasswordException when the password is refused
	 */
	public void signUp(String email, String password, ServerWebExchange exchange) {
		this.users.signUp(email, password).ifPresent((user) -> {
			IssuedToken token = this.tokens.issue(TokenRequest.forPurpose(Purposes.EMAIL_VERIFICATION)
				.subject(user.email())
				.maxUses(1)
				.build());
			this.mail.send(user.email(), "Verify your address", "Open this link to verify your address:",
					link(exchange, "/verify-email", token.value()));
		});
	}

	/** Links come from the configured base URL; without one, from the request (local runs only). */
	private String link(ServerWebExchange exchange, String path, String token) {
		return UriComponentsBuilder.fromUri(this.baseUrl).path(path).queryParam("token", token).build().toUriString();
	}

}
