package dev.tempid;

import java.time.Instant;

/**
 * A freshly issued token. {@link #toString()} never shows the value.
 *
 * @param value the token text, to hand to the user (in a link, a cookie, a header)
 * @param id the token id ({@code jti}), safe to log
 * @param purpose the token's purpose
 * @param issuedAt when it was issued (whole seconds)
 * @param expiresAt when it expires
 * @param maxUses the most uses, {@code 0} for unlimited
 */
public record IssuedToken(String value, String id, String purpose, Instant issuedAt, Instant expiresAt, int maxUses) {

	@Override
	public String toString() {
		return "IssuedToken[id=" + this.id + ", purpose=" + this.purpose + ", expiresAt=" + this.expiresAt
				+ ", maxUses=" + this.maxUses + "]";
	}

}
