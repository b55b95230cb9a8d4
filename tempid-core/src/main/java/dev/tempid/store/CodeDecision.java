package dev.tempid.store;

/**
 * What one atomic {@link UseStore#useCode} step decided.
 *
 * @param outcome what happened
 * @param triesLeft the wrong tries the code has left afterwards
 * @param used after a granted step, the uses the token has taken, this one included
 */
public record CodeDecision(Outcome outcome, int triesLeft, int used) {

	public CodeDecision {
		if (outcome == null) {
			throw new IllegalArgumentException("outcome must not be null");
		}
		if (triesLeft < 0 || used < 0) {
			throw new IllegalArgumentException("triesLeft and used must not be negative");
		}
	}

	/** What a code step decided. */
	public enum Outcome {

		/** The code matched, and its token's use was taken. */
		GRANTED,

		/** The code did not match; one try was spent (the last one ends the token too). */
		WRONG,

		/** No code is held for the subject and purpose (never issued, replaced or expired). */
		NONE,

		/** Every try was spent: the code and its token are dead. */
		EXHAUSTED,

		/** The code matched, but its token was used already (by its link). */
		USED_UP,

		/** The code matched, but its token was revoked or superseded. */
		REVOKED

	}

}
