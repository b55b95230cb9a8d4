package dev.tempid;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The worked example of docs/token-format.md still decrypts and verifies as documented. */
class DocumentedExampleTests {

	static final String LOCAL_TOKEN = "v4.local.hh0UAvFzczsheorv4vYsYdi_bXbmqA-if2RbT1P5ct9OomPINCa5vCFHMnSxZ00tFraJ750WrzC8AJ89ewlvbVx2sHrBIueGfKzYcofhMsRlkuWoDZs0jPax3D3Yzw93OfN-WABo4RtMt45dp0Y-FDxUQqe63Fy1ttew1GT3iucRx9ucizU2unGYwskqChWFOX2e2uaNSY3e4OqraWJ48217ch0X39gaQWZmwakPC2N-Dksd8qUoGp9pEr-Ldqe7QWzGSJyuOHk6k_cGgOgVFRbOYOqV03uridXcOxZGVEAydTfiqpn_Lmrh0Qc0l4WwlUFz1LLeY580F3DZNc8IG4s.eyJraWQiOiJrNC5saWQuaVZ0WVFEanI1Z0VpakNTakpDM2ZRYUptN25DZVFTZWF0eTBKaXh5OGRic2sifQ";

	static final String PUBLIC_TOKEN = "v4.public.eyJpc3MiOiJleGFtcGxlLWFwcCIsInN1YiI6InVzZXI6NDIiLCJqdGkiOiJzanctc2FrYmVvU0NrVFhmcHBXSmN3IiwiaWF0IjoiMjAyNi0wMS0wMVQwMDowMDowMFoiLCJleHAiOiIyMDI2LTAxLTAxVDAwOjE1OjAwWiIsInB1ciI6InBhc3N3b3JkLXJlc2V0IiwibXUiOjEsImRhdGEiOnsiZW1haWwiOiJhbGljZUBleGFtcGxlLmNvbSJ9fcnBv6314ynMqbzSsk2z4r-gNRj8UHNw6YibvGSMmfENUBxSzrZ_TRbMqkUjJulcUxEE4JKwVjk0o9oX3daMjA0.eyJraWQiOiJrNC5waWQubUN2NUYzNGMzQUxCN2h6S0VPUVVzRUJwajNDVEFyaGJKekd5ZWVDQ0tXbjEifQ";

	private final TokenService tokens = TokenService.builder()
		.localKey(LocalKey.fromPaserk("k4.local.cHFyc3R1dnd4eXp7fH1-f4CBgoOEhYaHiImKi4yNjo8"))
		.verificationKeys(PublicKey.fromPaserk("k4.public.HOVqSMgv-ZFioUvFRGEmdOXWH7kxfmXUBVeA_by03DU"))
		.issuer("example-app")
		.clock(Clock.fixed(Instant.parse("2026-01-01T00:10:00Z"), ZoneOffset.UTC))
		.build();

	@Test
	void verifyWhenDocumentedLocalTokenThenDocumentedClaims() {
		VerifiedToken token = this.tokens.verify(LOCAL_TOKEN, "password-reset");
		assertThat(token.id()).isEqualTo("92pQTplRYJDWfgS2ghlbgg");
		assertDocumentedClaims(token);
		assertThat(token.keyId()).isEqualTo("k4.lid.iVtYQDjr5gEijCSjJC3fQaJm7nCeQSeaty0Jixy8dbsk");
	}

	@Test
	void verifyWhenDocumentedPublicTokenThenDocumentedClaims() {
		VerifiedToken token = this.tokens.verify(PUBLIC_TOKEN, "password-reset");
		assertDocumentedClaims(token);
		assertThat(token.keyId()).isEqualTo("k4.pid.mCv5F34c3ALB7hzKEOQUsEBpj3CTArhbJzGyeeCCKWn1");
	}

	private static void assertDocumentedClaims(VerifiedToken token) {
		assertThat(token.subject()).isEqualTo("user:42");
		assertThat(token.issuedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
		assertThat(token.expiresAt()).isEqualTo(Instant.parse("2026-01-01T00:15:00Z"));
		assertThat(token.maxUses()).isEqualTo(1);
		assertThat(token.claim("email", String.class)).isEqualTo("alice@example.com");
	}

}
