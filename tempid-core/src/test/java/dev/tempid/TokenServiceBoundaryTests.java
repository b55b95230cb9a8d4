package dev.tempid;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.UseRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The edges of {@link TokenService}'s rules: lifetimes to the second with the leeway,
 * how long the store remembers, when verify reads the store, and what refresh refuses.
 */
class TokenServiceBoundaryTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

	private final InMemoryUseStore memory = new InMemoryUseStore(this.clock, 1000);

	private final OutageStore store = new OutageStore(this.memory);

	private TokenService.Builder service() {
		return TokenService.builder().localKey(LocalKey.generate()).clock(this.clock).store(this.store);
	}

	@Test
	void verifyWhenExactlyAtExpiryPlusLeewayThenValidAndOneSecondLaterExpired() {
		TokenService tokens = service().leeway(Duration.ofSeconds(5)).build();
		IssuedToken token = tokens.issue(TokenRequest.forPurpose("p").ttl("1m").build());
		this.clock.advance(Duration.ofMinutes(1).plusSeconds(5));
		assertThat(tokens.verify(token.value(), "p").id()).isEqualTo(token.id());
		this.clock.advance(Duration.ofMillis(1));
		assertThatExceptionOfType(TokenExpiredException.class).isThrownBy(() -> tokens.verify(token.value(), "p"));
	}

	@Test
	void verifyWhenRevocationChecksAreOffThenTheStoreIsNeverAskedForATokenWithoutGeneration() {
		TokenService tokens = service().build();
		IssuedToken token = tokens.issue(TokenRequest.forPurpose("p").subject("user:1").build());
		this.store.down(true);
		int calls = this.store.calls();
		assertThat(tokens.verify(token.value(), "p").subject()).isEqualTo("user:1");
		assertThat(tokens.inspect(token.value()).id()).isEqualTo(token.id());
		assertThat(this.store.calls()).isEqualTo(calls);
		// consume always asks, and fails closed
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> tokens.consume(token.value(), "p"));
	}

	@Test
	void verifyWhenTheTokenCarriesAGenerationThenTheStoreIsAskedEvenWithoutRevocationChecks() {
		TokenService tokens = service().build();
		IssuedToken token = tokens
			.issue(TokenRequest.forPurpose("p").subject("user:1").revocableBySubject(true).build());
		assertThat(tokens.verify(token.value(), "p").generation()).isEqualTo(1);
		this.store.down(true);
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> tokens.verify(token.value(), "p"));
	}

	@Test
	void issueWhenTheRequestSaysRevocableBySubjectThenItOverridesThePurpose() {
		TokenService tokens = service()
			.purpose("revocable", PurposePolicy.NONE.withRevocableBySubject(true))
			.build();
		IssuedToken asked = tokens.issue(TokenRequest.forPurpose("plain").subject("user:1").revocableBySubject(true).build());
		IssuedToken declined = tokens
			.issue(TokenRequest.forPurpose("revocable").subject("user:1").revocableBySubject(false).build());
		IssuedToken byPolicy = tokens.issue(TokenRequest.forPurpose("revocable").subject("user:1").build());
		tokens.revokeAll("user:1");
		assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> tokens.verify(asked.value(), "plain"));
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> tokens.verify(byPolicy.value(), "revocable"));
		assertThat(tokens.verify(declined.value(), "revocable").generation()).isZero();
	}

	@Test
	void revokeWhenTheVerifiedTokenHasSinceExpiredThenTheRevocationIsStillKeptForTheStoreMargin() {
		TokenService tokens = service().revocationChecks(true).build();
		IssuedToken token = tokens.issue(TokenRequest.forPurpose("p").ttl("1m").build());
		VerifiedToken verified = tokens.verify(token.value(), "p");
		this.clock.advance(Duration.ofMinutes(10));
		tokens.revoke(verified);
		assertThat(this.memory.usage(token.id())).isEqualTo(new UseRecord(0, true));
		this.clock.advance(TokenService.STORE_MARGIN);
		assertThat(this.memory.usage(token.id()).revoked()).isTrue();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.memory.usage(token.id())).isEqualTo(UseRecord.UNSEEN);
	}

	@Test
	void revokeWhenATokenOfASessionThenTheRevocationOutlivesEveryLaterTokenOfTheSession() {
		TokenService tokens = service().revocationChecks(true).build();
		TokenRequest request = TokenRequest.forPurpose("session").subject("user:1").sessionId("s1").ttl("10m").build();
		IssuedToken first = tokens.issue(request);
		this.clock.advance(Duration.ofMinutes(9));
		// renewed by issuing another with the same session id: it lives until 10:19
		IssuedToken renewed = tokens.issue(request);
		tokens.revoke(first.value(), "session");
		this.clock.advance(Duration.ofMinutes(9));
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> tokens.verify(renewed.value(), "session"));
	}

	@Test
	void refreshWhenTheTokenIsInASessionThenRefusedAndNothingEnds() {
		TokenService tokens = service().revocationChecks(true).build();
		IssuedToken token = tokens
			.issue(TokenRequest.forPurpose("session").subject("user:1").sessionId("s1").maxUses(3).build());
		assertThatIllegalArgumentException().isThrownBy(() -> tokens.refresh(token.value(), "session"))
			.withMessageContaining("session");
		assertThat(tokens.consume(token.value(), "session").usesLeft()).isEqualTo(2);
	}

	@Test
	void refreshWhenTheTtlIsNotPositiveThenRefusedAndTheTokenStaysUsable() {
		TokenService tokens = service().build();
		IssuedToken token = tokens.issue(TokenRequest.forPurpose("p").maxUses(1).build());
		assertThatIllegalArgumentException().isThrownBy(() -> tokens.refresh(token.value(), "p", Duration.ZERO))
			.withMessage("ttl must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> tokens.refresh(token.value(), "p", Duration.ofSeconds(-1)));
		assertThatNullPointerException()
			.isThrownBy(() -> tokens.refresh(token.value(), Expectation.purpose("p"), (Duration) null));
		IssuedToken renewed = tokens.refresh(token.value(), "p", Duration.ofSeconds(1));
		assertThat(renewed.expiresAt()).isEqualTo(this.clock.instant().plusSeconds(1));
	}

	@Test
	void refreshWhenTheTokenIsUnlimitedThenTheSuccessorIsUnlimitedToo() {
		TokenService tokens = service().revocationChecks(true).build();
		IssuedToken token = tokens.issue(TokenRequest.forPurpose("feed").build());
		tokens.consume(token.value(), "feed");
		tokens.consume(token.value(), "feed");
		IssuedToken renewed = tokens.refresh(token.value(), "feed");
		assertThat(renewed.maxUses()).isZero();
		assertThat(tokens.verify(renewed.value(), "feed").maxUses()).isZero();
		assertThat(tokens.consume(renewed.value(), "feed").usesLeft()).isEqualTo(VerifiedToken.UNLIMITED);
	}

	@Test
	void refreshWhenTheTokenCarriesAGenerationThenTheSuccessorKeepsItAndRevokeAllEndsIt() {
		TokenService tokens = service().build();
		IssuedToken token = tokens
			.issue(TokenRequest.forPurpose("p").subject("user:1").revocableBySubject(true).maxUses(2).build());
		IssuedToken renewed = tokens.refresh(token.value(), "p");
		assertThat(tokens.verify(renewed.value(), "p").generation()).isEqualTo(1);
		assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> tokens.verify(token.value(), "p"));
		tokens.revokeAll("user:1", "p");
		assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> tokens.consume(renewed.value(), "p"));
	}

	@Test
	void builtServiceWhenAskedThenReportsItsConfigurationWithoutKeyMaterial() {
		LocalKey key = LocalKey.generate();
		PurposePolicy policy = PurposePolicy.NONE.withMaxUses(1);
		TokenService tokens = TokenService.builder().localKey(key).issuer("app").audience("web").store(this.memory)
			.revocationChecks(true).purpose("reset", policy).build();
		assertThat(tokens.issuer()).isEqualTo("app");
		assertThat(tokens.audience()).isEqualTo("web");
		assertThat(tokens.revocationChecks()).isTrue();
		assertThat(TokenService.builder().localKey(key).build().revocationChecks()).isFalse();
		assertThat(tokens.purposes()).containsExactly(Map.entry("reset", policy));
		assertThat(tokens.toString()).isEqualTo("TokenService[format=LOCAL, keys=[" + key.id()
				+ "], issuer=app, audience=web, store=InMemoryUseStore]");
		assertThat(tokens.toString()).doesNotContain(key.toPaserk().substring(9));
	}


	@Test
	void issueWhenThePayloadIsExactlyTheLimitThenIssuedAndOneByteMoreRefused() {
		TokenService tokens = service().maxPayloadSize(64).build();
		// {"blob":"..."}: 11 bytes around the value
		TokenRequest exact = TokenRequest.forPurpose("p").claim("blob", "a".repeat(64 - 11)).build();
		assertThat(tokens.verify(tokens.issue(exact).value(), "p").claim("blob", String.class)).hasSize(53);
		TokenRequest over = TokenRequest.forPurpose("p").claim("blob", "a".repeat(64 - 10)).build();
		assertThatExceptionOfType(PayloadTooLargeException.class).isThrownBy(() -> tokens.issue(over))
			.withMessage("the application payload is 65 bytes encoded; the limit is 64");
	}

	@Test
	void issueWhenTheRequestAsksForUnlimitedUsesThenItOverridesThePurposesLimit() {
		TokenService tokens = service().purpose("invite", PurposePolicy.NONE.withMaxUses(1)).build();
		IssuedToken unlimited = tokens.issue(TokenRequest.forPurpose("invite").unlimitedUses().build());
		assertThat(unlimited.maxUses()).isZero();
		tokens.consume(unlimited.value(), "invite");
		assertThat(tokens.consume(unlimited.value(), "invite").usesLeft()).isEqualTo(VerifiedToken.UNLIMITED);
		assertThat(tokens.issue(TokenRequest.forPurpose("invite").build()).maxUses()).isEqualTo(1);
	}

	@Test
	void verifyWhenTheAudienceDiffersThenTheMessageSaysWhichWasExpected() {
		TokenService withAudience = service().audience("web").build();
		TokenService without = TokenService.builder().keyRing(withAudience.keyRing()).clock(this.clock).build();
		IssuedToken forWeb = withAudience.issue(TokenRequest.forPurpose("p").build());
		IssuedToken forNone = without.issue(TokenRequest.forPurpose("p").build());
		assertThatExceptionOfType(WrongAudienceException.class).isThrownBy(() -> without.verify(forWeb.value(), "p"))
			.withMessageStartingWith("the token is for an audience and this verifier expects none");
		assertThatExceptionOfType(WrongAudienceException.class).isThrownBy(() -> withAudience.verify(forNone.value(), "p"))
			.withMessageStartingWith("the token is not for audience 'web'");
	}
}
