package dev.tempid.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import dev.tempid.IssuedToken;
import dev.tempid.LocalKey;
import dev.tempid.PemTestKeys;
import dev.tempid.PublicKey;
import dev.tempid.SecretKey;
import dev.tempid.Secrets;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class KeyToolTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(String stdin, String... args) {
		return new KeyTool(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
				new PrintStream(this.out, true, StandardCharsets.UTF_8), new PrintStream(this.err, true, StandardCharsets.UTF_8))
			.run(args);
	}

	private Properties output() throws IOException {
		Properties properties = new Properties();
		properties.load(new StringReader(this.out.toString(StandardCharsets.UTF_8)));
		return properties;
	}

	@Test
	void keygenLocalWhenRunThenPrintsAPastableKeyAndItsId() throws IOException {
		assertThat(run("", "keygen", "local")).isZero();
		LocalKey key = LocalKey.fromPaserk(output().getProperty("tempid.keys.local"));
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("its id, the kid of its tokens: " + key.id());
		assertThat(this.err.size()).isZero();
	}

	@Test
	void keygenLocalWhenRunTwiceThenTwoDifferentKeys() throws IOException {
		run("", "keygen", "local");
		String first = output().getProperty("tempid.keys.local");
		this.out.reset();
		run("", "keygen", "local");
		assertThat(output().getProperty("tempid.keys.local")).isNotEqualTo(first);
	}

	@Test
	void keygenPublicWhenRunThenSigningAndVerificationKeysBelongTogether() throws IOException {
		assertThat(run("", "keygen", "public")).isZero();
		SecretKey signing = SecretKey.fromPaserk(output().getProperty("tempid.keys.signing"));
		PublicKey verification = PublicKey.fromPaserk(output().getProperty("tempid.keys.verification"));
		assertThat(signing.publicKey()).isEqualTo(verification);
		IssuedToken token = TokenService.builder().signingKey(signing).build()
			.issue(TokenRequest.forPurpose("api").subject("svc").build());
		assertThat(TokenService.builder().verificationKeys(verification).build().verify(token.value(), "api").subject())
			.isEqualTo("svc");
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains(verification.id());
	}

	@Test
	void keygenSecretWhenRunThenPrintsASecretThatPassesTheCheck() throws IOException {
		assertThat(run("", "keygen", "secret")).isZero();
		String secret = output().getProperty("tempid.secret");
		Secrets.check(secret);
		assertThat(LocalKey.fromSecret(secret)).isNotNull();
	}

	@Test
	void importPemWhenPrivateKeyFileThenPrintsItsPaserks(@TempDir Path dir) throws IOException {
		Path file = Files.writeString(dir.resolve("key.pem"), PemTestKeys.OPENSSL_PRIVATE);
		assertThat(run("", "import-pem", file.toString())).isZero();
		SecretKey signing = SecretKey.fromPaserk(output().getProperty("tempid.keys.signing"));
		assertThat(signing).isEqualTo(SecretKey.fromPem(PemTestKeys.OPENSSL_PRIVATE));
	}

	@Test
	void importPemWhenPublicKeyOnStandardInputThenPrintsOnlyTheVerificationKey() throws IOException {
		assertThat(run(PemTestKeys.OPENSSL_PUBLIC, "import-pem", "-")).isZero();
		assertThat(output().getProperty("tempid.keys.signing")).isNull();
		assertThat(PublicKey.fromPaserk(output().getProperty("tempid.keys.verification")))
			.isEqualTo(PublicKey.fromPem(PemTestKeys.OPENSSL_PUBLIC));
	}

	@Test
	void idWhenPaserkOnStandardInputThenPrintsItsIdOnly() {
		LocalKey key = LocalKey.generate();
		assertThat(run(key.toPaserk() + "\n", "id")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8).strip()).isEqualTo(key.id());
		this.out.reset();
		SecretKey secret = SecretKey.generate();
		assertThat(run(secret.toPaserk(), "id")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains(secret.id()).contains(secret.secretId())
			.doesNotContain(secret.toPaserk());
	}

	@Test
	void idWhenPaserkIsAnArgumentThenPrintsItsId() {
		PublicKey key = SecretKey.generate().publicKey();
		assertThat(run("", "id", key.toPaserk())).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).isEqualTo(key.id() + System.lineSeparator());
		this.out.reset();
		LocalKey local = LocalKey.generate();
		assertThat(run("", "id", " " + local.toPaserk() + " ")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8).strip()).isEqualTo(local.id());
		assertThat(run("", "id", local.toPaserk(), "extra")).isEqualTo(2);
	}

	@Test
	void keygenWhenRunThenEveryKeyLineFollowsACommentSayingWhetherToKeepItSecret() {
		assertThat(run("", "keygen", "secret")).isZero();
		assertThat(lines()).hasSize(2).satisfies((lines) -> {
			assertThat(lines[0]).startsWith("#").contains("keep it secret");
			assertThat(lines[1]).startsWith("tempid.secret=");
		});
		this.out.reset();
		assertThat(run("", "keygen", "local")).isZero();
		assertThat(lines()).hasSize(3).satisfies((lines) -> {
			assertThat(lines[0]).startsWith("#").contains("keep it secret");
			assertThat(lines[1]).startsWith("tempid.keys.local=k4.local.");
			assertThat(lines[2]).startsWith("# its id");
		});
		this.out.reset();
		assertThat(run("", "keygen", "public")).isZero();
		assertThat(lines()).hasSize(5).satisfies((lines) -> {
			assertThat(lines[0]).startsWith("#").contains("keep it secret");
			assertThat(lines[1]).startsWith("tempid.keys.signing=k4.secret.");
			assertThat(lines[2]).startsWith("#").contains("safe to publish");
			assertThat(lines[3]).startsWith("tempid.keys.verification=k4.public.");
			assertThat(lines[4]).startsWith("# its id");
		});
	}

	private String[] lines() {
		return this.out.toString(StandardCharsets.UTF_8).split("\\R");
	}

	@Test
	void runWhenBadInputThenExitsOneWithAMessageThatDoesNotRepeatIt(@TempDir Path dir) {
		assertThat(run("k4.local.AAAAsecretish", "id")).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).startsWith("tempid: ").doesNotContain("AAAAsecretish");
		assertThat(this.out.size()).isZero();
		this.err.reset();
		assertThat(run("", "import-pem", dir.resolve("missing.pem").toString())).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("no such file");
		this.err.reset();
		assertThat(run("", "keygen", "rsa")).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("keygen local, keygen public or keygen secret");
	}

	@Test
	void runWhenNoOrUnknownCommandThenPrintsUsageAndExitsTwo() {
		assertThat(run("")).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).isEqualTo(KeyTool.USAGE);
		this.err.reset();
		assertThat(run("", "keygen")).isEqualTo(2);
		assertThat(run("", "frobnicate", "x")).isEqualTo(2);
	}

}
