package dev.tempid.benchmarks.http.load;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a load generator writes what {@code run.sh} reads: JSON lines, in the file the
 * system property {@code bench.results} names (replaced, each line flushed as it is
 * written). Diagnostics go to the log; nothing is printed.
 */
final class Results implements AutoCloseable {

	private final BufferedWriter out;

	private Results(BufferedWriter out) {
		this.out = out;
	}

	/** Opens the file {@code -Dbench.results} names. */
	static Results open() throws IOException {
		String path = System.getProperty("bench.results");
		if (path == null || path.isBlank()) {
			throw new IllegalStateException("set -Dbench.results=<file> for the results");
		}
		return new Results(Files.newBufferedWriter(Path.of(path)));
	}

	/** Writes one JSON line. */
	void line(String json) throws IOException {
		this.out.write(json);
		this.out.newLine();
		this.out.flush();
	}

	@Override
	public void close() throws IOException {
		this.out.close();
	}

}
