package dev.tempid.autoconfigure;

import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's {@code secret: ${TEMPID_SECRET}} with the variable unset: start-up names
 * the variable, and {@code tempid.allow-random-secret=true} starts with a random key.
 */
@ExtendWith(OutputCaptureExtension.class)
class TempIdSecretPlaceholderTests {

	private static final String VARIABLE = "TEMPID_SECRET_UNSET_IN_THIS_TEST";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TempIdAutoConfiguration.class));

	@Test
	void whenTheSecretIsAnUnresolvedPlaceholderThenStartUpNamesTheMissingVariable() {
		this.contextRunner.withPropertyValues("tempid.secret=${" + VARIABLE + "}").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("'tempid.secret' is '${" + VARIABLE + "}'")
				.contains("'" + VARIABLE + "' is not set")
				.doesNotContain("characters");
			assertThat(analysis.getAction()).contains("export " + VARIABLE + "=").contains("allow-random-secret");
		});
	}

	@Test
	void whenTheLocalKeyIsAnUnresolvedPlaceholderThenStartUpNamesItsVariable() {
		this.contextRunner.withPropertyValues("tempid.keys.local=${TEMPID_LOCAL_KEY_UNSET}").run((context) -> {
			FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("'TEMPID_LOCAL_KEY_UNSET' is not set");
		});
	}

	@Test
	void whenTheVariableIsSetThenThePlaceholderResolvesAndTheSecretIsUsed() {
		this.contextRunner
			.withPropertyValues("tempid.secret=${" + VARIABLE + "}",
					VARIABLE + "=Zq8xV3mN7pL2kR9tW4yB6cD1fG5hJ0sA-Qe7Uu2Ii9Oo")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void whenTheSecretIsAnUnresolvedPlaceholderAndRandomSecretsAreAllowedThenItStartsWithAWarning(
			CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("tempid.secret=${" + VARIABLE + "}", "tempid.allow-random-secret=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TokenService tokens = context.getBean(TokenService.class);
				String token = tokens.issue(TokenRequest.forPurpose("p").build()).value();
				assertThat(tokens.verify(token, "p")).isNotNull();
				assertThat(output).contains("random key for this run").contains(VARIABLE);
			});
	}

	@Test
	void whenTheSecretIsShortButNotAPlaceholderThenItIsStillRefusedAsWeak() {
		this.contextRunner.withPropertyValues("tempid.secret=${short}x").run((context) -> {
			FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("too weak");
		});
	}

}
