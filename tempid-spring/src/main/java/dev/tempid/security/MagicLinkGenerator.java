package dev.tempid.security;

import java.time.Duration;
import java.util.Objects;

import dev.tempid.IssuedToken;
import dev.tempid.TokenService;
import dev.tempid.web.LinkBuilder;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Issues a single-use magic-link token for a user and builds the absolute link, so the
 * application only has to send it:
 *
 * <pre>{@code
 * MagicLink link = generator.generate("alice@example.com", request);
 * mail.send(email, "Your sign-in link", link.uri().toString());
 * }</pre>
 *
 * The link opens a confirmation page ({@code GET}, spends nothing, so mail scanners that
 * follow links do not burn it); the user's click on its button ({@code POST}) spends it.
 * Links are built by the {@link LinkBuilder}, from the configured public base URL, never
 * from the request's {@code Host} header.
 *
 * <p>The generator is also the one source of truth of the magic-link settings: when it is a
 * bean, {@link TempIdConfigurer#magicLink} takes its purpose, audience, login processing URL
 * and {@link UserDetailsService} from it, so the mailed link always signs in. Its settings
 * and the token it issues are {@link MagicLinkSettings}', shared with the WebFlux generator.
 */
public final class MagicLinkGenerator {

	/** The default purpose of magic-link tokens. */
	public static final String DEFAULT_PURPOSE = MagicLinkSettings.DEFAULT_PURPOSE;

	/** The default lifetime of a magic link: 15 minutes. */
	public static final Duration DEFAULT_TTL = MagicLinkSettings.DEFAULT_TTL;

	private final TokenService tokens;

	private final MagicLinkSettings settings = new MagicLinkSettings();

	private final LinkBuilder links;

	private @Nullable UserDetailsService userDetailsService;

	/**
	 * @param tokens issues the links' tokens
	 * @param links builds the absolute links from the public base URL
	 */
	public MagicLinkGenerator(TokenService tokens, LinkBuilder links) {
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

	public void setLoginProcessingUrl(String loginProcessingUrl) {
		this.settings.setLoginProcessingUrl(loginProcessingUrl);
	}

	public String getLoginProcessingUrl() {
		return this.settings.getLoginProcessingUrl();
	}

	/**
	 * Loads and checks the user at magic-link sign-in (unknown, disabled, locked or expired
	 * users are refused), and makes the {@code UserDetails} the principal.
	 */
	public void setUserDetailsService(@Nullable UserDetailsService userDetailsService) {
		this.userDetailsService = userDetailsService;
	}

	public @Nullable UserDetailsService getUserDetailsService() {
		return this.userDetailsService;
	}

	/**
	 * Issues a link for {@code username} against the configured public base URL.
	 * @throws IllegalStateException when the {@link LinkBuilder} has no base URL
	 */
	public MagicLink generate(String username) {
		return generate(username, null);
	}

	/**
	 * Issues a link for {@code username} against the configured public base URL, or, when
	 * none is configured, the request's host if it is one of the allowed hosts.
	 * @throws IllegalStateException when neither allows building a link
	 */
	public MagicLink generate(String username, @Nullable HttpServletRequest request) {
		Objects.requireNonNull(username, "username must not be null");
		return generate(username, null, request);
	}

	/**
	 * Issues a link for {@code username} together with a 6-digit login code
	 * ({@link MagicLink#code()}) for a user who cannot open the link where they want to sign
	 * in (another device, a mail client that mangles links). The code and the link share one
	 * use: whichever is used first ends both, and five wrong codes end both. The code is
	 * checked with {@link TokenService#consumeCode TokenService.consumeCode(purpose,
	 * username, address, code)}, so it only works together with the address it was sent to.
	 * @param username the subject the link and the code sign in
	 * @param address the address the code is sent to (compared trimmed and in lower case)
	 * @param request the current request, for the allowed hosts when no base URL is configured
	 * @throws IllegalStateException when no link can be built safely
	 */
	public MagicLink generateWithCode(String username, String address, @Nullable HttpServletRequest request) {
		Objects.requireNonNull(username, "username must not be null");
		Objects.requireNonNull(address, "address must not be null");
		return generate(username, address, request);
	}

	private MagicLink generate(String username, @Nullable String codeAddress, @Nullable HttpServletRequest request) {
		// fails before a token is issued when no link can be built safely
		this.links.base(request);
		IssuedToken token = this.tokens.issue(this.settings.tokenRequest(username, codeAddress));
		return new MagicLink(this.links.link(this.settings.getLoginProcessingUrl(), token.value(), request),
				token.id(), token.expiresAt(), token.code());
	}

}
