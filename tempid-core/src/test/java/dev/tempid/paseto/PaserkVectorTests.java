package dev.tempid.paseto;

import java.util.stream.Stream;

import dev.tempid.LocalKey;
import dev.tempid.PublicKey;
import dev.tempid.SecretKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import static dev.tempid.paseto.TestVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The official PASERK k4 vectors: local, public, secret serialization and lid, pid, sid ids. */
class PaserkVectorTests {

	static Stream<Arguments> vectors(String type) {
		return TestVectors.tests("PASERK/k4." + type + ".json").stream()
			.map((test) -> Arguments.of(test.get("name").asString(), test));
	}

	static Stream<Arguments> local() {
		return vectors("local");
	}

	static Stream<Arguments> publicKeys() {
		return vectors("public");
	}

	static Stream<Arguments> secret() {
		return vectors("secret");
	}

	static Stream<Arguments> lid() {
		return vectors("lid");
	}

	static Stream<Arguments> pid() {
		return vectors("pid");
	}

	static Stream<Arguments> sid() {
		return vectors("sid");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("local")
	void localKeyWhenVectorThenSerializesExactlyOrFails(String name, JsonNode test) {
		if (failing(test)) {
			assertThatIllegalArgumentException().isThrownBy(() -> LocalKey.fromPaserk(test.get("paserk").asString()));
			return;
		}
		String paserk = test.get("paserk").asString();
		assertThat(Paserk.encode(Paserk.LOCAL, hex(test.get("key").asString()))).isEqualTo(paserk);
		assertThat(LocalKey.fromPaserk(paserk).toPaserk()).isEqualTo(paserk);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("publicKeys")
	void publicKeyWhenVectorThenSerializesExactlyOrFails(String name, JsonNode test) {
		if (failing(test)) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> Paserk.encode(Paserk.PUBLIC, hex(test.get("key").asString())));
			return;
		}
		String paserk = test.get("paserk").asString();
		assertThat(Paserk.encode(Paserk.PUBLIC, hex(test.get("key").asString()))).isEqualTo(paserk);
		assertThat(Paserk.decode(Paserk.PUBLIC, paserk, 32)).isEqualTo(hex(test.get("key").asString()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("secret")
	void secretKeyWhenVectorThenSerializesExactlyOrFails(String name, JsonNode test) {
		if (failing(test)) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> SecretKey.fromPaserk(Paserk.encode(Paserk.SECRET, hex(test.get("key").asString()))));
			return;
		}
		String paserk = test.get("paserk").asString();
		SecretKey key = SecretKey.fromPaserk(paserk);
		assertThat(key.toPaserk()).isEqualTo(paserk);
		assertThat(key.publicKey().toPaserk())
			.isEqualTo(Paserk.encode(Paserk.PUBLIC, hex(test.get("public-key").asString())));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("lid")
	void localKeyIdWhenVectorThenMatches(String name, JsonNode test) {
		if (failing(test)) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> Paserk.id(Paserk.LID, Paserk.encode(Paserk.LOCAL, hex(test.get("key").asString()))));
			return;
		}
		String local = Paserk.encode(Paserk.LOCAL, hex(test.get("key").asString()));
		assertThat(Paserk.id(Paserk.LID, local)).isEqualTo(test.get("paserk").asString());
		assertThat(LocalKey.fromPaserk(local).id()).isEqualTo(test.get("paserk").asString());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("pid")
	void publicKeyIdWhenVectorThenMatches(String name, JsonNode test) {
		if (failing(test)) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> Paserk.id(Paserk.PID, Paserk.encode(Paserk.PUBLIC, hex(test.get("key").asString()))));
			return;
		}
		String publicPaserk = Paserk.encode(Paserk.PUBLIC, hex(test.get("key").asString()));
		assertThat(Paserk.id(Paserk.PID, publicPaserk)).isEqualTo(test.get("paserk").asString());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("sid")
	void secretKeyIdWhenVectorThenMatches(String name, JsonNode test) {
		if (failing(test)) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> SecretKey.fromPaserk(Paserk.encode(Paserk.SECRET, hex(test.get("key").asString()))));
			return;
		}
		SecretKey key = SecretKey.fromPaserk(Paserk.encode(Paserk.SECRET, hex(test.get("key").asString())));
		assertThat(key.secretId()).isEqualTo(test.get("paserk").asString());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("pid")
	void publicKeyWhenValidPointThenIdMatchesVector(String name, JsonNode test) {
		if (failing(test)) {
			return;
		}
		String publicPaserk = Paserk.encode(Paserk.PUBLIC, hex(test.get("key").asString()));
		try {
			PublicKey key = PublicKey.fromPaserk(publicPaserk);
			assertThat(key.id()).isEqualTo(test.get("paserk").asString());
			assertThat(key.toString()).doesNotContain(publicPaserk.substring(10));
		}
		catch (IllegalArgumentException ex) {
			// some vector keys are not valid Ed25519 points; serialization is covered above
			assertThat(ex.getMessage()).doesNotContain(publicPaserk.substring(10));
		}
	}

	private static boolean failing(JsonNode test) {
		return test.get("expect-fail").asBoolean();
	}

}
