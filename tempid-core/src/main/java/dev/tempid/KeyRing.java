package dev.tempid;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The keys of a {@link TokenService}: at most one active {@link LocalKey} that
 * encrypts new {@code v4.local} tokens, at most one active {@link SecretKey} that signs
 * new {@code v4.public} tokens, and any number of older keys that only verify. Tokens
 * name their key by id ({@code kid}), so rotating keys never breaks a live token: make
 * the new key active and keep the old one in the ring until its last token expires.
 *
 * <pre>{@code
 * KeyRing ring = KeyRing.of(newKey, oldKey);                 // v4.local
 * KeyRing signing = KeyRing.of(newSigningKey, oldPublicKey); // v4.public
 * KeyRing both = ring.and(signing);
 * }</pre>
 *
 * Immutable.
 */
public final class KeyRing {

	private static final KeyRing EMPTY = new KeyRing(null, Map.of(), null, Map.of());

	private final @Nullable LocalKey activeLocal;

	private final Map<String, LocalKey> localKeys;

	private final @Nullable SecretKey activeSigning;

	private final Map<String, PublicKey> publicKeys;

	private KeyRing(@Nullable LocalKey activeLocal, Map<String, LocalKey> localKeys, @Nullable SecretKey activeSigning,
			Map<String, PublicKey> publicKeys) {
		this.activeLocal = activeLocal;
		this.localKeys = localKeys;
		this.activeSigning = activeSigning;
		this.publicKeys = publicKeys;
	}

	/** A ring that encrypts with {@code active} and also decrypts tokens of the {@code older} keys. */
	public static KeyRing of(LocalKey active, LocalKey... older) {
		Objects.requireNonNull(active, "active key must not be null");
		Map<String, LocalKey> keys = new LinkedHashMap<>();
		keys.put(active.id(), active);
		for (LocalKey key : older) {
			keys.putIfAbsent(Objects.requireNonNull(key, "older keys must not be null").id(), key);
		}
		return new KeyRing(active, Collections.unmodifiableMap(keys), null, Map.of());
	}

	/** A ring that signs with {@code active} and also verifies tokens of the {@code older} public keys. */
	public static KeyRing of(SecretKey active, PublicKey... older) {
		Objects.requireNonNull(active, "active key must not be null");
		Map<String, PublicKey> keys = new LinkedHashMap<>();
		keys.put(active.id(), active.publicKey());
		for (PublicKey key : older) {
			keys.putIfAbsent(Objects.requireNonNull(key, "older keys must not be null").id(), key);
		}
		return new KeyRing(null, Map.of(), active, Collections.unmodifiableMap(keys));
	}

	/** A ring that only verifies {@code v4.public} tokens, for services that hold no signing key. */
	public static KeyRing verifyOnly(PublicKey... keys) {
		Map<String, PublicKey> map = new LinkedHashMap<>();
		for (PublicKey key : keys) {
			map.putIfAbsent(Objects.requireNonNull(key, "keys must not be null").id(), key);
		}
		return new KeyRing(null, Map.of(), null, Collections.unmodifiableMap(map));
	}

	/** An empty ring. */
	public static KeyRing empty() {
		return EMPTY;
	}

	/**
	 * This ring joined with another: the other's active keys win where both have one.
	 */
	public KeyRing and(KeyRing other) {
		Map<String, LocalKey> locals = new LinkedHashMap<>();
		LocalKey local = (other.activeLocal != null) ? other.activeLocal : this.activeLocal;
		if (local != null) {
			locals.put(local.id(), local);
		}
		this.localKeys.values().forEach((key) -> locals.putIfAbsent(key.id(), key));
		other.localKeys.values().forEach((key) -> locals.putIfAbsent(key.id(), key));
		Map<String, PublicKey> publics = new LinkedHashMap<>();
		SecretKey signing = (other.activeSigning != null) ? other.activeSigning : this.activeSigning;
		if (signing != null) {
			publics.put(signing.id(), signing.publicKey());
		}
		this.publicKeys.values().forEach((key) -> publics.putIfAbsent(key.id(), key));
		other.publicKeys.values().forEach((key) -> publics.putIfAbsent(key.id(), key));
		return new KeyRing(local, Collections.unmodifiableMap(locals), signing, Collections.unmodifiableMap(publics));
	}

	/** The key that encrypts new {@code v4.local} tokens, or {@code null}. */
	public @Nullable LocalKey activeLocalKey() {
		return this.activeLocal;
	}

	/** The key that signs new {@code v4.public} tokens, or {@code null}. */
	public @Nullable SecretKey activeSigningKey() {
		return this.activeSigning;
	}

	/** Every local key, the active one first. */
	public List<LocalKey> localKeys() {
		return List.copyOf(this.localKeys.values());
	}

	/** Every public key that verifies, the active signing key's first. */
	public List<PublicKey> publicKeys() {
		return List.copyOf(this.publicKeys.values());
	}

	/** The ids of every key in the ring, active ones first. */
	public List<String> keyIds() {
		List<String> ids = new ArrayList<>(this.localKeys.keySet());
		ids.addAll(this.publicKeys.keySet());
		return ids;
	}

	/** Whether the ring holds no key at all. */
	public boolean isEmpty() {
		return this.localKeys.isEmpty() && this.publicKeys.isEmpty();
	}

	@Override
	public String toString() {
		return "KeyRing[local=" + this.localKeys.keySet() + ", public=" + this.publicKeys.keySet() + "]";
	}

}
