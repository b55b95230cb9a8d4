package dev.tempid;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Defaults for the tokens of one purpose, applied where a {@link TokenRequest} or an
 * {@link Expectation} leaves them out.
 *
 * @param ttl how long tokens of this purpose live, or {@code null} for the service default
 * @param maxUses how many times they may be consumed; {@code 0} is unlimited
 * @param audience the audience they are issued for and checked against, or {@code null}
 * for the service default
 * @param stateResolver the current state that tokens of this purpose are bound to, or
 * {@code null}; when set, every token of the purpose must be bound
 * @param singleActive whether a new token of a subject ends the earlier ones of the same
 * subject and purpose (supersede; one store write per issue)
 * @param revocableBySubject whether tokens carry their subject's generation, so that
 * {@link TokenService#revokeAll} ends them (one store write per issue, and every verify
 * reads the store); implied by {@code singleActive}
 */
public record PurposePolicy(@Nullable Duration ttl, int maxUses, @Nullable String audience,
		@Nullable StateResolver stateResolver, boolean singleActive, boolean revocableBySubject) {

	/** No defaults: the service's apply. */
	public static final PurposePolicy NONE = new PurposePolicy(null, 0, null, null);

	public PurposePolicy(@Nullable Duration ttl, int maxUses, @Nullable String audience,
			@Nullable StateResolver stateResolver) {
		this(ttl, maxUses, audience, stateResolver, false, false);
	}

	public PurposePolicy {
		if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
			throw new IllegalArgumentException("a purpose's ttl must be positive");
		}
		if (maxUses < 0) {
			throw new IllegalArgumentException("a purpose's maxUses must be 0 (unlimited) or more");
		}
	}

	public PurposePolicy withTtl(@Nullable Duration ttl) {
		return new PurposePolicy(ttl, this.maxUses, this.audience, this.stateResolver, this.singleActive,
				this.revocableBySubject);
	}

	public PurposePolicy withMaxUses(int maxUses) {
		return new PurposePolicy(this.ttl, maxUses, this.audience, this.stateResolver, this.singleActive,
				this.revocableBySubject);
	}

	public PurposePolicy withAudience(@Nullable String audience) {
		return new PurposePolicy(this.ttl, this.maxUses, audience, this.stateResolver, this.singleActive,
				this.revocableBySubject);
	}

	public PurposePolicy withStateResolver(StateResolver stateResolver) {
		return new PurposePolicy(this.ttl, this.maxUses, this.audience,
				Objects.requireNonNull(stateResolver, "stateResolver must not be null"), this.singleActive,
				this.revocableBySubject);
	}

	/** This policy with a new token of a subject ending the earlier ones of the purpose. */
	public PurposePolicy withSingleActive(boolean singleActive) {
		return new PurposePolicy(this.ttl, this.maxUses, this.audience, this.stateResolver, singleActive,
				this.revocableBySubject);
	}

	/** This policy with tokens that {@link TokenService#revokeAll} ends. */
	public PurposePolicy withRevocableBySubject(boolean revocableBySubject) {
		return new PurposePolicy(this.ttl, this.maxUses, this.audience, this.stateResolver, this.singleActive,
				revocableBySubject);
	}

}
