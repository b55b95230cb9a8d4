package dev.tempid.web;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Builds the absolute links that carry tokens (magic links, reset and verification links)
 * from the application's configured public base URL, never from the request's
 * {@code Host} or {@code X-Forwarded-Host} header: a forged header would otherwise make
 * the application mail a victim a link to the attacker's host, and the token with it.
 *
 * <p>With no base URL, a link is built from the request only when its host is one of the
 * explicitly allowed hosts; otherwise building a link fails with an
 * {@link IllegalStateException} that says what to configure. With Spring Boot, set
 * {@code tempid.web.base-url} (or {@code tempid.web.allowed-hosts}).
 */
public final class LinkBuilder {

	private final @Nullable UriComponents baseUrl;

	private final List<String> allowedHosts;

	/**
	 * @param baseUrl the public base URL ({@code https://example.com} or
	 * {@code https://example.com/app}), or {@code null}
	 * @param allowedHosts hosts a link may be built for from the request when no base URL
	 * is given (host names, compared ignoring case; empty: none)
	 */
	public LinkBuilder(@Nullable URI baseUrl, List<String> allowedHosts) {
		if (baseUrl != null) {
			String scheme = baseUrl.getScheme();
			if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme)) || baseUrl.getHost() == null
					|| baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
				throw new IllegalArgumentException("The public base URL must be an absolute http(s) URL with a host "
						+ "and no query, like https://example.com");
			}
		}
		this.baseUrl = (baseUrl != null) ? UriComponentsBuilder.fromUri(baseUrl).build() : null;
		this.allowedHosts = allowedHosts.stream().map((host) -> host.toLowerCase(Locale.ROOT)).toList();
	}

	/** A builder that only builds links from {@code baseUrl}. */
	public static LinkBuilder forBaseUrl(URI baseUrl) {
		return new LinkBuilder(Objects.requireNonNull(baseUrl, "baseUrl must not be null"), List.of());
	}

	/** The configured public base URL, if any. */
	public @Nullable URI baseUrl() {
		return (this.baseUrl != null) ? this.baseUrl.toUri() : null;
	}

	/** Whether links can be built without a request (a base URL is configured). */
	public boolean hasBaseUrl() {
		return this.baseUrl != null;
	}

	/**
	 * The absolute link to {@code path} (below the base URL) with {@code token} as its
	 * {@code token} query parameter.
	 * @param request the current request, used only when no base URL is configured and its
	 * host is allowed; may be {@code null}
	 * @throws IllegalStateException when no base URL is configured and the request's host is
	 * not explicitly allowed
	 */
	public URI link(String path, String token, @Nullable HttpServletRequest request) {
		return base(request).path(path).queryParam("token", token).encode().build().toUri();
	}

	/** The base to build a link on: the configured base URL, or an allowed request's. */
	public UriComponentsBuilder base(@Nullable HttpServletRequest request) {
		return baseOf((request != null) ? () -> ServletRequests.base(request) : null);
	}

	/**
	 * The base to build a link on, for a request of any web stack: the configured base URL,
	 * or the request's own base (scheme, host, port, context path), which
	 * {@code requestBase} supplies, when its host is allowed.
	 * @param requestBase supplies the request's own base; {@code null} without a request
	 * @throws IllegalStateException when no base URL is configured and the request's host is
	 * not explicitly allowed
	 */
	public UriComponentsBuilder baseOf(@Nullable Supplier<UriComponentsBuilder> requestBase) {
		if (this.baseUrl != null) {
			return UriComponentsBuilder.newInstance().uriComponents(this.baseUrl);
		}
		if (requestBase != null && !this.allowedHosts.isEmpty()) {
			UriComponentsBuilder fromRequest = requestBase.get();
			String host = fromRequest.build().getHost();
			if (host != null && this.allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
				return fromRequest;
			}
			throw new IllegalStateException("Refusing to build a link for a request to a host that is not allowed; "
					+ "links are built only for the allowed hosts (tempid.web.allowed-hosts) or from the public "
					+ "base URL (tempid.web.base-url)");
		}
		throw new IllegalStateException("No public base URL is configured, so no link can be built safely (the "
				+ "request's Host header is chosen by the client): set tempid.web.base-url to the application's "
				+ "public URL, for example https://example.com");
	}

	/**
	 * The servlet calls, apart so that this class loads without the servlet API (a
	 * WebFlux application builds links with it too).
	 */
	private static final class ServletRequests {

		static UriComponentsBuilder base(HttpServletRequest request) {
			return ServletUriComponentsBuilder.fromContextPath(request);
		}

	}

	@Override
	public String toString() {
		return "LinkBuilder[" + ((this.baseUrl != null) ? this.baseUrl.toUriString() : "allowed hosts " + this.allowedHosts)
				+ "]";
	}

}
