package dev.tempid.store;

/**
 * The result of {@link UseStore#consume}.
 *
 * @param outcome whether the use was granted, and why not
 * @param used the number of uses taken after this call (unchanged when denied)
 */
public record Consumption(Outcome outcome, int used) {

	private static final Consumption REVOKED = new Consumption(Outcome.REVOKED, 0);

	public Consumption {
		if (used < 0) {
			throw new IllegalArgumentException("used must not be negative");
		}
	}

	/** A granted use, {@code used} being the count after it. */
	public static Consumption granted(int used) {
		return new Consumption(Outcome.GRANTED, used);
	}

	/** A denial because {@code used} uses, all there were, are taken. */
	public static Consumption usedUp(int used) {
		return new Consumption(Outcome.USED_UP, used);
	}

	/** A denial because the token is revoked. */
	public static Consumption revoked() {
		return REVOKED;
	}

	/** Whether the use was granted. */
	public boolean granted() {
		return this.outcome == Outcome.GRANTED;
	}

	/** What a consume call decided. */
	public enum Outcome {

		/** One use was taken. */
		GRANTED,

		/** Every use had been taken already. */
		USED_UP,

		/** The token was revoked. */
		REVOKED

	}

}
