package dev.tempid.security;

import java.net.URI;
import java.time.Instant;

/**
 * A magic login link, ready to be sent. {@link #toString()} hides the link: it is a
 * credential.
 * @param uri the absolute link, {@code https://host/login/magic?token=...}
 * @param tokenId the token's id, for logs and audits
 * @param expiresAt when the link stops working
 */
public record MagicLink(URI uri, String tokenId, Instant expiresAt) {

	@Override
	public String toString() {
		return "MagicLink[tokenId=" + this.tokenId + ", expiresAt=" + this.expiresAt + "]";
	}

}
