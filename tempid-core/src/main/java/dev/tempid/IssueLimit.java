package dev.tempid;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How many tokens of one purpose may be issued for one subject within a window, for
 * example {@code 3 per 15m}: a fixed window that starts with its first issuance. Written
 * in properties as {@code "<count> per <duration>"}, the duration as {@link Durations}
 * reads it ({@code 15m}, {@code 1h}, {@code PT15M}).
 *
 * @param count the most issuances a window allows, at least 1
 * @param window how long a window lasts, at least one second
 */
public record IssueLimit(int count, Duration window) {

	public IssueLimit {
		Objects.requireNonNull(window, "window must not be null");
		if (count < 1) {
			throw new IllegalArgumentException("an issue limit's count must be at least 1, not " + count);
		}
		if (window.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("an issue limit's window must be at least 1 second, not " + window);
		}
	}

	/**
	 * Parses {@code "<count> per <duration>"}, for example {@code "3 per 15m"} or
	 * {@code "100 per 1h"}.
	 * @throws IllegalArgumentException saying what is expected when the text is not of that form
	 */
	public static IssueLimit valueOf(String text) {
		Objects.requireNonNull(text, "text must not be null");
		String[] parts = text.strip().split("\\s+");
		if (parts.length != 3 || !parts[1].toLowerCase(Locale.ROOT).equals("per")) {
			throw invalid(text, "expected '<count> per <duration>'");
		}
		int count;
		try {
			count = Integer.parseInt(parts[0]);
		}
		catch (NumberFormatException ex) {
			throw invalid(text, "'" + parts[0] + "' is not a whole number");
		}
		Duration window;
		try {
			window = Durations.parse(parts[2]);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(text, ex.getMessage());
		}
		try {
			return new IssueLimit(count, window);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(text, ex.getMessage());
		}
	}

	private static IllegalArgumentException invalid(String text, String why) {
		return new IllegalArgumentException("'" + text + "' is not an issue limit (" + why
				+ "), for example '3 per 15m'");
	}

	/** The form {@link #valueOf} reads: {@code "3 per 15m"}. */
	@Override
	public String toString() {
		long seconds = this.window.getSeconds();
		String window = (this.window.getNano() != 0) ? this.window.toString()
				: (seconds % 86_400 == 0) ? (seconds / 86_400) + "d"
				: (seconds % 3_600 == 0) ? (seconds / 3_600) + "h"
				: (seconds % 60 == 0) ? (seconds / 60) + "m" : seconds + "s";
		return this.count + " per " + window;
	}

}
