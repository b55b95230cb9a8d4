package dev.tempid;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reads and writes durations the way people write them: {@code "30s"}, {@code "15m"},
 * {@code "2h"}, {@code "7d"}, {@code "1h30m"}, and ISO-8601 ({@code "PT15M"},
 * {@code "P7D"}).
 */
public final class Durations {

	private Durations() {
	}

	/**
	 * Parses a duration.
	 * @throws IllegalArgumentException when the text is not one of the accepted forms
	 */
	public static Duration parse(String text) {
		String value = text.strip();
		if (value.isEmpty()) {
			throw new IllegalArgumentException("a duration must not be empty");
		}
		char first = Character.toUpperCase(value.charAt(0));
		if (first == 'P' || ((first == '-' || first == '+') && value.length() > 1
				&& Character.toUpperCase(value.charAt(1)) == 'P')) {
			try {
				return Duration.parse(value);
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException("'" + value + "' is not an ISO-8601 duration");
			}
		}
		Duration total = Duration.ZERO;
		int i = 0;
		String lower = value.toLowerCase(Locale.ROOT);
		while (i < lower.length()) {
			int start = i;
			while (i < lower.length() && Character.isDigit(lower.charAt(i))) {
				i++;
			}
			if (i == start || i - start > 12) {
				throw invalid(value);
			}
			long amount = Long.parseLong(lower, start, i, 10);
			int unitStart = i;
			while (i < lower.length() && Character.isLetter(lower.charAt(i))) {
				i++;
			}
			total = total.plus(unit(lower.substring(unitStart, i), amount, value));
			while (i < lower.length() && lower.charAt(i) == ' ') {
				i++;
			}
		}
		return total;
	}

	/** A short human form: {@code "14m 59s"}, {@code "2h 5m"}, {@code "3d 4h"}, {@code "expired"}. */
	public static String format(Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			return "expired";
		}
		long seconds = duration.getSeconds();
		if (seconds == 0) {
			return "<1s";
		}
		long days = seconds / 86_400;
		long hours = (seconds % 86_400) / 3_600;
		long minutes = (seconds % 3_600) / 60;
		long secs = seconds % 60;
		if (days > 0) {
			return (hours > 0) ? days + "d " + hours + "h" : days + "d";
		}
		if (hours > 0) {
			return (minutes > 0) ? hours + "h " + minutes + "m" : hours + "h";
		}
		if (minutes > 0) {
			return (secs > 0) ? minutes + "m " + secs + "s" : minutes + "m";
		}
		return secs + "s";
	}

	private static Duration unit(String unit, long amount, String value) {
		return switch (unit) {
			case "ms" -> Duration.ofMillis(amount);
			case "", "s", "sec", "secs", "second", "seconds" -> Duration.ofSeconds(amount);
			case "m", "min", "mins", "minute", "minutes" -> Duration.ofMinutes(amount);
			case "h", "hr", "hrs", "hour", "hours" -> Duration.ofHours(amount);
			case "d", "day", "days" -> Duration.ofDays(amount);
			case "w", "week", "weeks" -> Duration.ofDays(7 * amount);
			default -> throw invalid(value);
		};
	}

	private static IllegalArgumentException invalid(String value) {
		return new IllegalArgumentException("'" + value
				+ "' is not a duration: use forms like 30s, 15m, 2h, 7d, 1h30m or ISO-8601 (PT15M)");
	}

}
