package dev.tempid;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A freshly issued token. {@link #toString()} never shows the value.
 *
 * @param value the token text, to hand to the user (in a link, a cookie, a header)
 * @param id the token id ({@code jti}), safe to log
 * @param purpose the token's purpose
 * @param issuedAt when it was issued (whole seconds)
 * @param expiresAt when it expires
 * @param maxUses the most uses, {@code 0} for unlimited
 * @param code the 6-digit login code issued with the token
 * ({@link TokenRequest.Builder#withCode}), or {@code null}: deliver it to the address
 * it was issued for, never log it
 */
public record IssuedToken(String value, String id, String purpose, Instant issuedAt, Instant expiresAt, int maxUses,
		@Nullable String code) {

	public IssuedToken(String value, String id, String purpose, Instant issuedAt, Instant expiresAt, int maxUses) {
		this(value, id, purpose, issuedAt, expiresAt, maxUses, null);
	}

	@Override
	public String toString() {
		return "IssuedToken[id=" + this.id + ", purpose=" + this.purpose + ", expiresAt=" + this.expiresAt
				+ ", maxUses=" + this.maxUses + "]";
	}

}
