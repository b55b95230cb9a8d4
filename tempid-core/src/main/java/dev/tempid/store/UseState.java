package dev.tempid.store;

/**
 * What a store knows of one token.
 *
 * @param used the uses taken so far
 * @param revoked whether the token was revoked
 */
public record UseState(int used, boolean revoked) {

	/** The state of a token the store has never seen. */
	public static final UseState UNSEEN = new UseState(0, false);

	public UseState {
		if (used < 0) {
			throw new IllegalArgumentException("used must not be negative");
		}
	}

}
