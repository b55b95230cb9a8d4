package dev.tempid.paseto;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static dev.tempid.paseto.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The 17 official PASETO v4 vectors: E vectors encrypt to the exact token with the
 * vector's nonce, S vectors sign exactly, and every vector decodes to its payload or,
 * for F vectors, fails.
 */
class PasetoV4VectorTests {

	static Stream<Arguments> vectors() {
		return TestVectors.tests("v4.json").stream().map((test) -> Arguments.of(test.get("name").asString(), test));
	}

	@Test
	void theOfficialFileHoldsSeventeenVectors() {
		List<JsonNode> tests = TestVectors.tests("v4.json");
		assertThat(tests).hasSize(17);
		assertThat(tests.stream().filter((t) -> t.get("expect-fail").asBoolean())).hasSize(5);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("vectors")
	void decodeWhenVectorIsValidThenYieldsPayloadOtherwiseFails(String name, JsonNode test) {
		String token = test.get("token").asString();
		byte[] footer = test.get("footer").asString().getBytes(StandardCharsets.UTF_8);
		byte[] implicit = test.get("implicit-assertion").asString().getBytes(StandardCharsets.UTF_8);
		if (test.get("expect-fail").asBoolean()) {
			assertThatThrownBy(() -> {
				byte[] result = open(test, token, implicit);
				if (result == null) {
					throw new IllegalArgumentException("tag or signature does not check");
				}
			}).as(name).isInstanceOf(IllegalArgumentException.class);
			return;
		}
		byte[] payload = open(test, token, implicit);
		assertThat(payload).as(name).isNotNull();
		assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(test.get("payload").asString());
		assertThat(footerOf(token)).isEqualTo(footer);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("vectors")
	void encodeWhenVectorIsValidThenProducesTheExactToken(String name, JsonNode test) {
		if (test.get("expect-fail").asBoolean()) {
			return;
		}
		byte[] payload = test.get("payload").asString().getBytes(StandardCharsets.UTF_8);
		byte[] footer = test.get("footer").asString().getBytes(StandardCharsets.UTF_8);
		byte[] implicit = test.get("implicit-assertion").asString().getBytes(StandardCharsets.UTF_8);
		String token;
		if (name.startsWith("4-E")) {
			byte[] body = new PasetoV4.LocalCipher(hex(test.get("key").asString())).encrypt(payload, footer, implicit,
					hex(test.get("nonce").asString()));
			token = PasetoV4.LOCAL_HEADER + Base64Url.encode(body);
		}
		else {
			Ed25519PrivateKeyParameters secret = new Ed25519PrivateKeyParameters(
					hex(test.get("secret-key-seed").asString()), 0);
			Ed25519PublicKeyParameters publicKey = new Ed25519PublicKeyParameters(hex(test.get("public-key").asString()), 0);
			token = PasetoV4.PUBLIC_HEADER + Base64Url.encode(PasetoV4.sign(secret, publicKey, payload, footer, implicit));
		}
		if (footer.length > 0) {
			token += "." + Base64Url.encode(footer);
		}
		assertThat(token).as(name).isEqualTo(test.get("token").asString());
	}

	/** Splits and decodes a token the strict way, then checks it with the vector's key. */
	private static byte[] open(JsonNode test, String token, byte[] implicit) {
		String header;
		if (token.startsWith(PasetoV4.LOCAL_HEADER)) {
			header = PasetoV4.LOCAL_HEADER;
		}
		else if (token.startsWith(PasetoV4.PUBLIC_HEADER)) {
			header = PasetoV4.PUBLIC_HEADER;
		}
		else {
			throw new IllegalArgumentException("not a v4 token");
		}
		int dot = token.indexOf('.', header.length());
		int end = (dot < 0) ? token.length() : dot;
		byte[] body = Base64Url.decode(token, header.length(), end);
		byte[] footer = footerOf(token);
		if (header.equals(PasetoV4.LOCAL_HEADER)) {
			if (!test.has("key")) {
				throw new IllegalArgumentException("a v4.local token needs a symmetric key");
			}
			return new PasetoV4.LocalCipher(hex(test.get("key").asString())).decrypt(body, footer, implicit);
		}
		if (!test.has("public-key")) {
			throw new IllegalArgumentException("a v4.public token needs a public key");
		}
		return PasetoV4.verify(new Ed25519PublicKeyParameters(hex(test.get("public-key").asString()), 0), body, footer,
				implicit);
	}

	private static byte[] footerOf(String token) {
		int first = token.indexOf('.', 3);
		int dot = token.indexOf('.', first + 1);
		return (dot < 0) ? new byte[0] : Base64Url.decode(token, dot + 1, token.length());
	}

}
