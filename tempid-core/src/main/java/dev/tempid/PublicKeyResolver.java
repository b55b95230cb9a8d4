package dev.tempid;

import org.jspecify.annotations.Nullable;

/**
 * Finds a {@code v4.public} verification key that the {@link KeyRing} does not hold, by
 * its PASERK id ({@code k4.pid.…}): for example from a signing service's published keys.
 * Consulted only for an unknown key id, never on the fast path, and its answer must be a
 * key whose {@link PublicKey#id()} is the requested id (anything else is ignored).
 * Implementations cache and rate-limit their look-ups: the id comes from an untrusted
 * token.
 */
@FunctionalInterface
public interface PublicKeyResolver {

	/**
	 * @param keyId a {@code k4.pid.} id from a token's footer, not yet authenticated
	 * @return the key, or {@code null} when it is unknown
	 */
	@Nullable PublicKey resolve(String keyId);

}
