package dev.tempid;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class TokenRequestTests {

	@Test
	void buildWhenNothingButThePurposeThenEverythingElseIsLeftToTheDefaults() {
		TokenRequest request = TokenRequest.forPurpose("reset").build();
		assertThat(request.purpose()).isEqualTo("reset");
		assertThat(request.subject()).isNull();
		assertThat(request.audience()).isNull();
		assertThat(request.ttl()).isNull();
		assertThat(request.notBefore()).isNull();
		assertThat(request.maxUses()).isEqualTo(-1);
		assertThat(request.permissions()).isEmpty();
		assertThat(request.data()).isEmpty();
		assertThat(request.isBound()).isFalse();
		assertThat(request.format()).isNull();
	}

	@Test
	void buildWhenEverythingIsSetThenTheRequestCarriesIt() {
		Instant notBefore = Instant.parse("2026-01-01T00:00:00Z");
		TokenRequest request = TokenRequest.forPurpose("invite")
			.subject("user:42")
			.audience("web")
			.ttl("2h")
			.notBefore(notBefore)
			.maxUses(3)
			.permissions(List.of("read", "write"))
			.claim("email", "a@example.com")
			.claims(Map.of("team", "blue"))
			.bindTo("hash")
			.format(TokenFormat.PUBLIC)
			.build();
		assertThat(request.subject()).isEqualTo("user:42");
		assertThat(request.audience()).isEqualTo("web");
		assertThat(request.ttl()).isEqualTo(Duration.ofHours(2));
		assertThat(request.notBefore()).isEqualTo(notBefore);
		assertThat(request.maxUses()).isEqualTo(3);
		assertThat(request.permissions()).containsExactly("read", "write");
		assertThat(request.data()).containsExactly(Map.entry("email", "a@example.com"), Map.entry("team", "blue"));
		assertThat(request.isBound()).isTrue();
		assertThat(request.state()).isEqualTo("hash".getBytes(StandardCharsets.UTF_8));
		assertThat(request.format()).isEqualTo(TokenFormat.PUBLIC);
	}

	@Test
	void unlimitedUsesWhenSetAfterALimitThenZero() {
		assertThat(TokenRequest.forPurpose("p").maxUses(2).unlimitedUses().build().maxUses()).isZero();
		assertThat(TokenRequest.forPurpose("p").maxUses(1).build().maxUses()).isEqualTo(1);
	}

	@Test
	void buildWhenTheBuilderChangesLaterThenTheRequestDoesNot() {
		List<String> permissions = new ArrayList<>(List.of("read"));
		Map<String, Object> claims = new LinkedHashMap<>(Map.of("a", 1));
		byte[] state = "hash".getBytes(StandardCharsets.UTF_8);
		TokenRequest.Builder builder = TokenRequest.forPurpose("p").permissions(permissions).claims(claims).bindTo(state);
		TokenRequest request = builder.build();
		permissions.add("write");
		state[0] = 'X';
		builder.claim("b", 2);
		assertThat(request.permissions()).containsExactly("read").isUnmodifiable();
		assertThat(request.data()).containsOnlyKeys("a");
		assertThat(request.state()).isEqualTo("hash".getBytes(StandardCharsets.UTF_8));
		assertThat(builder.build().data()).containsOnlyKeys("a", "b");
	}

	@Test
	void namesWhenBlankOrTooLongThenRefusedNamingWhatIsWrong() {
		String longest = "x".repeat(TokenRequest.MAX_NAME_LENGTH);
		assertThat(TokenRequest.forPurpose(longest).subject(longest).audience(longest).permissions(longest).build()
			.subject()).hasSize(256);
		assertThatIllegalArgumentException().isThrownBy(() -> TokenRequest.forPurpose(longest + "x"))
			.withMessage("purpose must be at most 256 characters");
		assertThatIllegalArgumentException().isThrownBy(() -> TokenRequest.forPurpose("p").subject(" "))
			.withMessage("subject must not be blank");
		assertThatIllegalArgumentException().isThrownBy(() -> TokenRequest.forPurpose("p").audience(""))
			.withMessage("audience must not be blank");
		assertThatIllegalArgumentException().isThrownBy(() -> TokenRequest.forPurpose("p").permissions("read", "\t"))
			.withMessage("permission must not be blank");
		assertThatIllegalArgumentException().isThrownBy(() -> TokenRequest.forPurpose("p").claim(" ", 1))
			.withMessage("claim name must not be blank");
		assertThatNullPointerException().isThrownBy(() -> TokenRequest.forPurpose(null))
			.withMessage("purpose must not be null");
	}

	@Test
	void settingsWhenOutOfRangeThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> TokenRequest.forPurpose("p").ttl(Duration.ZERO))
			.withMessage("ttl must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> TokenRequest.forPurpose("p").ttl(Duration.ofSeconds(-1)))
			.withMessage("ttl must be positive");
		assertThat(TokenRequest.forPurpose("p").ttl(Duration.ofNanos(1)).build().ttl()).isEqualTo(Duration.ofNanos(1));
		assertThatIllegalArgumentException().isThrownBy(() -> TokenRequest.forPurpose("p").maxUses(0))
			.withMessageStartingWith("maxUses must be at least 1");
		assertThatNullPointerException().isThrownBy(() -> TokenRequest.forPurpose("p").ttl((Duration) null))
			.withMessage("ttl must not be null");
		assertThatNullPointerException().isThrownBy(() -> TokenRequest.forPurpose("p").notBefore(null))
			.withMessage("notBefore must not be null");
		assertThatNullPointerException().isThrownBy(() -> TokenRequest.forPurpose("p").format(null))
			.withMessage("format must not be null");
		assertThatNullPointerException().isThrownBy(() -> TokenRequest.forPurpose("p").bindTo((String) null))
			.withMessage("fingerprint must not be null");
		assertThatNullPointerException().isThrownBy(() -> TokenRequest.forPurpose("p").bindTo((byte[]) null))
			.withMessage("fingerprint must not be null");
	}

	@Test
	void toStringWhenPrintedThenClaimNamesButNeitherValuesNorState() {
		TokenRequest request = TokenRequest.forPurpose("reset")
			.subject("user:42")
			.claim("email", "a@example.com")
			.bindTo("password-hash")
			.build();
		assertThat(request).hasToString("TokenRequest[purpose=reset, subject=user:42, audience=null, ttl=null, "
				+ "maxUses=-1, permissions=[], claims=[email], bound=true]");
	}

}
