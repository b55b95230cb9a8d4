package dev.tempid.keys;

import java.util.List;

import dev.tempid.KeyRing;
import dev.tempid.PublicKey;
import dev.tempid.SecretKey;

/**
 * The JSON document a signing service publishes:
 * {@code {"keys":[{"kid":"k4.pid.…","paserk":"k4.public.…","active":true}, …]}}.
 *
 * @param keys the public keys, the active signing key first
 */
public record PublishedKeys(List<Key> keys) {

	/** The public keys of a key ring: its active signing key (marked active) and every other accepted one. */
	public static PublishedKeys of(KeyRing ring) {
		SecretKey signing = ring.activeSigningKey();
		String active = (signing != null) ? signing.id() : null;
		return new PublishedKeys(ring.publicKeys().stream()
			.map((key) -> new Key(key.id(), key.toPaserk(), key.id().equals(active)))
			.toList());
	}

	/**
	 * One published key.
	 *
	 * @param kid its PASERK id, the {@code kid} of the tokens it verifies
	 * @param paserk the key as a {@code k4.public.} PASERK
	 * @param active whether it signs new tokens (the others are still accepted)
	 */
	public record Key(String kid, String paserk, boolean active) {

		/** The key, checked against its id. */
		public PublicKey toPublicKey() {
			PublicKey key = PublicKey.fromPaserk(this.paserk);
			if (!key.id().equals(this.kid)) {
				throw new IllegalArgumentException("a published key's kid does not match its PASERK");
			}
			return key;
		}

	}

}
