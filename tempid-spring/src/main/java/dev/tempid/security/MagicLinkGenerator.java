package dev.tempid.security;

import java.time.Duration;
import java.util.Objects;

import dev.tempid.IssuedToken;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

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
 */
public final class MagicLinkGenerator {

	/** The default purpose of magic-link tokens. */
	public static final String DEFAULT_PURPOSE = "magic-link";

	/** The default lifetime of a magic link: 15 minutes. */
	public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);

	private final TokenService tokens;

	private String purpose = DEFAULT_PURPOSE;

	private @Nullable String audience;

	private Duration ttl = DEFAULT_TTL;

	private String loginProcessingUrl = "/login/magic";

	private @Nullable String baseUrl;

	public MagicLinkGenerator(TokenService tokens) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
	}

	public void setPurpose(String purpose) {
		this.purpose = Objects.requireNonNull(purpose, "purpose must not be null");
	}

	public String getPurpose() {
		return this.purpose;
	}

	public void setAudience(@Nullable String audience) {
		this.audience = audience;
	}

	public void setTtl(Duration ttl) {
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive");
		}
		this.ttl = ttl;
	}

	public void setLoginProcessingUrl(String loginProcessingUrl) {
		this.loginProcessingUrl = Objects.requireNonNull(loginProcessingUrl, "loginProcessingUrl must not be null");
	}

	/**
	 * The application's public base URL ({@code https://example.com}). Set it in
	 * production: a link built from the request trusts the request's {@code Host}.
	 */
	public void setBaseUrl(@Nullable String baseUrl) {
		this.baseUrl = baseUrl;
	}

	/** Issues a link for {@code username} against the configured base URL. */
	public MagicLink generate(String username) {
		if (this.baseUrl == null) {
			throw new IllegalStateException("No base URL is configured: set one, or pass the current request");
		}
		return generate(username, UriComponentsBuilder.fromUriString(this.baseUrl));
	}

	/** Issues a link for {@code username}, against the base URL or else the current request's. */
	public MagicLink generate(String username, HttpServletRequest request) {
		UriComponentsBuilder base = (this.baseUrl != null) ? UriComponentsBuilder.fromUriString(this.baseUrl)
				: ServletUriComponentsBuilder.fromContextPath(request);
		return generate(username, base);
	}

	private MagicLink generate(String username, UriComponentsBuilder base) {
		Objects.requireNonNull(username, "username must not be null");
		TokenRequest.Builder request = TokenRequest.forPurpose(this.purpose).subject(username).ttl(this.ttl).maxUses(1);
		if (this.audience != null) {
			request.audience(this.audience);
		}
		IssuedToken token = this.tokens.issue(request.build());
		String uri = base.path(this.loginProcessingUrl).queryParam("token", token.value()).build().toUriString();
		return new MagicLink(java.net.URI.create(uri), token.id(), token.expiresAt());
	}

}
