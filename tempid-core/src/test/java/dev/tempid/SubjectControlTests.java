package dev.tempid;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tags a store keeps instead of subjects and purposes. They are persisted (Redis,
 * JDBC) and shared by every instance on the store, so they must not change between
 * versions: an instance computing other tags would find none of a subject's generations
 * or codes.
 */
class SubjectControlTests {

	@Test
	void tagsWhenComputedThenTheDomainSeparatedSha256PrefixesOfEveryVersion() {
		// SHA-256("tempid subject tag v1" || 0x00 || subject), first 16 bytes, lower-case hex
		assertThat(SubjectControl.subjectTag("user:1")).isEqualTo("d9b5e4fe53125c34c99ac2241c3c6558");
		// SHA-256("tempid purpose tag v1" || 0x00 || purpose), first 8 bytes, lower-case hex
		assertThat(SubjectControl.purposeTag("password-reset")).isEqualTo("023e844c05774f72");
		assertThat(SubjectControl.codeId("user:1", "password-reset"))
			.isEqualTo("d9b5e4fe53125c34c99ac2241c3c6558~c023e844c05774f72");
	}

}
