package dev.tempid;

import org.jspecify.annotations.Nullable;

/**
 * Supplies the current state fingerprint that tokens of one purpose are bound to, for
 * example a hash of the subject's current password hash. A token issued with
 * {@link TokenRequest.Builder#bindTo(String)} verifies only while this returns the same
 * fingerprint; once the state changes, every token bound to the old state fails with
 * {@link Reason#STATE_CHANGED}, with no storage.
 */
@FunctionalInterface
public interface StateResolver {

	/**
	 * The current fingerprint for the token's subject.
	 * @param token the token, already authenticated and checked for expiry and purpose
	 * @return the fingerprint, or {@code null} when the subject no longer exists (the
	 * token then fails with {@link Reason#STATE_CHANGED})
	 */
	@Nullable String currentState(VerifiedToken token);

}
