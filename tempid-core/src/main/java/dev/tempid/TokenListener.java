package dev.tempid;

/**
 * Hears of every operation of a {@link TokenService}: issued, verified, consumed,
 * released, revoked, refreshed, and every rejection with its {@link Reason} (an expired
 * token arrives as a rejection with {@link Reason#EXPIRED}).
 *
 * <p>Called on the caller's thread, after the operation. A listener that throws is
 * logged nowhere and changes nothing: its exception is swallowed so that observing can
 * never break a token flow. Keep listeners fast.
 */
@FunctionalInterface
public interface TokenListener {

	void onEvent(TokenEvent event);

}
