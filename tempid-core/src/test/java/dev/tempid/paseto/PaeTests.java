package dev.tempid.paseto;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Pre-authentication encoding: a count, then each piece after its length, as 64-bit little-endian. */
class PaeTests {

	@Test
	void encodeWhenAPieceIsLongerThanOneLengthByteThenItsLengthTakesTheNextBytesLittleEndian() {
		byte[] piece = new byte[300];
		Arrays.fill(piece, (byte) 7);
		byte[] encoded = Pae.encode(piece);
		assertThat(encoded).hasSize(8 + 8 + 300);
		assertThat(Arrays.copyOfRange(encoded, 0, 16)).containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 0x2c, 0x01, 0, 0, 0, 0, 0,
				0);
		assertThat(Arrays.copyOfRange(encoded, 16, 316)).isEqualTo(piece);
	}

	@Test
	void le64WhenTheTopBitIsSetThenItIsCleared() {
		byte[] out = new byte[8];
		assertThat(Pae.le64(out, 0, -1L)).isEqualTo(8);
		assertThat(out).containsExactly(-1, -1, -1, -1, -1, -1, -1, 0x7f);
	}

}
