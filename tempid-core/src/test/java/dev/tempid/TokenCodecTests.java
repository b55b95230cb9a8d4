package dev.tempid;

import java.nio.charset.StandardCharsets;

import dev.tempid.paseto.Base64Url;
import dev.tempid.paseto.PasetoV4;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
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
		assertThat(token.length() - token.lastIndexOf('.') - 1)
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


	@Test
	void openWhenTheTokenIsExactlyTheLongestAcceptedThenItsContentIsCheckedAndOneMoreIsRefused() {
		String valid = this.tokens.issue(TokenRequest.forPurpose("p").build()).value();
		String footer = valid.substring(valid.lastIndexOf('.'));
		String longest = PasetoV4.LOCAL_HEADER
				+ "A".repeat(TokenService.MAX_TOKEN_LENGTH - PasetoV4.LOCAL_HEADER.length() - footer.length()) + footer;
		assertThat(longest).hasSize(TokenService.MAX_TOKEN_LENGTH);
		assertThatExceptionOfType(TempIdException.class).isThrownBy(() -> this.tokens.verify(longest, "p"))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("longer"));
		assertThatExceptionOfType(MalformedTokenException.class)
			.isThrownBy(() -> this.tokens.verify(longest.replace("v4.local.", "v4.local.A"), "p"))
			.withMessage("the token is longer than 4096 characters");
	}

	@Test
	void openWhenTheBodyIsEmptyOrThePartsAreWrongThenMalformedSayingWhich() {
		String valid = this.tokens.issue(TokenRequest.forPurpose("p").build()).value();
		String footer = valid.substring(valid.lastIndexOf('.'));
		assertThatExceptionOfType(MalformedTokenException.class)
			.isThrownBy(() -> this.tokens.verify(PasetoV4.LOCAL_HEADER + footer, "p"))
			.withMessage("the token body is too short");
		assertThatExceptionOfType(MalformedTokenException.class)
			.isThrownBy(() -> this.tokens.verify(PasetoV4.LOCAL_HEADER + "AAAA", "p"))
			.withMessage("the token has no footer naming its key");
		assertThatExceptionOfType(MalformedTokenException.class)
			.isThrownBy(() -> this.tokens.verify(valid + ".x", "p"))
			.withMessage("the token has too many parts");
		assertThatExceptionOfType(MalformedTokenException.class)
			.isThrownBy(() -> this.tokens.verify("v4.local" + footer, "p"))
			.withMessage("the token has no footer naming its key");
		assertThatExceptionOfType(MalformedTokenException.class)
			.isThrownBy(() -> this.tokens.verify("v2.local.AAAA" + footer, "p"))
			.withMessage("the token is not a PASETO v4.local or v4.public token");
	}

	@Test
	void openWhenTheBodyWasAlteredThenTheTagOrTheSignatureDoesNotCheck() {
		String local = this.tokens.issue(TokenRequest.forPurpose("p").build()).value();
		assertThatExceptionOfType(BadSignatureException.class).isThrownBy(() -> this.tokens.verify(flipFirst(local), "p"))
			.withMessage("the token's tag does not check");
		TokenService signing = TokenService.builder().signingKey(SecretKey.generate()).build();
		String signed = signing.issue(TokenRequest.forPurpose("p").build()).value();
		assertThatExceptionOfType(BadSignatureException.class).isThrownBy(() -> signing.verify(flipFirst(signed), "p"))
			.withMessage("the token's signature does not check");
	}

	/** The token with the first character of its body changed. */
	private static String flipFirst(String token) {
		int at = token.indexOf('.', 3) + 1;
		char changed = (token.charAt(at) == 'A') ? 'B' : 'A';
		return token.substring(0, at) + changed + token.substring(at + 1);
	}
}
