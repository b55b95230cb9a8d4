package dev.tempid.store;

import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The subject generation a token carries, as a store checks it: the token is live only
 * while the store's generation of its subject and purpose is not past {@code value}.
 *
 * <p>Subjects and purposes reach the store only as tags (hex digests, see
 * {@code TokenService}): {@code subject} is 32 hex characters, {@code purpose} 16. The ids
 * of the entries of a subject's tokens start with the subject tag and a separator
 * ({@code <subject>.<jti or sid>}, {@code <subject>~c<purpose>} for a login code), so a
 * store can keep all of a subject's entries together, as Redis Cluster needs for one
 * script over several keys ({@link #subjectOf}).
 *
 * @param subject the subject tag
 * @param purpose the purpose tag
 * @param value the generation the token carries, at least 1
 */
public record Generation(String subject, String purpose, long value) {

	/** The length of a subject tag. */
	public static final int SUBJECT_TAG_LENGTH = 32;

	private static final Pattern SUBJECT = Pattern.compile("[0-9a-f]{32}");

	private static final Pattern PURPOSE = Pattern.compile("[0-9a-f]{16}");

	public Generation {
		checkSubject(subject);
		checkPurpose(purpose);
		if (value < 1) {
			throw new IllegalArgumentException("a generation is at least 1");
		}
	}

	/** Checks a subject tag: 32 lower-case hex characters. */
	public static String checkSubject(String subject) {
		if (!SUBJECT.matcher(Objects.requireNonNull(subject, "subject must not be null")).matches()) {
			throw new IllegalArgumentException("a subject tag is 32 lower-case hex characters");
		}
		return subject;
	}

	/** Checks a purpose tag: 16 lower-case hex characters. */
	public static String checkPurpose(String purpose) {
		if (!PURPOSE.matcher(Objects.requireNonNull(purpose, "purpose must not be null")).matches()) {
			throw new IllegalArgumentException("a purpose tag is 16 lower-case hex characters");
		}
		return purpose;
	}

	/**
	 * The subject tag an entry id starts with ({@code <subject>.…} or {@code <subject>~…}),
	 * or {@code null} for the id of a token without a subject generation.
	 */
	public static @Nullable String subjectOf(String id) {
		if (id.length() > SUBJECT_TAG_LENGTH + 1) {
			char separator = id.charAt(SUBJECT_TAG_LENGTH);
			if ((separator == '.' || separator == '~') && SUBJECT.matcher(id.subSequence(0, SUBJECT_TAG_LENGTH)).matches()) {
				return id.substring(0, SUBJECT_TAG_LENGTH);
			}
		}
		return null;
	}

}
