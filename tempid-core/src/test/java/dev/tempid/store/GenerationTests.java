package dev.tempid.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The tags a store sees: a subject tag of 32 lower-case hex characters, a purpose tag of
 * 16, and entry ids that start with a subject tag (so that a store can keep all of a
 * subject's entries together, one Redis Cluster slot).
 */
class GenerationTests {

	private static final String SUBJECT = "0123456789abcdef0123456789abcdef";

	private static final String PURPOSE = "0123456789abcdef";

	@Test
	void checkWhenTagsAreWellFormedThenReturnsThemForUseInPlace() {
		assertThat(Generation.checkSubject(SUBJECT)).isEqualTo(SUBJECT);
		assertThat(Generation.checkPurpose(PURPOSE)).isEqualTo(PURPOSE);
		assertThat(new Generation(SUBJECT, PURPOSE, 1).value()).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "0123456789ABCDEF0123456789ABCDEF", "0123456789abcdef0123456789abcde",
			"0123456789abcdef0123456789abcdef0", "0123456789abcdef0123456789abcdeg", "" })
	void checkSubjectWhenNotThirtyTwoLowerCaseHexThenRefused(String subject) {
		assertThatIllegalArgumentException().isThrownBy(() -> Generation.checkSubject(subject))
			.withMessage("a subject tag is 32 lower-case hex characters");
	}

	@Test
	void constructorWhenPurposeOrValueIsOutOfRangeThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Generation(SUBJECT, "0123456789abcde", 1))
			.withMessage("a purpose tag is 16 lower-case hex characters");
		assertThatIllegalArgumentException().isThrownBy(() -> new Generation(SUBJECT, PURPOSE, 0))
			.withMessage("a generation is at least 1");
	}

	@Test
	void subjectOfWhenTheIdStartsWithASubjectTagAndASeparatorThenThatTag() {
		assertThat(Generation.subjectOf(SUBJECT + ".jti")).isEqualTo(SUBJECT);
		assertThat(Generation.subjectOf(SUBJECT + ".j")).isEqualTo(SUBJECT);
		assertThat(Generation.subjectOf(SUBJECT + "~c" + PURPOSE)).isEqualTo(SUBJECT);
	}

	@ParameterizedTest
	@ValueSource(strings = { "jti-of-a-token-without-generation", SUBJECT, SUBJECT + ".", SUBJECT + "-jti",
			SUBJECT + "xjti", "0123456789ABCDEF0123456789ABCDEF.jti", "0123456789abcdef0123456789abcdeg.jti", "" })
	void subjectOfWhenTheIdHasNoSubjectTagThenNull(String id) {
		assertThat(Generation.subjectOf(id)).isNull();
	}

}
