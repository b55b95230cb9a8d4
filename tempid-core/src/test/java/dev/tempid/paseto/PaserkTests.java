package dev.tempid.paseto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PaserkTests {

	@Test
	void encodeWhenKeyHasItsTypesLengthThenPrefixAndBase64Url() {
		assertThat(Paserk.encode(Paserk.LOCAL, new byte[32])).isEqualTo("k4.local." + "A".repeat(43));
		assertThat(Paserk.encode(Paserk.PUBLIC, new byte[32])).isEqualTo("k4.public." + "A".repeat(43));
		assertThat(Paserk.encode(Paserk.SECRET, new byte[64])).isEqualTo("k4.secret." + "A".repeat(86));
	}

	@Test
	void encodeWhenKeyHasAnotherLengthThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> Paserk.encode(Paserk.LOCAL, new byte[31]))
			.withMessage("a k4.local. key is 32 bytes, not 31");
		assertThatIllegalArgumentException().isThrownBy(() -> Paserk.encode(Paserk.PUBLIC, new byte[33]))
			.withMessage("a k4.public. key is 32 bytes, not 33");
		assertThatIllegalArgumentException().isThrownBy(() -> Paserk.encode(Paserk.SECRET, new byte[32]))
			.withMessage("a k4.secret. key is 64 bytes, not 32");
	}

	@ParameterizedTest
	@ValueSource(strings = { Paserk.LID, Paserk.PID, Paserk.SID, "k3.local.", "" })
	void encodeWhenPrefixIsNotAKeyTypeThenRefused(String prefix) {
		assertThatIllegalArgumentException().isThrownBy(() -> Paserk.encode(prefix, new byte[32]))
			.withMessage("not a PASERK key type: " + prefix);
	}

	@Test
	void decodeWhenOfTheTypeThenTheBytes() {
		byte[] key = new byte[32];
		key[31] = 7;
		assertThat(Paserk.decode(Paserk.LOCAL, Paserk.encode(Paserk.LOCAL, key), 32)).isEqualTo(key);
	}

	@Test
	void decodeWhenOfAnotherTypeThenNamesTheTypeFoundButNotTheValue() {
		String local = Paserk.encode(Paserk.LOCAL, new byte[32]);
		assertThatIllegalArgumentException().isThrownBy(() -> Paserk.decode(Paserk.PUBLIC, local, 32))
			.withMessage("expected a PASERK of type k4.public. but found k4.local.");
		assertThatIllegalArgumentException().isThrownBy(() -> Paserk.decode(Paserk.LOCAL, "hunter2-hunter2", 32))
			.withMessage("expected a PASERK of type k4.local. but found something else");
	}

	@Test
	void decodeWhenBodyIsNotBase64UrlOrOfAnotherLengthThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> Paserk.decode(Paserk.LOCAL, "k4.local.AA=A", 32))
			.withMessage("the k4.local. PASERK is not valid base64url");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Paserk.decode(Paserk.LOCAL, Paserk.encode(Paserk.PUBLIC, new byte[32]).replace("public", "local"), 64))
			.withMessage("a k4.local. PASERK holds 64 bytes, not 32");
	}

	@Test
	void typeOfWhenAnyPrefixThenThatPrefix() {
		for (String prefix : new String[] { Paserk.LOCAL, Paserk.SECRET, Paserk.PUBLIC, Paserk.LID, Paserk.PID,
				Paserk.SID }) {
			assertThat(Paserk.typeOf(prefix + "AAAA")).isEqualTo(prefix);
		}
		assertThat(Paserk.typeOf("k4.seal.AAAA")).isNull();
		assertThat(Paserk.typeOf("")).isNull();
	}

	@Test
	void idWhenSameKeyUnderAnotherIdTypeThenAnotherId() {
		String local = Paserk.encode(Paserk.LOCAL, new byte[32]);
		String lid = Paserk.id(Paserk.LID, local);
		assertThat(lid).startsWith(Paserk.LID).hasSize(Paserk.LID.length() + 44);
		assertThat(Paserk.id(Paserk.SID, local).substring(Paserk.SID.length())).isNotEqualTo(lid.substring(Paserk.LID.length()));
	}

}
