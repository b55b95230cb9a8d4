package dev.tempid;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class ExpectationTests {

	private final TokenService tokens = TokenService.builder().localKey(LocalKey.generate()).audience("web").build();

	@Test
	void audienceWhenAddedThenANewExpectationAndTheFirstIsUnchanged() {
		Expectation purpose = Expectation.purpose("reset");
		Expectation withAudience = purpose.audience("mail");
		assertThat(purpose.audience()).isNull();
		assertThat(withAudience.audience()).isEqualTo("mail");
		assertThat(withAudience.purpose()).isEqualTo("reset");
		Expectation withState = withAudience.state("hash");
		assertThat(withAudience.state()).isNull();
		assertThat(withState.state()).isEqualTo("hash".getBytes(StandardCharsets.UTF_8));
		assertThat(withState.audience()).isEqualTo("mail");
		assertThat(withState.audience("other").state()).isEqualTo(withState.state());
	}

	@Test
	void verifyWhenTheExpectationNamesAnAudienceThenItReplacesTheServiceDefault() {
		String forMail = this.tokens.issue(TokenRequest.forPurpose("reset").audience("mail").build()).value();
		assertThat(this.tokens.verify(forMail, Expectation.purpose("reset").audience("mail")).audience()).isEqualTo("mail");
		assertThatExceptionOfType(WrongAudienceException.class).isThrownBy(() -> this.tokens.verify(forMail, "reset"));
	}

	@Test
	void stateWhenGivenAsTextOrAsItsUtf8BytesThenTheSameBinding() {
		String bound = this.tokens.issue(TokenRequest.forPurpose("reset").bindTo("h\u00e9sh").build()).value();
		assertThat(this.tokens.verify(bound, Expectation.purpose("reset").state("h\u00e9sh")).isBound()).isTrue();
		assertThat(this.tokens
			.verify(bound, Expectation.purpose("reset").state("h\u00e9sh".getBytes(StandardCharsets.UTF_8)))
			.isBound()).isTrue();
		assertThatExceptionOfType(StateChangedException.class)
			.isThrownBy(() -> this.tokens.verify(bound, Expectation.purpose("reset").state("hash")));
	}

	@Test
	void stateWhenTheCallersArrayChangesLaterThenTheExpectationKeepsItsCopy() {
		byte[] fingerprint = "hash".getBytes(StandardCharsets.UTF_8);
		Expectation expectation = Expectation.purpose("reset").state(fingerprint);
		fingerprint[0] = 'X';
		assertThat(expectation.state()).isEqualTo("hash".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void factoriesWhenNamesAreInvalidThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> Expectation.purpose(" ")).withMessage("purpose must not be blank");
		assertThatIllegalArgumentException().isThrownBy(() -> Expectation.purpose("p").audience(""))
			.withMessage("audience must not be blank");
		assertThatIllegalArgumentException().isThrownBy(() -> Expectation.purpose("x".repeat(257)))
			.withMessage("purpose must be at most 256 characters");
		assertThat(Expectation.purpose("x".repeat(256)).purpose()).hasSize(256);
		assertThatNullPointerException().isThrownBy(() -> Expectation.purpose("p").state((String) null))
			.withMessage("fingerprint must not be null");
		assertThatNullPointerException().isThrownBy(() -> Expectation.purpose("p").state((byte[]) null))
			.withMessage("fingerprint must not be null");
	}

	@Test
	void toStringWhenStateIsGivenThenSaysSoWithoutShowingIt() {
		assertThat(Expectation.purpose("reset").audience("web").state("secret-hash"))
			.hasToString("Expectation[purpose=reset, audience=web, state=given]");
		assertThat(Expectation.purpose("reset")).hasToString("Expectation[purpose=reset, audience=null, state=none]");
	}

}
