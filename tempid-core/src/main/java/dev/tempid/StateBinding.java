package dev.tempid;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import dev.tempid.paseto.Base64Url;
import dev.tempid.paseto.Pae;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * The {@code bnd} claim that binds a token to application state: BLAKE2b-256 of the
 * state under the token id and purpose, so that bindings are unlinkable across tokens.
 */
final class StateBinding {

	private static final byte[] INFO = "tempid state binding v1".getBytes(StandardCharsets.US_ASCII);

	private StateBinding() {
	}

	/** The binding of a token to a state, as base64url text. */
	static String of(String id, String purpose, byte[] state) {
		byte[] message = Pae.encode(INFO, id.getBytes(StandardCharsets.US_ASCII),
				purpose.getBytes(StandardCharsets.UTF_8), state);
		Blake2bDigest digest = new Blake2bDigest(256);
		digest.update(message, 0, message.length);
		byte[] out = new byte[32];
		digest.doFinal(out, 0);
		return Base64Url.encode(out);
	}

	/** Whether a token's binding is the one of this state, compared in constant time. */
	static boolean matches(String binding, String id, String purpose, byte[] state) {
		byte[] expected = of(id, purpose, state).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, binding.getBytes(StandardCharsets.US_ASCII));
	}

}
