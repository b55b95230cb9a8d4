package dev.tempid;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What to issue: a purpose and everything a token of it should carry.
 *
 * <pre>{@code
 * TokenRequest request = TokenRequest.forPurpose("password-reset")
 *         .subject("user:42").ttl("15m").maxUses(1)
 *         .claim("email", "alice@example.com")
 *         .bindTo(currentPasswordHash)
 *         .build();
 * }</pre>
 *
 * Immutable; its {@link Builder} is not.
 */
public final class TokenRequest {

	/** The longest purpose, subject, audience or permission, in characters. */
	public static final int MAX_NAME_LENGTH = 256;

	private final String purpose;

	private final @Nullable String subject;

	private final @Nullable String audience;

	private final @Nullable Duration ttl;

	private final @Nullable Instant notBefore;

	private final int maxUses;

	private final List<String> permissions;

	private final Map<String, Object> data;

	private final byte @Nullable [] state;

	private final @Nullable TokenFormat format;

	private final @Nullable Boolean singleActive;

	private final @Nullable Boolean revocableBySubject;

	private final @Nullable String sessionId;

	private final @Nullable String codeAddress;

	private TokenRequest(Builder builder) {
		this.purpose = builder.purpose;
		this.subject = builder.subject;
		this.audience = builder.audience;
		this.ttl = builder.ttl;
		this.notBefore = builder.notBefore;
		this.maxUses = builder.maxUses;
		this.permissions = List.copyOf(builder.permissions);
		this.data = Collections.unmodifiableMap(new LinkedHashMap<>(builder.data));
		this.state = builder.state;
		this.format = builder.format;
		this.singleActive = builder.singleActive;
		this.revocableBySubject = builder.revocableBySubject;
		this.sessionId = builder.sessionId;
		this.codeAddress = builder.codeAddress;
		if (this.subject == null && (Boolean.TRUE.equals(this.singleActive)
				|| Boolean.TRUE.equals(this.revocableBySubject) || this.codeAddress != null)) {
			throw new IllegalArgumentException("a single-active, revocable-by-subject or login-code token needs a subject");
		}
	}

	/** Starts a request for a token of this purpose, for example {@code "password-reset"}. */
	public static Builder forPurpose(String purpose) {
		return new Builder(checkName("purpose", purpose));
	}

	public String purpose() {
		return this.purpose;
	}

	public @Nullable String subject() {
		return this.subject;
	}

	public @Nullable String audience() {
		return this.audience;
	}

	/** The lifetime, or {@code null} for the purpose's or service's default. */
	public @Nullable Duration ttl() {
		return this.ttl;
	}

	public @Nullable Instant notBefore() {
		return this.notBefore;
	}

	/** The most uses, {@code 0} for unlimited, {@code -1} for the purpose's default. */
	public int maxUses() {
		return this.maxUses;
	}

	public List<String> permissions() {
		return this.permissions;
	}

	/** The application payload, the token's {@code data} claim. */
	public Map<String, Object> data() {
		return this.data;
	}

	/** Whether the token is bound to application state. */
	public boolean isBound() {
		return this.state != null;
	}

	byte @Nullable [] state() {
		return this.state;
	}

	/** The format, or {@code null} for the service's default. */
	public @Nullable TokenFormat format() {
		return this.format;
	}

	/** Whether the token ends the earlier ones of its subject and purpose, or {@code null} for the purpose's default. */
	public @Nullable Boolean singleActive() {
		return this.singleActive;
	}

	/** Whether the token carries its subject's generation, or {@code null} for the purpose's default. */
	public @Nullable Boolean revocableBySubject() {
		return this.revocableBySubject;
	}

	/** The session id the token shares with the other tokens of its session, or {@code null}. */
	public @Nullable String sessionId() {
		return this.sessionId;
	}

	/** The address a login code is issued for, or {@code null} for no code. */
	public @Nullable String codeAddress() {
		return this.codeAddress;
	}

	@Override
	public String toString() {
		return "TokenRequest[purpose=" + this.purpose + ", subject=" + this.subject + ", audience=" + this.audience
				+ ", ttl=" + this.ttl + ", maxUses=" + this.maxUses + ", permissions=" + this.permissions + ", claims="
				+ this.data.keySet() + ", bound=" + isBound() + "]";
	}

	static String checkName(String what, @Nullable String value) {
		Objects.requireNonNull(value, () -> what + " must not be null");
		if (value.isBlank()) {
			throw new IllegalArgumentException(what + " must not be blank");
		}
		if (value.length() > MAX_NAME_LENGTH) {
			throw new IllegalArgumentException(what + " must be at most " + MAX_NAME_LENGTH + " characters");
		}
		return value;
	}

	/** Builds a {@link TokenRequest}. Mutable, not thread-safe. */
	public static final class Builder {

		private final String purpose;

		private @Nullable String subject;

		private @Nullable String audience;

		private @Nullable Duration ttl;

		private @Nullable Instant notBefore;

		private int maxUses = -1;

		private List<String> permissions = List.of();

		private final Map<String, Object> data = new LinkedHashMap<>();

		private byte @Nullable [] state;

		private @Nullable TokenFormat format;

		private @Nullable Boolean singleActive;

		private @Nullable Boolean revocableBySubject;

		private @Nullable String sessionId;

		private @Nullable String codeAddress;

		private Builder(String purpose) {
			this.purpose = purpose;
		}

		/** Whom the token speaks for, for example {@code "user:42"}. */
		public Builder subject(String subject) {
			this.subject = checkName("subject", subject);
			return this;
		}

