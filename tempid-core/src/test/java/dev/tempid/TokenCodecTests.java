package dev.tempid;

import java.nio.charset.StandardCharsets;

import dev.tempid.paseto.Base64Url;
import dev.tempid.paseto.PasetoV4;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The framing checks before any cryptography: the footer that names the key is bounded,
 * and a token is refused with the reason a caller can act on.
 */
class TokenCodecTests {

	private final TokenService tokens = TokenService.builder().localKey(LocalKey.generate()).build();

	/** A token whose footer is {@code json}, base64url-encoded; the body is never reached. */
	private static String withFooter(String json) {
		return PasetoV4.LOCAL_HEADER + "AAAA." + Base64Url.encode(json.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void openWhenTheFooterIsExactlyTheLongestAcceptedThenItIsReadForItsKey() {
		// 384 bytes of JSON: 512 base64url characters
		String json = "{\"x\":\"" + "a".repeat(384 - 8) + "\"}";
		String token = withFooter(json);
		org.assertj.core.api.Assertions.assertThat(token.length() - token.lastIndexOf('.') - 1)
			.isEqualTo(TokenCodec.MAX_FOOTER_LENGTH);
		assertThatExceptionOfType(UnknownKeyException.class).isThrownBy(() -> this.tokens.verify(token, "p"))
			.withMessage("the token footer names no key (kid)");
	}

	@Test
	void openWhenTheFooterIsLongerThanAcceptedThenMalformedBeforeItIsDecoded() {
		String json = "{\"x\":\"" + "a".repeat(384 - 8 + 3) + "\"}";
		assertThatExceptionOfType(MalformedTokenException.class).isThrownBy(() -> this.tokens.verify(withFooter(json), "p"))
			.withMessage("the token footer is longer than 512 characters");
	}

	@Test
	void openWhenTheFooterIsEmptyOrNotBase64urlOrNotAnObjectThenMalformed() {
		assertThatExceptionOfType(MalformedTokenException.class)
			.isThrownBy(() -> this.tokens.verify(PasetoV4.LOCAL_HEADER + "AAAA.", "p"))
			.withMessage("the token has an empty footer");
		assertThatExceptionOfType(MalformedTokenException.class)
			.isThrownBy(() -> this.tokens.verify(PasetoV4.LOCAL_HEADER + "AAAA.e30=", "p"))
			.withMessage("the token footer is not canonical base64url");
		assertThatExceptionOfType(MalformedTokenException.class).isThrownBy(() -> this.tokens.verify(withFooter("[1]"), "p"))
			.withMessageStartingWith("the token footer is invalid");
	}

}
