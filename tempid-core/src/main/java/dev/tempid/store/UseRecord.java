package dev.tempid.store;

/**
 * What a store holds of one token, as {@link UseStore#usage} reads it.
 *
 * @param used the uses taken so far
 * @param revoked whether the token was revoked (or retired by a refresh)
 */
public record UseRecord(int used, boolean revoked) {

	/** The record of a token the store has never seen, or has forgotten after it expired. */
	public static final UseRecord UNSEEN = new UseRecord(0, false);

	public UseRecord {
		if (used < 0) {
			throw new IllegalArgumentException("used must not be negative");
		}
	}

}
