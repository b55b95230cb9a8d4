package dev.tempid;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** The claims of a token, as read from or written to its payload. */
record Claims(@Nullable String issuer, @Nullable String subject, @Nullable String audience, String id,
		Instant issuedAt, Instant expiresAt, @Nullable Instant notBefore, String purpose, int maxUses,
		List<String> permissions, Map<String, Object> data, @Nullable String binding, long generation,
		@Nullable String sessionId) {

	Claims(@Nullable String issuer, @Nullable String subject, @Nullable String audience, String id, Instant issuedAt,
			Instant expiresAt, @Nullable Instant notBefore, String purpose, int maxUses, List<String> permissions,
			Map<String, Object> data, @Nullable String binding) {
		this(issuer, subject, audience, id, issuedAt, expiresAt, notBefore, purpose, maxUses, permissions, data,
				binding, 0, null);
	}

	@Override
	public String toString() {
		return "Claims[id=" + this.id + ", purpose=" + this.purpose + "]";
	}

}
