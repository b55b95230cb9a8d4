package dev.tempid;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.tempid.paseto.Base64Url;
import dev.tempid.paseto.PasetoV4;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The payload reader: what it accepts, and that anything ambiguous or ill-typed is
 * refused with a message that names the problem but never a value.
 */
class ClaimsCodecTests {

	private static final String REQUIRED = "\"jti\":\"id-1\",\"iat\":\"2026-11-22T10:00:00Z\","
			+ "\"exp\":\"2026-11-22T10:15:00Z\",\"pur\":\"password-reset\"";

	@Test
	void readWhenEveryClaimThenAllRead() {
		Claims claims = read("{\"iss\":\"app\",\"sub\":\"user:42\",\"aud\":\"web\"," + REQUIRED
				+ ",\"nbf\":\"2026-11-22T10:01:00Z\",\"mu\":3,\"perms\":[\"a\",\"b\"],"
				+ "\"data\":{\"email\":\"alice@example.com\",\"n\":7,\"nested\":{\"list\":[1,true,null]}},"
				+ "\"bnd\":\"xyz\",\"other\":{\"ignored\":[1,2]}}");
		assertThat(claims.issuer()).isEqualTo("app");
		assertThat(claims.subject()).isEqualTo("user:42");
		assertThat(claims.audience()).isEqualTo("web");
		assertThat(claims.id()).isEqualTo("id-1");
		assertThat(claims.issuedAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
		assertThat(claims.expiresAt()).isEqualTo(Instant.parse("2026-11-22T10:15:00Z"));
		assertThat(claims.notBefore()).isEqualTo(Instant.parse("2026-11-22T10:01:00Z"));
		assertThat(claims.purpose()).isEqualTo("password-reset");
		assertThat(claims.maxUses()).isEqualTo(3);
		assertThat(claims.permissions()).containsExactly("a", "b");
		assertThat(claims.data()).containsEntry("email", "alice@example.com").containsEntry("n", 7);
		assertThat(claims.data().get("nested")).isEqualTo(Map.of("list", java.util.Arrays.asList(1, true, null)));
		assertThat(claims.binding()).isEqualTo("xyz");
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-11-22T12:00:00+02:00", "2026-11-22T10:00:00.000Z", "2026-11-22t10:00:00z",
			"2026-11-22T05:30:00-04:30" })
	void readWhenTimestampInAnotherRfc3339FormThenSameInstant(String issuedAt) {
		Claims claims = read("{\"jti\":\"id\",\"pur\":\"p\",\"exp\":\"2026-11-22T10:15:00Z\",\"iat\":\"" + issuedAt + "\"}");
		assertThat(claims.issuedAt()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
	}

	@Test
	void readWhenCanonicalTimestampsThenExactAtEveryFieldBoundary() {
		for (String text : List.of("1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z", "2026-12-31T23:59:59Z",
				"9999-12-31T23:59:59Z", "2000-01-01T00:00:00Z")) {
			char[] chars = ("xx" + text).toCharArray();
			assertThat(ClaimsCodec.canonicalInstant(chars, 2, text.length())).as(text).isEqualTo(Instant.parse(text));
		}
	}

	@Test
	void timestampWhenAnyInstantThenExactlyWhatInstantToStringWrites() {
		java.util.Random random = new java.util.Random(2026);
		List<Instant> instants = new java.util.ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
				Instant.parse("9999-12-31T23:59:59Z"), Instant.parse("-0001-12-31T23:59:59Z"),
				Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("2026-11-22T10:00:00.5Z"),
				Instant.parse("2024-02-29T23:59:59Z"), Instant.parse("0999-01-01T00:00:00Z"), Instant.MIN, Instant.MAX));
		for (int i = 0; i < 100_000; i++) {
			long seconds = random.nextLong(-70_000_000_000L, 260_000_000_000L);
			instants.add(Instant.ofEpochSecond(seconds, (i % 10 == 0) ? random.nextInt(1_000_000_000) : 0));
		}
		for (Instant instant : instants) {
			String text = ClaimsCodec.timestamp(instant);
			assertThat(text).isEqualTo(instant.toString());
			if (text.length() == 20) {
				assertThat(ClaimsCodec.canonicalInstant(text.toCharArray(), 0, 20)).isEqualTo(instant);
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-1a-22T10:00:00Z", "a026-11-22T10:00:00Z", "2026-11-2aT10:00:00Z",
			"2026-11-22Ta0:00:00Z", "2026-11-22T10:a0:00Z", "2026-11-22T10:00:a0Z", "2026-11-22T10:00:00.5Z" })
	void canonicalInstantWhenNotTheFormTempIdWritesThenNullForTheSlowPath(String text) {
		assertThat(ClaimsCodec.canonicalInstant(text.toCharArray(), 0, text.length())).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
			"2026-11-22T24:00:00Z", "2026-11-22T10:60:00Z", "2026-11-22T10:00:61Z", "2026-11-22 10:00:00Z",
			"2026-11-22T10:00:00", "tomorrow", "", "2026-1a-22T10:00:00Z", "+2026-11-22T10:00:00Z" })
	void readWhenTimestampIsNotRfc3339ThenRefused(String expiresAt) {
		assertRefused("{\"jti\":\"id\",\"pur\":\"p\",\"iat\":\"2026-11-22T10:00:00Z\",\"exp\":\"" + expiresAt + "\"}",
				"claim 'exp' is not an RFC 3339 date-time");
	}

	@ParameterizedTest
	@ValueSource(strings = { "iss", "sub", "aud", "jti", "pur", "bnd", "iat", "exp", "nbf" })
	void readWhenRegisteredClaimAppearsTwiceThenRefused(String claim) {
		String value = claim.matches("iat|exp|nbf") ? "\"2026-11-22T10:00:00Z\"" : "\"secret-value\"";
		String payload = "{" + REQUIRED.replaceAll("\"" + claim + "\":\"[^\"]*\",?", "") + ","
				+ "\"" + claim + "\":" + value + ",\"" + claim + "\":" + value + "}";
		assertRefused(payload.replace("{,", "{").replace(",,", ","), "claim '" + claim + "' appears twice");
	}

	@Test
	void readWhenUseLimitPermissionsOrDataAppearTwiceThenRefused() {
		assertRefused("{" + REQUIRED + ",\"mu\":1,\"mu\":5}", "claim 'mu' appears twice");
		assertRefused("{" + REQUIRED + ",\"perms\":[],\"perms\":[\"admin\"]}", "claim 'perms' appears twice");
		assertRefused("{" + REQUIRED + ",\"data\":{},\"data\":{\"a\":1}}", "claim 'data' appears twice");
	}

	@Test
	void readWhenUnknownClaimAppearsTwiceThenRefused() {
		assertRefused("{" + REQUIRED + ",\"x\":1,\"y\":2,\"x\":3}", "a claim appears twice");
	}

	@Test
	void readWhenNameAppearsTwiceInsideDataThenRefused() {
		assertRefused("{" + REQUIRED + ",\"data\":{\"role\":\"user\",\"role\":\"admin\"}}",
				"a name appears twice in claim 'data'");
		assertRefused("{" + REQUIRED + ",\"data\":{\"a\":{\"role\":null,\"role\":\"admin\"}}}",
				"a name appears twice in claim 'data'");
		assertRefused("{" + REQUIRED + ",\"data\":{\"a\":[{\"k\":1,\"k\":2}]}}",
				"a name appears twice in claim 'data'");
	}

	@Test
	void readWhenSameNameInSeparateObjectsThenAccepted() {
		Claims claims = read("{" + REQUIRED + ",\"data\":{\"a\":{\"k\":1},\"b\":{\"k\":2},\"k\":3}}");
		assertThat(claims.data()).containsEntry("k", 3).containsEntry("a", Map.of("k", 1));
	}

	@Test
	void readWhenClaimHasWrongTypeThenRefused() {
		assertRefused("{" + REQUIRED + ",\"iss\":7}", "claim 'iss' is not a string");
		assertRefused("{" + REQUIRED + ",\"sub\":{\"id\":1}}", "claim 'sub' is not a string");
		assertRefused("{" + REQUIRED + ",\"mu\":\"3\"}", "claim 'mu' is not an integer");
		assertRefused("{" + REQUIRED + ",\"mu\":2.5}", "claim 'mu' is not an integer");
		assertRefused("{" + REQUIRED + ",\"mu\":4294967296}", "claim 'mu' is not an integer");
		assertRefused("{" + REQUIRED + ",\"mu\":0}", "claim 'mu' is below 1");
		assertRefused("{" + REQUIRED + ",\"perms\":\"admin\"}", "claim 'perms' is not an array");
		assertRefused("{" + REQUIRED + ",\"perms\":[1]}", "claim 'perms' holds something other than strings");
		assertRefused("{" + REQUIRED + ",\"data\":[1]}", "claim 'data' is not an object");
		assertRefused("{\"jti\":\"id\",\"pur\":\"p\",\"exp\":\"2026-11-22T10:15:00Z\",\"iat\":1763805600}",
				"claim 'iat' is not a string");
	}

	@Test
	void readWhenRequiredClaimMissingThenRefused() {
		assertRefused("{\"iat\":\"2026-11-22T10:00:00Z\",\"exp\":\"2026-11-22T10:15:00Z\",\"pur\":\"p\"}",
				"the payload has no 'jti'");
		assertRefused("{\"jti\":\"\",\"iat\":\"2026-11-22T10:00:00Z\",\"exp\":\"2026-11-22T10:15:00Z\",\"pur\":\"p\"}",
				"the payload has no 'jti'");
		assertRefused("{\"jti\":\"i\",\"iat\":\"2026-11-22T10:00:00Z\",\"exp\":\"2026-11-22T10:15:00Z\"}",
				"the payload has no 'pur'");
		assertRefused("{\"jti\":\"i\",\"pur\":\"p\",\"exp\":\"2026-11-22T10:15:00Z\"}",
				"the payload has no 'iat' or 'exp'");
		assertRefused("{\"jti\":\"i\",\"pur\":\"p\",\"iat\":\"2026-11-22T10:15:00Z\"}",
				"the payload has no 'iat' or 'exp'");
	}

	@Test
	void readWhenNotOneJsonObjectThenRefused() {
		assertRefused("[" + "{" + REQUIRED + "}]", "the payload is not a JSON object");
		assertRefused("{" + REQUIRED + "} {}", "the payload has content after its JSON object");
		assertRefused("{" + REQUIRED + ",}", "the payload is not valid JSON");
		assertRefused("{" + REQUIRED, "the payload is not valid JSON");
		assertRefused("{" + REQUIRED + ",\"data\":" + "{\"a\":".repeat(20) + "1" + "}".repeat(20) + "}",
				"the payload is not valid JSON");
	}

	@Test
	void verifyWhenAuthenticPayloadHasDuplicateClaimThenMalformed() {
		LocalKey key = LocalKey.generate();
		TokenService tokens = TokenService.builder().localKey(key).build();
		String now = Instant.now().toString().replaceAll("\\.\\d+Z$", "Z");
		String later = Instant.now().plusSeconds(600).toString().replaceAll("\\.\\d+Z$", "Z");
		String payload = "{\"jti\":\"forged\",\"iat\":\"" + now + "\",\"exp\":\"" + later
				+ "\",\"pur\":\"password-reset\",\"pur\":\"admin\"}";
		byte[] footer = ("{\"kid\":\"" + key.id() + "\"}").getBytes(StandardCharsets.UTF_8);
		byte[] body = key.cipher().encrypt(payload.getBytes(StandardCharsets.UTF_8), footer, new byte[0]);
		String token = PasetoV4.LOCAL_HEADER + Base64Url.encode(body) + "." + Base64Url.encode(footer);
		assertThatExceptionOfType(MalformedTokenException.class).isThrownBy(() -> tokens.verify(token, "admin"))
			.withMessage("the token's claims are invalid: claim 'pur' appears twice");
		assertThatExceptionOfType(MalformedTokenException.class)
			.isThrownBy(() -> tokens.verify(token, "password-reset"));
	}

	private static Claims read(String payload) {
		return ClaimsCodec.read(payload.getBytes(StandardCharsets.UTF_8));
	}

	private static void assertRefused(String payload, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> read(payload))
			.withMessage(message)
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("secret-value", "admin\"", "user"));
	}

}
