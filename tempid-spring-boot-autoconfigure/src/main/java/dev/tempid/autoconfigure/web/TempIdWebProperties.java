package dev.tempid.autoconfigure.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of tempid's Spring MVC integration.
 */
@ConfigurationProperties("tempid.web")
public class TempIdWebProperties {

	/**
	 * Largest JSON request body that is cached so that @ConsumesToken can read its token
	 * from a body property. Larger bodies pass through, but carry no token.
	 */
	private DataSize maxJsonBodySize = DataSize.ofKilobytes(64);

	/**
	 * Whether refused tokens escaping a controller are answered with RFC 9457 problem
	 * details (400, 401, 410 or 503) by the auto-configured exception handler.
	 */
	private boolean problemDetails = true;

	/**
	 * Public base URL of the application, for example https://example.com. Every link that
	 * carries a token (magic links, reset and verification links built with the LinkBuilder)
	 * is built from it, never from the request's Host or X-Forwarded-Host header.
	 */
	private @Nullable URI baseUrl;

	/**
	 * Hosts a link may be built for from the request's own host when no base URL is set
	 * (for an application served under several names). Empty: links need the base URL.
	 */
	private List<String> allowedHosts = new ArrayList<>();

	public @Nullable URI getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable URI baseUrl) {
		this.baseUrl = baseUrl;
	}

	public List<String> getAllowedHosts() {
		return this.allowedHosts;
	}

	public void setAllowedHosts(List<String> allowedHosts) {
		this.allowedHosts = allowedHosts;
	}

	public DataSize getMaxJsonBodySize() {
		return this.maxJsonBodySize;
	}

	public void setMaxJsonBodySize(DataSize maxJsonBodySize) {
		this.maxJsonBodySize = maxJsonBodySize;
	}

	public boolean isProblemDetails() {
		return this.problemDetails;
	}

	public void setProblemDetails(boolean problemDetails) {
		this.problemDetails = problemDetails;
	}

}
