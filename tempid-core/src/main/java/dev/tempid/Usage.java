package dev.tempid;

/**
 * How much of a token has been used.
 *
 * @param total the most uses, {@code 0} for unlimited
 * @param used the uses taken so far
 * @param revoked whether the token was revoked
 */
public record Usage(int total, int used, boolean revoked) {

	/** Whether the token has no use limit. */
	public boolean unlimited() {
		return this.total == 0;
	}

	/** The uses left: {@code 0} when used up or revoked, {@link Integer#MAX_VALUE} when unlimited. */
	public int left() {
		if (this.revoked) {
			return 0;
		}
		return unlimited() ? Integer.MAX_VALUE : Math.max(0, this.total - this.used);
	}

}
