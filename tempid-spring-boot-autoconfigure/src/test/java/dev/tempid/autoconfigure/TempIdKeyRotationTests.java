package dev.tempid.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.tempid.IssuedToken;
import dev.tempid.LocalKey;
import dev.tempid.PemTestKeys;
import dev.tempid.Reason;
import dev.tempid.SecretKey;
import dev.tempid.Secrets;
import dev.tempid.TempIdException;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Rotating the shared secret ({@code tempid.older-secrets}) and keys given in PEM, as
 * docs/operations.md walks through them.
 */
class TempIdKeyRotationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TempIdAutoConfiguration.class));

	private final String oldSecret = Secrets.generate();

	private final String newSecret = Secrets.generate();

	@Test
	void whenTheSecretIsRotatedThenOldTokensKeepVerifyingAndNewOnesUseTheNewSecret() {
		this.contextRunner.withPropertyValues("tempid.secret=" + this.oldSecret).run((before) -> {
			IssuedToken old = before.getBean(TokenService.class)
				.issue(TokenRequest.forPurpose("password-reset").subject("alice").maxUses(1).build());
			this.contextRunner
				.withPropertyValues("tempid.secret=" + this.newSecret, "tempid.older-secrets=" + this.oldSecret)
				.run((after) -> {
					TokenService tokens = after.getBean(TokenService.class);
					assertThat(tokens.consume(old.value(), "password-reset").subject()).isEqualTo("alice");
					IssuedToken fresh = tokens.issue(TokenRequest.forPurpose("password-reset").subject("bob").build());
					assertThat(kid(fresh)).isEqualTo(LocalKey.fromSecret(this.newSecret).id())
						.isNotEqualTo(LocalKey.fromSecret(this.oldSecret).id());
					// an instance still on the old secret alone cannot read tokens of the new one
					assertThatExceptionOfType(TempIdException.class)
						.isThrownBy(() -> before.getBean(TokenService.class).verify(fresh.value(), "password-reset"))
						.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNKNOWN_KEY));
				});
			// once the older secret is dropped, its tokens stop verifying
			this.contextRunner.withPropertyValues("tempid.secret=" + this.newSecret).run((dropped) -> assertThatExceptionOfType(
					TempIdException.class)
				.isThrownBy(() -> dropped.getBean(TokenService.class).verify(old.value(), "password-reset"))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNKNOWN_KEY)));
		});
	}

	@Test
	void whenOlderSecretsAreSetWithoutACurrentSecretThenStartUpFailsSayingWhatToDo() {
		this.contextRunner.withPropertyValues("tempid.older-secrets=" + this.oldSecret).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("tempid.older-secrets").doesNotContain(this.oldSecret);
			assertThat(analysis.getAction()).contains("tempid.secret");
		});
	}

	@Test
	void whenAnOlderSecretIsWeakThenStartUpFailsNamingItWithoutRepeatingIt() {
		this.contextRunner
			.withPropertyValues("tempid.secret=" + this.newSecret, "tempid.older-secrets=" + this.oldSecret + ",changeme-changeme-changeme-changeme")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("tempid.older-secrets[1]").contains("too weak")
					.doesNotContain("changeme-changeme");
			});
	}

	@Test
	void whenKeysAreGivenInPemThenSignedTokensVerifyWithThePublicPem() {
		SecretKey key = SecretKey.generate();
		this.contextRunner.withPropertyValues("tempid.keys.signing=" + key.toPem()).run((signer) -> {
			IssuedToken token = signer.getBean(TokenService.class).issue(TokenRequest.forPurpose("api").subject("svc").build());
			assertThat(token.value()).startsWith("v4.public.");
			this.contextRunner.withPropertyValues("tempid.keys.verification=" + key.publicKey().toPem())
				.run((verifier) -> assertThat(verifier.getBean(TokenService.class).verify(token.value(), "api").subject())
					.isEqualTo("svc"));
		});
	}

	@Test
	void whenAPemKeyIsNotEd25519ThenStartUpFailsSayingHowToMakeOne() {
		String p256 = PemTestKeys.OPENSSL_P256_PRIVATE;
		this.contextRunner.withPropertyValues("tempid.keys.signing=" + p256).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new TempIdFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("not an Ed25519 key").doesNotContain("MIGHAgEA");
			assertThat(analysis.getAction()).contains("keygen");
		});
	}

	private static String kid(IssuedToken token) {
		String footer = token.value().substring(token.value().lastIndexOf('.') + 1);
		return new String(Base64.getUrlDecoder().decode(footer), StandardCharsets.UTF_8)
			.replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
	}

}
