package dev.tempid;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * A token whose tag or signature, lifetime, purpose, issuer, audience and state binding
 * have been checked. Holds the token's claims, never its value. Immutable.
 */
public final class VerifiedToken {

	/** {@link #usesLeft()} of a token without a use limit. */
	public static final int UNLIMITED = Integer.MAX_VALUE;

	/** {@link #usesLeft()} when the store was not asked (a plain verify). */
	public static final int UNKNOWN = -1;

	private final Claims claims;

	private final TokenFormat format;

	private final String keyId;

	private final Clock clock;

	private final int usesLeft;

	VerifiedToken(Claims claims, TokenFormat format, String keyId, Clock clock, int usesLeft) {
		this.claims = claims;
		this.format = format;
		this.keyId = keyId;
		this.clock = clock;
		this.usesLeft = usesLeft;
	}

	VerifiedToken withUsesLeft(int usesLeft) {
		return new VerifiedToken(this.claims, this.format, this.keyId, this.clock, usesLeft);
	}

	Claims claims() {
		return this.claims;
	}

	/**
	 * The subject generation the token carries ({@code gen}), {@code 0} for none: tokens
	 * of single-active purposes and of purposes revocable by subject carry one, and end
	 * when their subject's generation moves past it ({@link TokenService#revokeAll}).
	 */
	public long generation() {
		return this.claims.generation();
	}

	/**
	 * The session id ({@code sid}) the token shares with the other tokens of its session,
	 * or {@code null}: revoking one of them revokes them all.
	 */
	public @Nullable String sessionId() {
		return this.claims.sessionId();
	}

	/** The token id ({@code jti}): random, unique, safe to log. */
	public String id() {
		return this.claims.id();
	}

	public String purpose() {
		return this.claims.purpose();
	}

	public @Nullable String subject() {
		return this.claims.subject();
	}

	public @Nullable String audience() {
		return this.claims.audience();
	}

	public @Nullable String issuer() {
		return this.claims.issuer();
	}

	public Instant issuedAt() {
		return this.claims.issuedAt();
	}

	public Instant expiresAt() {
		return this.claims.expiresAt();
	}

	public @Nullable Instant notBefore() {
		return this.claims.notBefore();
	}

	/** The time left until expiry, by the service's clock; negative once expired. */
	public Duration remaining() {
		return Duration.between(this.clock.instant(), this.claims.expiresAt());
	}

	/** The time left in a human form: {@code "14m 59s"}, {@code "2h 5m"}, {@code "expired"}. */
	public String remainingText() {
		return Durations.format(remaining());
	}

	/** The most uses, {@code 0} for unlimited. */
	public int maxUses() {
		return this.claims.maxUses();
	}

	/**
	 * The uses left after the consume that returned this token; {@link #UNLIMITED} for a
	 * token without limit, {@link #UNKNOWN} after a plain verify.
	 */
	public int usesLeft() {
		return this.usesLeft;
	}

	public List<String> permissions() {
		return this.claims.permissions();
	}

	/** Whether the token grants this permission (its {@code perms} claim holds it). */
	public boolean hasPermission(String permission) {
		return this.claims.permissions().contains(permission);
	}

	/** The application payload ({@code data} claim), empty when there is none. */
	public Map<String, Object> data() {
		return this.claims.data();
	}

	/** Whether the token is bound to application state. */
	public boolean isBound() {
		return this.claims.binding() != null;
	}

	public TokenFormat format() {
		return this.format;
	}

	/** The id of the key that made the token ({@code k4.lid.} or {@code k4.pid.}). */
	public String keyId() {
		return this.keyId;
	}

	/**
	 * One claim, converted to {@code type}: the registered ones by their names
	 * ({@code sub}, {@code aud}, {@code iss}, {@code jti}, {@code pur}, {@code iat},
	 * {@code exp}, {@code nbf}, {@code mu}, {@code perms}), anything else from the
	 * application payload.
	 * @return the value, or {@code null} when the token does not carry it
	 * @throws IllegalArgumentException when the value cannot be converted to {@code type}
	 */
	public <T> @Nullable T claim(String name, Class<T> type) {
		Objects.requireNonNull(type, "type must not be null");
		Object value = switch (name) {
			case "sub" -> subject();
			case "aud" -> audience();
			case "iss" -> issuer();
			case "jti" -> id();
			case "pur" -> purpose();
			case "iat" -> issuedAt();
			case "exp" -> expiresAt();
			case "nbf" -> notBefore();
			case "mu" -> maxUses();
			// registered when present; an application's own payload value of the name otherwise
			case "gen" -> (generation() > 0) ? generation() : this.claims.data().get(name);
			case "sid" -> (sessionId() != null) ? sessionId() : this.claims.data().get(name);
			case "perms" -> permissions();
			default -> this.claims.data().get(name);
		};
		if (value == null) {
			return null;
		}
		if (type.isInstance(value)) {
			return type.cast(value);
		}
		if (value instanceof Integer || value instanceof Long) {
			// JSON integers come back as the smallest that fits: widen or narrow here, without the mapper
			long number = ((Number) value).longValue();
			if (type == Long.class) {
				return type.cast(number);
			}
			if (type == Integer.class && number == (int) number) {
				return type.cast((int) number);
			}
		}
		try {
			return ClaimsCodec.MAPPER.convertValue(value, type);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("claim '" + name + "' cannot be read as " + type.getSimpleName());
		}
	}

	@Override
	public String toString() {
		return "VerifiedToken[id=" + id() + ", purpose=" + purpose() + ", subject=" + subject() + ", expiresAt="
				+ expiresAt() + "]";
	}

}
