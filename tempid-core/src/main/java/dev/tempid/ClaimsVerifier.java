package dev.tempid;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The claim checks of a {@link TokenService}, on a token whose tag or signature
 * {@link TokenCodec} has checked: its lifetime (with leeway), then against an
 * {@link Expectation} its purpose, issuer, audience and state binding. Also the one
 * place that applies a purpose's {@link PurposePolicy} and the service's audience
 * defaults. Thread-safe and immutable.
 */
final class ClaimsVerifier {

	private final @Nullable String issuer;

	private final @Nullable String audience;

	private final Duration leeway;

	private final Map<String, PurposePolicy> purposes;

	ClaimsVerifier(@Nullable String issuer, @Nullable String audience, Duration leeway,
			Map<String, PurposePolicy> purposes) {
		this.issuer = issuer;
		this.audience = audience;
		this.leeway = leeway;
		this.purposes = purposes;
	}

	/** The policy of a purpose, {@link PurposePolicy#NONE} when none is configured. */
	PurposePolicy policy(String purpose) {
		PurposePolicy policy = this.purposes.get(purpose);
		return (policy != null) ? policy : PurposePolicy.NONE;
	}

	/** The audience asked for, else the purpose's, else the service's. */
	@Nullable String audience(@Nullable String requested, PurposePolicy policy) {
		return (requested != null) ? requested : (policy.audience() != null) ? policy.audience() : this.audience;
	}

	/**
	 * Checks the lifetime: not expired, not before its {@code nbf}, not issued in the
	 * future, each with the leeway.
	 */
	void checkLifetime(Claims claims, Instant now) {
		String id = claims.id();
		if (now.isAfter(claims.expiresAt().plus(this.leeway))) {
			throw new TokenExpiredException("the token expired at " + claims.expiresAt(), id);
		}
		Instant notBefore = claims.notBefore();
		if (notBefore != null && now.plus(this.leeway).isBefore(notBefore)) {
			throw new TokenNotYetValidException("the token is not valid before " + notBefore, id);
		}
		if (now.plus(this.leeway).isBefore(claims.issuedAt())) {
			throw new TokenNotYetValidException("the token was issued in the future (" + claims.issuedAt() + ")", id);
		}
	}

	/**
	 * Checks purpose, issuer, audience and state binding.
	 * @param verified the token, for the purpose's {@link StateResolver}
	 * @return the state the token is bound to, or {@code null} for an unbound token
	 */
	byte @Nullable [] checkExpectation(VerifiedToken verified, Expectation expectation) {
		Claims claims = verified.claims();
		String id = claims.id();
		String purpose = expectation.purpose();
		if (!purpose.equals(claims.purpose())) {
			throw new WrongPurposeException("the token was issued for another purpose than '" + purpose + "'", id);
		}
		if (this.issuer != null && !this.issuer.equals(claims.issuer())) {
			throw new WrongIssuerException("the token was not issued by '" + this.issuer + "'", id);
		}
		PurposePolicy policy = policy(purpose);
		String audience = audience(expectation.audience(), policy);
		if (!Objects.equals(audience, claims.audience())) {
			throw new WrongAudienceException((audience != null) ? "the token is not for audience '" + audience + "'"
					: "the token is for an audience and this verifier expects none", id);
		}
		return checkBinding(verified, claims, purpose, expectation.state(), policy.stateResolver());
	}

	private static byte @Nullable [] checkBinding(VerifiedToken verified, Claims claims, String purpose,
			byte @Nullable [] state, @Nullable StateResolver resolver) {
		String id = claims.id();
		if (state == null && resolver != null) {
			String current = resolver.currentState(verified);
			if (current == null) {
				throw new StateChangedException("the state the token was bound to no longer exists", id);
			}
			state = current.getBytes(StandardCharsets.UTF_8);
		}
		String binding = claims.binding();
		if (state != null) {
			if (binding == null) {
				throw new StateChangedException("the token is not bound to application state, and must be", id);
			}
			if (!StateBinding.matches(binding, id, purpose, state)) {
				throw new StateChangedException("the state the token was bound to has changed", id);
			}
		}
		else if (binding != null) {
			throw new StateChangedException("the token is bound to application state, and no state was given for "
					+ "purpose '" + purpose + "'", id);
		}
		return state;
	}

}
