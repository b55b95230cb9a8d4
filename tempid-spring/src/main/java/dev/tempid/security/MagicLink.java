package dev.tempid.security;

import java.net.URI;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A magic login link, ready to be sent. {@link #toString()} hides the link and the code:
 * both are credentials.
 * @param uri the absolute link, {@code https://host/login/magic?token=...}
 * @param tokenId the token's id, for logs and audits
 * @param expiresAt when the link stops working
 * @param code the 6-digit login code that shares the link's single use
 * ({@link MagicLinkGenerator#generateWithCode}), or {@code null}: send it with the link to
 * the address it was issued for, never log it
 */
public record MagicLink(URI uri, String tokenId, Instant expiresAt, @Nullable String code) {

	/** A link without a login code. */
	public MagicLink(URI uri, String tokenId, Instant expiresAt) {
		this(uri, tokenId, expiresAt, null);
	}

	@Override
	public String toString() {
		return "MagicLink[tokenId=" + this.tokenId + ", expiresAt=" + this.expiresAt
				+ ((this.code != null) ? ", code=…" : "") + "]";
	}

}
