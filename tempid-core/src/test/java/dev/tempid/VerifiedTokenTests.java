package dev.tempid;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class VerifiedTokenTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));

	private final TokenService tokens = TokenService.builder()
		.localKey(LocalKey.generate())
		.issuer("app")
		.clock(this.clock)
		.build();

	@Test
	void claimWhenRegisteredNameThenTheClaimConvertedToTheType() {
		Instant notBefore = Instant.parse("2026-01-01T10:00:00Z");
		IssuedToken issued = this.tokens.issue(TokenRequest.forPurpose("invite")
			.subject("user:42")
			.audience("web")
			.ttl(Duration.ofMinutes(15))
			.notBefore(notBefore)
			.maxUses(3)
			.permissions("read", "write")
			.build());
		VerifiedToken token = this.tokens.verify(issued.value(), Expectation.purpose("invite").audience("web"));
		assertThat(token.claim("sub", String.class)).isEqualTo("user:42");
		assertThat(token.claim("aud", String.class)).isEqualTo("web");
		assertThat(token.claim("iss", String.class)).isEqualTo("app");
		assertThat(token.claim("jti", String.class)).isEqualTo(issued.id());
		assertThat(token.claim("pur", String.class)).isEqualTo("invite");
		assertThat(token.claim("iat", Instant.class)).isEqualTo(this.clock.instant());
		assertThat(token.claim("exp", Instant.class)).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(15)));
		assertThat(token.claim("nbf", Instant.class)).isEqualTo(notBefore);
		assertThat(token.claim("mu", Integer.class)).isEqualTo(3);
		assertThat(token.claim("mu", Long.class)).isEqualTo(3L);
		assertThat(token.claim("perms", List.class)).containsExactly("read", "write");
	}

	@Test
	void claimWhenApplicationClaimThenConvertedAndMissingOnesAreNull() {
		VerifiedToken token = verify(TokenRequest.forPurpose("p")
			.claim("email", "a@example.com")
			.claim("count", 7)
			.claim("profile", Map.of("name", "Alice", "age", 30)));
		assertThat(token.claim("email", String.class)).isEqualTo("a@example.com");
		assertThat(token.claim("count", Long.class)).isEqualTo(7L);
		assertThat(token.claim("profile", Profile.class)).isEqualTo(new Profile("Alice", 30));
		assertThat(token.claim("missing", String.class)).isNull();
		assertThat(token.claim("sub", String.class)).isNull();
		assertThat(token.claim("nbf", Instant.class)).isNull();
		assertThat(token.data()).containsOnlyKeys("email", "count", "profile");
	}

	@Test
	void claimWhenAnIntegerClaimIsReadAsAnotherIntegerTypeThenWidenedOrNarrowedOnlyWhenItFits() {
		VerifiedToken token = verify(TokenRequest.forPurpose("p").claim("small", 7).claim("big", 5_000_000_000L));
		assertThat(token.claim("small", Long.class)).isEqualTo(7L);
		assertThat(token.claim("small", Integer.class)).isEqualTo(7);
		assertThat(token.claim("small", Double.class)).isEqualTo(7.0);
		assertThat(token.claim("big", Long.class)).isEqualTo(5_000_000_000L);
		assertThatIllegalArgumentException().isThrownBy(() -> token.claim("big", Integer.class))
			.withMessage("claim 'big' cannot be read as Integer");
	}

	@Test
	void claimWhenTheValueCannotBeConvertedThenRefusedNamingTheClaimButNotTheValue() {
		VerifiedToken token = verify(TokenRequest.forPurpose("p").claim("email", "a@example.com"));
		assertThatIllegalArgumentException().isThrownBy(() -> token.claim("email", Integer.class))
			.withMessage("claim 'email' cannot be read as Integer");
		assertThatNullPointerException().isThrownBy(() -> token.claim("email", null))
			.withMessage("type must not be null");
	}

	@Test
	void remainingWhenTheClockMovesThenShrinksAndReadsAsText() {
		VerifiedToken token = verify(TokenRequest.forPurpose("p").ttl(Duration.ofMinutes(15)));
		assertThat(token.remaining()).isEqualTo(Duration.ofMinutes(15));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(token.remaining()).isEqualTo(Duration.ofSeconds(899));
		assertThat(token.remainingText()).isEqualTo("14m 59s");
		this.clock.advance(Duration.ofMinutes(20));
		assertThat(token.remaining()).isNegative();
		assertThat(token.remainingText()).isEqualTo("expired");
	}

	@Test
	void hasPermissionWhenGrantedThenTrueOtherwiseFalse() {
		VerifiedToken token = verify(TokenRequest.forPurpose("p").permissions("read"));
		assertThat(token.hasPermission("read")).isTrue();
		assertThat(token.hasPermission("write")).isFalse();
		assertThat(verify(TokenRequest.forPurpose("p")).permissions()).isEmpty();
		assertThat(token.isBound()).isFalse();
	}

	@Test
	void usesLeftWhenVerifiedThenUnknownAndWhenConsumedThenCounted() {
		IssuedToken issued = this.tokens.issue(TokenRequest.forPurpose("p").maxUses(2).build());
		assertThat(this.tokens.verify(issued.value(), "p").usesLeft()).isEqualTo(VerifiedToken.UNKNOWN);
		assertThat(this.tokens.consume(issued.value(), "p").usesLeft()).isEqualTo(1);
		IssuedToken unlimited = this.tokens.issue(TokenRequest.forPurpose("p").build());
		assertThat(this.tokens.consume(unlimited.value(), "p").usesLeft()).isEqualTo(VerifiedToken.UNLIMITED);
	}

	@Test
	void toStringWhenPrintedThenIdPurposeSubjectAndExpiryButNoClaimsData() {
		VerifiedToken token = verify(TokenRequest.forPurpose("p").subject("alice").claim("email", "a@example.com"));
		assertThat(token).hasToString("VerifiedToken[id=" + token.id() + ", purpose=p, subject=alice, expiresAt="
				+ token.expiresAt() + "]");
	}

	private VerifiedToken verify(TokenRequest.Builder request) {
		return this.tokens.verify(this.tokens.issue(request.build()).value(), request.build().purpose());
	}

	record Profile(String name, int age) {
	}


	@Test
	void claimWhenGenerationOrSessionIdThenTheRegisteredClaimWhenPresentElseTheApplicationsOwn() {
		TokenService tokens = TokenService.builder().localKey(LocalKey.generate()).clock(this.clock).build();
		VerifiedToken bound = tokens.verify(tokens.issue(TokenRequest.forPurpose("session").subject("user:1")
			.revocableBySubject(true).sessionId("s-1").build()).value(), "session");
		assertThat(bound.sessionId()).isEqualTo("s-1");
		assertThat(bound.claim("sid", String.class)).isEqualTo("s-1");
		assertThat(bound.claim("gen", Long.class)).isEqualTo(1L);
		assertThat(bound.claim("gen", Integer.class)).isEqualTo(1);
		VerifiedToken plain = tokens.verify(tokens.issue(TokenRequest.forPurpose("plain").claim("gen", "mine")
			.claim("sid", "also mine").build()).value(), "plain");
		assertThat(plain.sessionId()).isNull();
		assertThat(plain.generation()).isZero();
		assertThat(plain.claim("gen", String.class)).isEqualTo("mine");
		assertThat(plain.claim("sid", String.class)).isEqualTo("also mine");
	}

	@Test
	void usageWhenAskedThenTheUsesLeftOfTheTotal() {
		assertThat(new Usage(3, 1, false).left()).isEqualTo(2);
		assertThat(new Usage(3, 3, false).left()).isZero();
		assertThat(new Usage(3, 1, true).left()).isZero();
		assertThat(new Usage(0, 7, false).left()).isEqualTo(Integer.MAX_VALUE);
	}

	@Test
	void issuedTokenWhenPrintedThenIdPurposeExpiryAndUsesButNeitherValueNorCode() {
		IssuedToken issued = new IssuedToken("v4.local.secret-body.footer", "id-1", "magic",
				Instant.parse("2026-01-01T10:00:00Z"), Instant.parse("2026-01-01T10:15:00Z"), 1, "123456");
		assertThat(issued).hasToString("IssuedToken[id=id-1, purpose=magic, expiresAt=2026-01-01T10:15:00Z, maxUses=1]");
	}
}
