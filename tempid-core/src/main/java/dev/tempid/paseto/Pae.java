package dev.tempid.paseto;

/**
 * Pre-Authentication Encoding: {@code LE64(n) || (LE64(len(p)) || p)*}, as the PASETO
 * specification defines it.
 */
public final class Pae {

	private Pae() {
	}

	public static byte[] encode(byte[]... pieces) {
		int size = 8;
		for (byte[] piece : pieces) {
			size += 8 + piece.length;
		}
		byte[] out = new byte[size];
		int at = le64(out, 0, pieces.length);
		for (byte[] piece : pieces) {
			at = le64(out, at, piece.length);
			System.arraycopy(piece, 0, out, at, piece.length);
			at += piece.length;
		}
		return out;
	}

	/** Writes {@code value} as 8 little-endian bytes with the top bit cleared; returns the next offset. */
	static int le64(byte[] out, int at, long value) {
		long v = value & Long.MAX_VALUE;
		for (int i = 0; i < 8; i++) {
			out[at + i] = (byte) (v >>> (8 * i));
		}
		return at + 8;
	}

}
