package dev.tempid.store;

/**
 * What one atomic store step decided: the answer of {@link UseStore#consume} and
 * {@link UseStore#retire}. Not to be confused with {@link UseRecord}, what the store
 * holds of a token, or {@link dev.tempid.Usage}, the public view of a token's uses.
 *
 * @param outcome whether the step was granted, and why not
 * @param used the uses taken: after a granted consume, the count including it; after a
 * granted retire, the count at the moment the token ended; when denied, the count found
 */
public record UseDecision(Outcome outcome, int used) {

	private static final UseDecision REVOKED = new UseDecision(Outcome.REVOKED, 0);

	public UseDecision {
		if (outcome == null) {
			throw new IllegalArgumentException("outcome must not be null");
		}
		if (used < 0) {
			throw new IllegalArgumentException("used must not be negative");
		}
	}

	/** A granted step, {@code used} being the count after it. */
	public static UseDecision granted(int used) {
		return new UseDecision(Outcome.GRANTED, used);
	}

	/** A denial because {@code used} uses, all there were, are taken. */
	public static UseDecision usedUp(int used) {
		return new UseDecision(Outcome.USED_UP, used);
	}

	/** A denial because the token is revoked (or was retired by a refresh). */
	public static UseDecision revoked() {
		return REVOKED;
	}

	/** Whether the step was granted. */
	public boolean granted() {
		return this.outcome == Outcome.GRANTED;
	}

	/** What a store step decided. */
	public enum Outcome {

		/** Granted: one use was taken, or the token was retired by this call. */
		GRANTED,

		/** Denied: every use had been taken already. */
		USED_UP,

		/** Denied: the token was revoked, or retired by an earlier refresh. */
		REVOKED

	}

}
