package dev.tempid.sample.reactive.web;

import java.time.Duration;
import java.util.Optional;

import dev.tempid.IssuedToken;
import dev.tempid.TokenRequest;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.sample.reactive.mail.MailSender;
import dev.tempid.sample.reactive.users.User;
import dev.tempid.sample.reactive.users.UserService;
import dev.tempid.web.server.ServerLinkBuilder;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What the pages and the JSON API share: sending the links of each flow. Every method
 * answers the same whether or not the address belongs to someone, so no caller can probe
 * for accounts, and counts the sample's link-sending limits ({@link SendLimits}). Tokens
 * are issued through the {@link ReactiveTokenService}: issue limits, supersede and login
 * codes are kept in the store without blocking. Every link is built by the
 * {@link ServerLinkBuilder} from the configured public base URL ({@code tempid.web.base-url}),
 * never from the request's {@code Host} header.
 */
@Service
public class Flows {

	private final ReactiveTokenService tokens;

	private final UserService users;

	private final MailSender mail;

	private final ServerLinkBuilder links;

	private final SendLimits limits;

	private final Duration magicLinkTtl;

	public Flows(ReactiveTokenService tokens, UserService users, MailSender mail, ServerLinkBuilder links,
			SendLimits limits, @Value("${tempid.security.magic-link.ttl:15m}") Duration magicLinkTtl) {
		this.tokens = tokens;
		this.users = users;
		this.mail = mail;
		this.links = links;
		this.limits = limits;
		this.magicLinkTtl = magicLinkTtl;
	}

	/**
	 * Mails a single-use reset link, bound to the current password, to a known user; a new
	 * link supersedes the one mailed before.
	 */
	public Mono<Void> sendPasswordReset(@Nullable String email, ServerWebExchange exchange) {
		return this.limits.client(exchange).then(Mono.defer(() -> {
			Optional<User> user = this.users.find(email);
			if (user.isEmpty()) {
				return this.limits.unknownAddress(Purposes.PASSWORD_RESET, email);
			}
			String to = user.get().email();
			String fingerprint = this.users.passwordFingerprint(to);
			return this.tokens.issue(TokenRequest.forPurpose(Purposes.PASSWORD_RESET)
				.subject(to)
				.maxUses(1)
				.singleActive(true)
				.bindTo((fingerprint != null) ? fingerprint : "")
				.build())
				.doOnNext((token) -> this.mail.send(to, "Reset your password",
						"Someone asked to reset your password. If it was you, open this link within "
								+ token.expiresAt() + ":",
						link("/reset-password", token)))
				.then();
		}));
	}

	/**
	 * Mails a magic sign-in link to a known user, with the 6-digit code that shares its
	 * single use ({@code POST /api/login/code}); a new link (and code) supersedes the one
	 * mailed before.
	 */
	public Mono<Void> sendMagicLink(@Nullable String email, ServerWebExchange exchange) {
		return this.limits.client(exchange).then(Mono.defer(() -> {
			Optional<User> user = this.users.find(email);
			if (user.isEmpty()) {
				return this.limits.unknownAddress(Purposes.MAGIC_LINK, email);
			}
			String to = user.get().email();
			return this.tokens.issue(TokenRequest.forPurpose(Purposes.MAGIC_LINK)
				.subject(to)
				.permissions(user.get().authorities())
				.ttl(this.magicLinkTtl)
				.maxUses(1)
				.singleActive(true)
				.withCode(to)
				.build())
				.doOnNext((token) -> this.mail.send(to, "Your sign-in link",
						"Open this link to sign in, or enter the code " + token.code() + ":",
						link("/login/magic", token), token.code()))
				.then();
		}));
	}

	/**
	 * Creates an account and mails its verification link; an address that already has an
	 * account gets no new account and no mail.
	 * @return completes when done; fails with
	 * {@link dev.tempid.sample.reactive.users.WeakPasswordException} when the password is
	 * refused
	 */
	public Mono<Void> signUp(String email, String password) {
		return Mono.defer(() -> Mono.justOrEmpty(this.users.signUp(email, password)))
			.flatMap((user) -> this.tokens.issue(TokenRequest.forPurpose(Purposes.EMAIL_VERIFICATION)
				.subject(user.email())
				.maxUses(1)
				.build())
				.doOnNext((token) -> this.mail.send(user.email(), "Verify your address",
						"Open this link to verify your address:", link("/verify-email", token))))
			.then();
	}

	/** Links come only from the configured public base URL. */
	private String link(String path, IssuedToken token) {
		return this.links.link(path, token.value(), null).toString();
	}

}
