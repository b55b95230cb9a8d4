package dev.tempid.security.server;

import java.time.Duration;
import java.util.Objects;

import dev.tempid.Expectation;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.security.MagicLink;
import dev.tempid.security.MagicLinkGenerator;
import dev.tempid.security.MagicLinkSettings;
import dev.tempid.web.server.ServerLinkBuilder;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Mono;

/**
 * Issues a single-use magic-link token for a user and builds the absolute link, on
 * WebFlux: the reactive counterpart of {@link MagicLinkGenerator}, with the same settings
 * and defaults ({@link MagicLinkSettings}), issuing through {@link ReactiveTokenService#issue} (so a purpose's issue
 * limit, supersede or login code is kept in the store without blocking):
 *
 * <pre>{@code
 * generator.generate("alice@example.com")
 *     .flatMap((link) -> mail.send(email, "Your sign-in link", link.uri().toString()));
 * }</pre>
 *
 * The link opens a confirmation page ({@code GET}, spends nothing); the user's click on
 * its button ({@code POST}) spends it ({@link MagicLinkServerAuthentication}, which takes
 * this generator's purpose, audience and login processing URL with
 * {@link MagicLinkServerAuthentication#settingsOf}). Links are built by the
 * {@link ServerLinkBuilder}, from the configured public base URL, never from the
 * request's {@code Host} header.
 */
public final class ServerMagicLinkGenerator {

	private final ReactiveTokenService tokens;

	private final ServerLinkBuilder links;

	private final MagicLinkSettings settings = new MagicLinkSettings();

	/**
	 * @param tokens issues the links' tokens
	 * @param links builds the absolute links from the public base URL
	 */
	public ServerMagicLinkGenerator(ReactiveTokenService tokens, ServerLinkBuilder links) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
		this.links = Objects.requireNonNull(links, "links must not be null");
	}

	public void setPurpose(String purpose) {
		this.settings.setPurpose(purpose);
	}

	public String getPurpose() {
		return this.settings.getPurpose();
	}

	public void setAudience(@Nullable String audience) {
		this.settings.setAudience(audience);
	}

	public @Nullable String getAudience() {
		return this.settings.getAudience();
	}

	public void setTtl(Duration ttl) {
		this.settings.setTtl(ttl);
	}

	public Duration getTtl() {
		return this.settings.getTtl();
	}

	public void setLoginProcessingUrl(String loginProcessingUrl) {
		this.settings.setLoginProcessingUrl(loginProcessingUrl);
	}

	public String getLoginProcessingUrl() {
		return this.settings.getLoginProcessingUrl();
	}

	/** What the links' tokens are spent against (purpose, audience). */
	Expectation expectation() {
		return this.settings.expectation();
	}

	/**
	 * Issues a link for {@code username} against the configured public base URL.
	 * @return the link; fails with {@link IllegalStateException} when the
	 * {@link ServerLinkBuilder} has no base URL (before a token is issued)
	 */
	public Mono<MagicLink> generate(String username) {
		return generate(username, null);
	}

	/**
	 * Issues a link for {@code username} against the configured public base URL, or, when
	 * none is configured, the request's host if it is one of the allowed hosts.
	 * @return the link; fails with {@link IllegalStateException} when neither allows
	 * building a link (before a token is issued), or with the issue's
	 * {@link dev.tempid.TempIdException} (such as {@link dev.tempid.TooManyIssuedException})
	 */
	public Mono<MagicLink> generate(String username, @Nullable ServerHttpRequest request) {
		Objects.requireNonNull(username, "username must not be null");
		return generate(username, null, request);
	}

	/**
	 * Issues a link for {@code username} together with a 6-digit login code
	 * ({@link MagicLink#code()}), as {@code MagicLinkGenerator.generateWithCode} does on
	 * servlets: the code and the link share one use (whichever is used first ends both, and
	 * five wrong codes end both), and the code is checked with
	 * {@link ReactiveTokenService#consumeCode ReactiveTokenService.consumeCode(purpose,
	 * username, address, code)}, so it only works together with the address it was sent to.
	 * @param username the subject the link and the code sign in
	 * @param address the address the code is sent to (compared trimmed and in lower case)
	 * @param request the current request, for the allowed hosts when no base URL is configured
	 * @return the link with its code; fails as {@link #generate(String, ServerHttpRequest)}
	 */
	public Mono<MagicLink> generateWithCode(String username, String address, @Nullable ServerHttpRequest request) {
		Objects.requireNonNull(username, "username must not be null");
		Objects.requireNonNull(address, "address must not be null");
		return generate(username, address, request);
	}

	private Mono<MagicLink> generate(String username, @Nullable String codeAddress,
			@Nullable ServerHttpRequest request) {
		return Mono.defer(() -> {
			// fails before a token is issued when no link can be built safely
			this.links.base(request);
			return this.tokens.issue(this.settings.tokenRequest(username, codeAddress))
				.map((token) -> new MagicLink(
						this.links.link(this.settings.getLoginProcessingUrl(), token.value(), request), token.id(),
						token.expiresAt(), token.code()));
		});
	}

	@Override
	public String toString() {
		return "ServerMagicLinkGenerator[purpose=" + getPurpose() + ", loginProcessingUrl=" + getLoginProcessingUrl()
				+ "]";
	}

}
