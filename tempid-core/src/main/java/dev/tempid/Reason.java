package dev.tempid;

/**
 * Why a token was refused. Metrics, logs and HTTP statuses key on it.
 */
public enum Reason {

	/** The text is not a tempid token: wrong version, bad encoding, bad claims, too long. */
	MALFORMED,

	/** The tag or signature does not check: the token was altered or made with another key. */
	BAD_SIGNATURE,

	/** The token names a key id that this service does not hold. */
	UNKNOWN_KEY,

	/** The token's expiry, plus leeway, has passed. */
	EXPIRED,

	/** The token's not-before time (or issue time), minus leeway, is still ahead. */
	NOT_YET_VALID,

	/** The token was issued for another purpose. */
	WRONG_PURPOSE,

	/** The token was issued for another audience. */
	WRONG_AUDIENCE,

	/** The token was issued by another issuer. */
	WRONG_ISSUER,

	/** Every use the token allowed has been taken. */
	USED_UP,

	/** The token was revoked. */
	REVOKED,

	/** The application state the token was bound to has changed. */
	STATE_CHANGED,

	/** The application payload is larger than the configured limit. */
	PAYLOAD_TOO_LARGE,

	/** The use store could not be reached; consuming fails closed. */
	STORE_UNAVAILABLE,

	/**
	 * A login code does not match the one issued for the subject, purpose and address (or
	 * none is held). After {@link TokenService#MAX_CODE_TRIES} of them the code and its
	 * token are dead ({@link #REVOKED}).
	 */
	WRONG_CODE,

	/** A purpose's issue limit for the subject is reached; retry after the window ends. */
	TOO_MANY_ISSUED

}
