package dev.tempid;

import org.jspecify.annotations.Nullable;

/**
 * Finds a {@code v4.public} verification key that the {@link KeyRing} does not hold, by
 * its PASERK id ({@code k4.pid.…}): for example from a signing service's published keys.
 * Consulted only for key ids the ring does not hold, and then on every verification of a
 * token signed by such a key: the resolver decides how long a key stays trusted (a key it
 * no longer answers stops verifying at once). Its answer must be a key whose
 * {@link PublicKey#id()} is the requested id (anything else is ignored). Implementations
 * cache (with an expiry) and rate-limit their look-ups: the id comes from an untrusted
 * token, and the call is on the verification path.
 */
@FunctionalInterface
public interface PublicKeyResolver {

	/**
	 * @param keyId a {@code k4.pid.} id from a token's footer, not yet authenticated
	 * @return the key, or {@code null} when it is unknown
	 */
	@Nullable PublicKey resolve(String keyId);

}