		/** Who the token is for; verifiers check it. Defaults to the purpose's or service's audience. */
		public Builder audience(String audience) {
			this.audience = checkName("audience", audience);
			return this;
		}

		/** How long the token lives. */
		public Builder ttl(Duration ttl) {
			Objects.requireNonNull(ttl, "ttl must not be null");
			if (ttl.isNegative() || ttl.isZero()) {
				throw new IllegalArgumentException("ttl must be positive");
			}
			this.ttl = ttl;
			return this;
		}

		/** How long the token lives: {@code "30s"}, {@code "15m"}, {@code "2h"}, {@code "7d"} or ISO-8601. */
		public Builder ttl(String ttl) {
			return ttl(Durations.parse(ttl));
		}

		/** The token is not valid before this instant. */
		public Builder notBefore(Instant notBefore) {
			this.notBefore = Objects.requireNonNull(notBefore, "notBefore must not be null");
			return this;
		}

		/** The most times the token may be consumed; counted atomically in the use store. */
		public Builder maxUses(int maxUses) {
			if (maxUses < 1) {
				throw new IllegalArgumentException("maxUses must be at least 1 (leave it out for unlimited)");
			}
			this.maxUses = maxUses;
			return this;
		}

		/** No use limit, even where the purpose has a default one. */
		public Builder unlimitedUses() {
			this.maxUses = 0;
			return this;
		}

		/** Permissions the token grants (its {@code perms} claim, authorities in Spring Security). */
		public Builder permissions(String... permissions) {
			return permissions(Arrays.asList(permissions));
		}

		/** Permissions the token grants. */
		public Builder permissions(List<String> permissions) {
			permissions.forEach((permission) -> checkName("permission", permission));
			this.permissions = List.copyOf(permissions);
			return this;
		}

		/**
		 * Adds a value to the token's encrypted application payload ({@code data}):
		 * strings, numbers, booleans, lists and maps of those, or anything JSON can hold.
		 */
		public Builder claim(String name, @Nullable Object value) {
			checkName("claim name", name);
			this.data.put(name, value);
			return this;
		}

		/** Adds every entry to the token's application payload. */
		public Builder claims(Map<String, ?> claims) {
			claims.forEach(this::claim);
			return this;
		}

		/**
		 * Binds the token to application state, for example a hash of the subject's
		 * current password hash: it then verifies only while the verifier supplies the
		 * same fingerprint (see {@link StateResolver}).
		 * <p>
		 * The token carries an unkeyed BLAKE2b digest of the fingerprint, salted by the
		 * token id. A {@code v4.local} token keeps it secret, but anyone holding a
		 * {@code v4.public} token can read it and test guesses offline, so bind public
		 * tokens only to high-entropy state (a password hash, a random version stamp),
		 * never to a counter, an email address or another guessable value.
		 */
		public Builder bindTo(String fingerprint) {
			Objects.requireNonNull(fingerprint, "fingerprint must not be null");
			return bindTo(fingerprint.getBytes(StandardCharsets.UTF_8));
		}

		/** Binds the token to application state given as bytes. */
		public Builder bindTo(byte[] fingerprint) {
			Objects.requireNonNull(fingerprint, "fingerprint must not be null");
			this.state = fingerprint.clone();
			return this;
		}

		/** Issues a {@code v4.public} (signed, readable) or {@code v4.local} (encrypted) token. */
		public Builder format(TokenFormat format) {
			this.format = Objects.requireNonNull(format, "format must not be null");
			return this;
		}

		/**
		 * Makes the token the only live one of its subject and purpose: issuing it ends
		 * every earlier token of the subject and purpose (one store write at issue).
		 * Overrides the purpose's {@link PurposePolicy#singleActive()}. Needs a subject.
		 */
		public Builder singleActive(boolean singleActive) {
			this.singleActive = singleActive;
			return this;
		}

		/**
		 * Makes the token carry its subject's generation, so that
		 * {@link TokenService#revokeAll(String)} ends it (one store write at issue; every
		 * verify then reads the store). Overrides the purpose's
		 * {@link PurposePolicy#revocableBySubject()}. Needs a subject.
		 */
		public Builder revocableBySubject(boolean revocableBySubject) {
			this.revocableBySubject = revocableBySubject;
			return this;
		}

		/**
		 * Puts the token in a session: the tokens of one session ({@code sid}, 1 to 32
		 * base64url characters) share one store entry, so revoking any of them revokes
		 * them all (renewed and stolen copies too).
		 */
		public Builder sessionId(String sessionId) {
			Objects.requireNonNull(sessionId, "sessionId must not be null");
			if (!ClaimsCodec.SESSION_ID.matcher(sessionId).matches()) {
				throw new IllegalArgumentException("a session id is 1 to 32 base64url characters");
			}
			this.sessionId = sessionId;
			return this;
		}

		/**
		 * Issues a 6-digit login code with the token ({@link IssuedToken#code()}), for
		 * the address it will be sent to. The code and the token share one use: whichever
		 * is used first ends both ({@link TokenService#consumeCode}). The store keeps only
		 * a keyed hash of the code; it dies after {@link TokenService#MAX_CODE_TRIES} wrong
		 * tries, and the token with it. Makes the token revocable by subject; needs a
		 * subject. One code lives per subject and purpose: a new one replaces it.
		 */
		public Builder withCode(String address) {
			this.codeAddress = checkName("address", address);
			return this;
		}

		public TokenRequest build() {
			return new TokenRequest(this);
		}

	}

}
