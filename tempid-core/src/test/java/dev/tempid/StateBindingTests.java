package dev.tempid;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code bnd} claim is a wire format: tokens bound before an upgrade must still
 * verify after it.
 */
class StateBindingTests {

	private static final byte[] STATE = "v1".getBytes(StandardCharsets.UTF_8);

	@Test
	void ofWhenKnownInputThenBlake2b256OfThePaeAsBase64Url() {
		// computed apart from tempid: base64url(BLAKE2b-256(PAE("tempid state binding v1", id, purpose, state)))
		assertThat(StateBinding.of("id-1", "password-reset", STATE)).isEqualTo("vlKkf-ozBgl_7Svw3JJE9D1Xb1TQE20b9Zx2fAh0osU");
	}

	@Test
	void ofWhenAnotherTokenIdThenUnlinkable() {
		assertThat(StateBinding.of("id-2", "password-reset", STATE))
			.isNotEqualTo(StateBinding.of("id-1", "password-reset", STATE));
	}

	@Test
	void matchesWhenIdPurposeOrStateDiffersThenFalse() {
		String binding = StateBinding.of("id-1", "password-reset", STATE);
		assertThat(StateBinding.matches(binding, "id-1", "password-reset", STATE)).isTrue();
		assertThat(StateBinding.matches(binding, "id-2", "password-reset", STATE)).isFalse();
		assertThat(StateBinding.matches(binding, "id-1", "email-change", STATE)).isFalse();
		assertThat(StateBinding.matches(binding, "id-1", "password-reset", "v2".getBytes(StandardCharsets.UTF_8)))
			.isFalse();
	}

}
