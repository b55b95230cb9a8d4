package dev.tempid.web.server;

import java.net.URI;
import java.util.List;
import java.util.Objects;

import dev.tempid.web.LinkBuilder;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The {@link LinkBuilder} of a WebFlux application, with the same rule: links that carry
 * tokens are built from the configured public base URL, never from the request's
 * {@code Host} or {@code X-Forwarded-Host} header; with no base URL, from the request
 * only when its host is explicitly allowed. With Spring Boot, set
 * {@code tempid.web.base-url} (or {@code tempid.web.allowed-hosts}).
 */
public final class ServerLinkBuilder {

	private final LinkBuilder links;

	/**
	 * @param baseUrl the public base URL ({@code https://example.com} or
	 * {@code https://example.com/app}), or {@code null}
	 * @param allowedHosts hosts a link may be built for from the request when no base URL
	 * is given (host names, compared ignoring case; empty: none)
	 * @throws IllegalArgumentException when the base URL is not an absolute http(s) URL
	 * with a host and no query
	 */
	public ServerLinkBuilder(@Nullable URI baseUrl, List<String> allowedHosts) {
		this.links = new LinkBuilder(baseUrl, allowedHosts);
	}

	/** A builder that only builds links from {@code baseUrl}. */
	public static ServerLinkBuilder forBaseUrl(URI baseUrl) {
		return new ServerLinkBuilder(Objects.requireNonNull(baseUrl, "baseUrl must not be null"), List.of());
	}

	/** The configured public base URL, if any. */
	public @Nullable URI baseUrl() {
		return this.links.baseUrl();
	}

	/** Whether links can be built without a request (a base URL is configured). */
	public boolean hasBaseUrl() {
		return this.links.hasBaseUrl();
	}

	/**
	 * The absolute link to {@code path} (below the base URL) with {@code token} as its
	 * {@code token} query parameter.
	 * @param request the current request, used only when no base URL is configured and its
	 * host is allowed; may be {@code null}
	 * @throws IllegalStateException when no base URL is configured and the request's host is
	 * not explicitly allowed
	 */
	public URI link(String path, String token, @Nullable ServerHttpRequest request) {
		return base(request).path(path).queryParam("token", token).encode().build().toUri();
	}

	/** The base to build a link on: the configured base URL, or an allowed request's. */
	public UriComponentsBuilder base(@Nullable ServerHttpRequest request) {
		return this.links.baseOf((request != null) ? () -> UriComponentsBuilder.fromUri(request.getURI())
			.replacePath(request.getPath().contextPath().value())
			.replaceQuery(null)
			.fragment(null) : null);
	}

	@Override
	public String toString() {
		return "Server" + this.links;
	}

}
