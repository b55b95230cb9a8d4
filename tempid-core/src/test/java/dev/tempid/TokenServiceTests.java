package dev.tempid;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.tempid.store.InMemoryUseStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TokenServiceTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

	private final LocalKey key = LocalKey.generate();

	private final List<TokenEvent> events = new CopyOnWriteArrayList<>();

	private final TokenService tokens = TokenService.builder().localKey(this.key).issuer("app").audience("web")
		.clock(this.clock).store(new InMemoryUseStore(this.clock, 10_000)).listener(this.events::add).build();

	private IssuedToken issue(TokenRequest.Builder request) {
		return this.tokens.issue(request.build());
	}

	@Test
	void verifyWhenTokenIsFreshThenExposesEveryClaim() {
		IssuedToken token = issue(TokenRequest.forPurpose("invite").subject("user:1").ttl("2h").maxUses(2)
			.permissions("read", "write").claim("team", "blue").claim("seats", 3));
		VerifiedToken verified = this.tokens.verify(token.value(), "invite");
		assertThat(verified.id()).isEqualTo(token.id()).hasSizeGreaterThanOrEqualTo(22);
		assertThat(verified.purpose()).isEqualTo("invite");
		assertThat(verified.subject()).isEqualTo("user:1");
		assertThat(verified.issuer()).isEqualTo("app");
		assertThat(verified.audience()).isEqualTo("web");
		assertThat(verified.issuedAt()).isEqualTo(this.clock.instant());
		assertThat(verified.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofHours(2)));
		assertThat(verified.remaining()).isEqualTo(Duration.ofHours(2));
		assertThat(verified.remainingText()).isEqualTo("2h");
		assertThat(verified.maxUses()).isEqualTo(2);
		assertThat(verified.usesLeft()).isEqualTo(VerifiedToken.UNKNOWN);
		assertThat(verified.permissions()).containsExactly("read", "write");
		assertThat(verified.hasPermission("write")).isTrue();
		assertThat(verified.hasPermission("admin")).isFalse();
		assertThat(verified.data()).containsEntry("team", "blue");
		assertThat(verified.claim("seats", Long.class)).isEqualTo(3L);
		assertThat(verified.claim("sub", String.class)).isEqualTo("user:1");
		assertThat(verified.claim("missing", String.class)).isNull();
		assertThat(verified.keyId()).isEqualTo(this.key.id());
		assertThat(verified.format()).isEqualTo(TokenFormat.LOCAL);
	}

	@Test
	void verifyWhenPurposeDiffersThenWrongPurpose() {
		IssuedToken token = issue(TokenRequest.forPurpose("password-reset"));
		assertThatExceptionOfType(WrongPurposeException.class).isThrownBy(() -> this.tokens.verify(token.value(), "login"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.WRONG_PURPOSE));
	}

	@Test
	void verifyWhenAudienceDiffersThenWrongAudience() {
		IssuedToken token = issue(TokenRequest.forPurpose("api").audience("mobile"));
		assertThatExceptionOfType(WrongAudienceException.class).isThrownBy(() -> this.tokens.verify(token.value(), "api"));
		assertThat(this.tokens.verify(token.value(), Expectation.purpose("api").audience("mobile")).audience())
			.isEqualTo("mobile");
	}

	@Test
	void verifyWhenIssuerDiffersThenWrongIssuer() {
		TokenService other = TokenService.builder().localKey(this.key).issuer("other").audience("web")
			.clock(this.clock).build();
		IssuedToken token = other.issue(TokenRequest.forPurpose("api").build());
		assertThatExceptionOfType(WrongIssuerException.class).isThrownBy(() -> this.tokens.verify(token.value(), "api"));
	}

	@Test
	void verifyWhenExpiredBeyondLeewayThenExpiredAndListenerHearsIt() {
		IssuedToken token = issue(TokenRequest.forPurpose("login").ttl("10m"));
		this.clock.advance(Duration.ofMinutes(10).plusSeconds(5));
		assertThat(this.tokens.verify(token.value(), "login").remainingText()).isEqualTo("expired");
		this.clock.advance(Duration.ofSeconds(1));
		assertThatExceptionOfType(TokenExpiredException.class).isThrownBy(() -> this.tokens.verify(token.value(), "login"))
			.satisfies((ex) -> assertThat(ex.tokenId()).isEqualTo(token.id()));
		TokenEvent last = this.events.get(this.events.size() - 1);
		assertThat(last.operation()).isEqualTo(Operation.VERIFY);
		assertThat(last.reason()).isEqualTo(Reason.EXPIRED);
		assertThat(last.outcome()).isEqualTo("EXPIRED");
		assertThat(last.tokenId()).isEqualTo(token.id());
	}

	@Test
	void verifyWhenNotBeforeIsAheadThenNotYetValid() {
		IssuedToken token = issue(TokenRequest.forPurpose("launch").notBefore(this.clock.instant().plusSeconds(60)));
		assertThatExceptionOfType(TokenNotYetValidException.class)
			.isThrownBy(() -> this.tokens.verify(token.value(), "launch"));
		this.clock.advance(Duration.ofSeconds(56));
		assertThat(this.tokens.verify(token.value(), "launch").notBefore()).isNotNull();
	}

	@Test
	void verifyWhenIssuedInTheFutureBeyondLeewayThenNotYetValid() {
		MutableClock ahead = new MutableClock(this.clock.instant().plusSeconds(30));
		TokenService future = TokenService.builder().localKey(this.key).issuer("app").audience("web").clock(ahead)
			.build();
		IssuedToken token = future.issue(TokenRequest.forPurpose("x").build());
		assertThatExceptionOfType(TokenNotYetValidException.class).isThrownBy(() -> this.tokens.verify(token.value(), "x"));
	}

	@Test
	void consumeWhenMaxUsesReachedThenUsedUpAndUsageTells() {
		IssuedToken token = issue(TokenRequest.forPurpose("approve").maxUses(3));
		assertThat(this.tokens.consume(token.value(), "approve").usesLeft()).isEqualTo(2);
		assertThat(this.tokens.consume(token.value(), "approve").usesLeft()).isEqualTo(1);
		assertThat(this.tokens.usage(token.value(), "approve")).isEqualTo(new Usage(3, 2, false));
		assertThat(this.tokens.consume(token.value(), "approve").usesLeft()).isZero();
		assertThatExceptionOfType(TokenUsedUpException.class).isThrownBy(() -> this.tokens.consume(token.value(), "approve"));
		assertThat(this.tokens.tryConsume(token.value(), "approve")).isEmpty();
		assertThat(this.tokens.usage(token.value(), "approve").left()).isZero();
	}

	@Test
	void releaseWhenUseWasTakenThenItCanBeTakenAgain() {
		IssuedToken token = issue(TokenRequest.forPurpose("reset").maxUses(1));
		VerifiedToken spent = this.tokens.consume(token.value(), "reset");
		assertThat(this.tokens.release(spent)).isTrue();
		assertThat(this.tokens.consume(token.value(), "reset").usesLeft()).isZero();
	}

	@Test
	void consumeWhenUnlimitedAndNoRevocationChecksThenStoreIsStillAsked() {
		InMemoryUseStore store = new InMemoryUseStore();
		TokenService service = TokenService.builder().localKey(this.key).store(store).build();
		IssuedToken token = service.issue(TokenRequest.forPurpose("feed").build());
		assertThat(service.consume(token.value(), "feed").usesLeft()).isEqualTo(VerifiedToken.UNLIMITED);
		assertThat(store.usage(token.id()).used()).isEqualTo(1);
		store.revoke(token.id(), Duration.ofMinutes(20));
		assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> service.consume(token.value(), "feed"));
	}

	@ParameterizedTest(name = "maxUses {0}")
	@ValueSource(ints = { 0, 1, 5 })
	void revokeWhenRevocationChecksAreOnThenEveryLaterVerifyAndConsumeFails(int maxUses) {
		InMemoryUseStore store = new InMemoryUseStore();
		TokenService service = TokenService.builder().localKey(this.key).store(store).revocationChecks(true).build();
		IssuedToken token = service.issue(limited("session", maxUses));
		service.verify(token.value(), "session");
		service.revoke(token.value(), "session");
		assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> service.verify(token.value(), "session"));
		assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> service.consume(token.value(), "session"));
		assertThat(service.tryVerify(token.value(), "session")).isEmpty();
		assertThat(service.usage(token.value(), "session").left()).isZero();
		IssuedToken verifiedFirst = service.issue(limited("session", maxUses));
		service.revoke(service.verify(verifiedFirst.value(), "session"));
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> service.verify(verifiedFirst.value(), "session"));
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> service.consume(verifiedFirst.value(), "session"));
	}

	@ParameterizedTest(name = "maxUses {0}")
	@ValueSource(ints = { 0, 1, 5 })
	void revokeWhenRevocationChecksAreOffThenRefusesLoudlyAndRevokesNothing(int maxUses) {
		InMemoryUseStore store = new InMemoryUseStore();
		TokenService service = TokenService.builder().localKey(this.key).store(store).build();
		IssuedToken token = service.issue(limited("session", maxUses));
		assertThatIllegalStateException().isThrownBy(() -> service.revoke(token.value(), "session"))
			.withMessageContaining("revocation checks")
			.withMessageContaining("tempid.revocation-checks=true")
			.withMessageNotContaining(token.value());
		VerifiedToken verified = service.verify(token.value(), "session");
		assertThatIllegalStateException().isThrownBy(() -> service.revoke(verified));
		assertThat(store.usage(token.id()).revoked()).isFalse();
		assertThat(service.consume(token.value(), "session").id()).isEqualTo(token.id());
	}

	@Test
	void refreshWhenTokenIsValidThenNewIdSameClaimsRemainingUsesAndOldRevoked() {
		IssuedToken token = issue(TokenRequest.forPurpose("approve").subject("user:9").maxUses(3).ttl("10m")
			.claim("action", "deploy"));
		this.tokens.consume(token.value(), "approve");
		this.clock.advance(Duration.ofMinutes(5));
		IssuedToken renewed = this.tokens.refresh(token.value(), "approve", Duration.ofHours(1));
		assertThat(renewed.id()).isNotEqualTo(token.id());
		assertThat(renewed.maxUses()).isEqualTo(2);
		assertThat(renewed.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofHours(1)));
		VerifiedToken verified = this.tokens.verify(renewed.value(), "approve");
		assertThat(verified.subject()).isEqualTo("user:9");
		assertThat(verified.claim("action", String.class)).isEqualTo("deploy");
		assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> this.tokens.consume(token.value(), "approve"));
		assertThat(this.tokens.refresh(renewed.value(), "approve").expiresAt())
			.isEqualTo(this.clock.instant().plus(Duration.ofHours(1)));
	}

	@Test
	void refreshWhenRevocationChecksAreOnThenOldTokenFailsVerifyAndConsume() {
		TokenService service = TokenService.builder().localKey(this.key).clock(this.clock)
			.store(new InMemoryUseStore(this.clock, 100)).revocationChecks(true).build();
		for (int maxUses : new int[] { 0, 2 }) {
			IssuedToken token = service.issue(limited("api", maxUses));
			IssuedToken renewed = service.refresh(token.value(), "api");
			assertThat(renewed.maxUses()).isEqualTo(maxUses);
			assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> service.verify(token.value(), "api"));
			assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> service.consume(token.value(), "api"));
			assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> service.refresh(token.value(), "api"));
			assertThat(service.consume(renewed.value(), "api").id()).isEqualTo(renewed.id());
		}
	}

	@Test
	void refreshWhenUnlimitedAndRevocationChecksOffThenRefusesAndOldTokenStaysUsable() {
		IssuedToken token = issue(TokenRequest.forPurpose("api"));
		assertThatIllegalStateException().isThrownBy(() -> this.tokens.refresh(token.value(), "api"))
			.withMessageContaining("revocation checks");
		assertThat(this.tokens.consume(token.value(), "api").id()).isEqualTo(token.id());
	}

	@Test
	void refreshWhenUsedUpThenUsedUpAndNoTokenIsIssued() {
		IssuedToken token = issue(TokenRequest.forPurpose("approve").maxUses(1));
		this.tokens.consume(token.value(), "approve");
		assertThatExceptionOfType(TokenUsedUpException.class).isThrownBy(() -> this.tokens.refresh(token.value(), "approve"));
		assertThat(this.events).extracting(TokenEvent::operation, TokenEvent::outcome)
			.contains(org.assertj.core.groups.Tuple.tuple(Operation.REFRESH, "USED_UP"));
	}

	@Test
	void refreshWhenTokenIsBoundThenNewTokenIsBoundToTheSameStateUntilItChanges() {
		Map<String, String> passwordHashes = new ConcurrentHashMap<>(Map.of("user:1", "hash-1"));
		TokenService service = TokenService.builder().localKey(this.key).clock(this.clock)
			.stateResolver("password-reset", (token) -> passwordHashes.get(token.subject())).build();
		IssuedToken token = service.issue(TokenRequest.forPurpose("password-reset").subject("user:1").maxUses(1)
			.bindTo("hash-1").build());
		IssuedToken renewed = service.refresh(token.value(), "password-reset");
		VerifiedToken verified = service.verify(renewed.value(), "password-reset");
		assertThat(verified.isBound()).isTrue();
		assertThat(verified.id()).isEqualTo(renewed.id());
		IssuedToken again = service.refresh(renewed.value(), "password-reset", Duration.ofMinutes(5));
		passwordHashes.put("user:1", "hash-2");
		assertThatExceptionOfType(StateChangedException.class)
			.isThrownBy(() -> service.verify(again.value(), "password-reset"));
		assertThatExceptionOfType(StateChangedException.class)
			.isThrownBy(() -> service.consume(again.value(), "password-reset"));

		IssuedToken explicit = this.tokens.issue(TokenRequest.forPurpose("reset").maxUses(2).bindTo("v1").build());
		IssuedToken explicitRenewed = this.tokens.refresh(explicit.value(), Expectation.purpose("reset").state("v1"));
		assertThat(this.tokens.consume(explicitRenewed.value(), Expectation.purpose("reset").state("v1")).isBound())
			.isTrue();
		assertThatExceptionOfType(StateChangedException.class)
			.isThrownBy(() -> this.tokens.verify(explicitRenewed.value(), Expectation.purpose("reset").state("v2")));
		IssuedToken other = this.tokens.issue(TokenRequest.forPurpose("reset").maxUses(2).bindTo("v1").build());
		assertThatExceptionOfType(StateChangedException.class)
			.isThrownBy(() -> this.tokens.refresh(other.value(), Expectation.purpose("reset").state("v2")));
		assertThat(this.tokens.store().usage(other.id()).revoked()).isFalse();
	}

	@Test
	void verifyWhenKeysRotateThenOldTokensStillVerifyAndNewOnesUseTheNewKey() {
		IssuedToken old = issue(TokenRequest.forPurpose("login"));
		LocalKey next = LocalKey.generate();
		TokenService rotated = TokenService.builder().keyRing(KeyRing.of(next, this.key)).issuer("app").audience("web")
			.clock(this.clock).build();
		assertThat(rotated.verify(old.value(), "login").keyId()).isEqualTo(this.key.id());
		IssuedToken fresh = rotated.issue(TokenRequest.forPurpose("login").build());
		assertThat(rotated.verify(fresh.value(), "login").keyId()).isEqualTo(next.id());
		assertThatExceptionOfType(UnknownKeyException.class).isThrownBy(() -> this.tokens.verify(fresh.value(), "login"));
	}

	@Test
	void verifyWhenBoundStateChangesThenStateChanged() {
		Map<String, String> passwordHashes = new ConcurrentHashMap<>(Map.of("user:1", "hash-1"));
		TokenService service = TokenService.builder().localKey(this.key).clock(this.clock)
			.stateResolver("password-reset", (token) -> passwordHashes.get(token.subject())).build();
		IssuedToken token = service.issue(
				TokenRequest.forPurpose("password-reset").subject("user:1").bindTo(passwordHashes.get("user:1")).build());
		assertThat(service.verify(token.value(), "password-reset").isBound()).isTrue();
		assertThat(service.verify(token.value(), Expectation.purpose("password-reset").state("hash-1")).id())
			.isEqualTo(token.id());
		passwordHashes.put("user:1", "hash-2");
		assertThatExceptionOfType(StateChangedException.class)
			.isThrownBy(() -> service.verify(token.value(), "password-reset"));
		assertThatExceptionOfType(StateChangedException.class)
			.isThrownBy(() -> service.verify(token.value(), Expectation.purpose("password-reset").state("hash-2")));
		passwordHashes.remove("user:1");
		assertThatExceptionOfType(StateChangedException.class)
			.isThrownBy(() -> service.verify(token.value(), "password-reset"));
		IssuedToken unbound = service.issue(TokenRequest.forPurpose("password-reset").subject("user:1").build());
		assertThatExceptionOfType(StateChangedException.class)
			.isThrownBy(() -> service.verify(unbound.value(), "password-reset"));
	}

	@Test
	void verifyWhenTokenIsBoundAndVerifierGivesNoStateThenStateChanged() {
		IssuedToken token = issue(TokenRequest.forPurpose("reset").bindTo("v1"));
		assertThatExceptionOfType(StateChangedException.class).isThrownBy(() -> this.tokens.verify(token.value(), "reset"));
	}

	@Test
	void issueWhenPayloadIsOverTheLimitThenPayloadTooLarge() {
		TokenRequest request = TokenRequest.forPurpose("x").claim("blob", "a".repeat(600)).build();
		assertThatExceptionOfType(PayloadTooLargeException.class).isThrownBy(() -> this.tokens.issue(request))
			.withMessageContaining("512");
		TokenService roomy = TokenService.builder().localKey(this.key).maxPayloadSize(1024).build();
		assertThat(roomy.issue(request).value()).startsWith("v4.local.");
	}

	@Test
	void purposePolicyWhenRequestLeavesThingsOutThenPolicyDefaultsApply() {
		TokenService service = TokenService.builder().localKey(this.key).clock(this.clock)
			.purpose("invite", new PurposePolicy(Duration.ofDays(7), 5, "partners", null)).build();
		IssuedToken token = service.issue(TokenRequest.forPurpose("invite").build());
		VerifiedToken verified = service.verify(token.value(), "invite");
		assertThat(verified.maxUses()).isEqualTo(5);
		assertThat(verified.audience()).isEqualTo("partners");
		assertThat(verified.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofDays(7)));
	}

	@Test
	void inspectWhenAnyPurposeThenReadsButStillChecksTagAndExpiry() {
		IssuedToken token = issue(TokenRequest.forPurpose("anything").ttl("1m"));
		assertThat(this.tokens.inspect(token.value()).purpose()).isEqualTo("anything");
		this.clock.advance(Duration.ofMinutes(2));
		assertThatExceptionOfType(TokenExpiredException.class).isThrownBy(() -> this.tokens.inspect(token.value()));
	}

	@Test
	void toStringWhenAnythingIsPrintedThenNoTokenValueOrKeyMaterialShows() {
		IssuedToken token = issue(TokenRequest.forPurpose("x").maxUses(1));
		String body = token.value().substring(9, 40);
		assertThat(token.toString()).doesNotContain(body);
		assertThat(this.tokens.verify(token.value(), "x").toString()).doesNotContain(body);
		assertThat(this.key.toString()).doesNotContain(this.key.toPaserk().substring(9));
		SecretKey secret = SecretKey.generate();
		assertThat(secret.toString()).doesNotContain(secret.toPaserk().substring(10));
		assertThat(this.tokens.toString()).doesNotContain(this.key.toPaserk().substring(9));
		this.tokens.consume(token.value(), "x");
		assertThatExceptionOfType(TempIdException.class).isThrownBy(() -> this.tokens.consume(token.value(), "x"))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(body).contains(token.id()));
	}

	@Test
	void fromSecretWhenSameSecretThenSameKeyAndWeakSecretsAreRejected() {
		String secret = Secrets.generate();
		assertThat(LocalKey.fromSecret(secret).id()).isEqualTo(LocalKey.fromSecret(secret).id());
		assertThat(LocalKey.fromSecret(secret).id()).isNotEqualTo(LocalKey.fromSecret(Secrets.generate()).id());
		for (String weak : new String[] { "", "short-but-random-Xy7", "a".repeat(40), "changeme-changeme-changeme-changeme-1",
				"your-secret-goes-here-please-0123456789", "secretsecretsecretsecretsecretsecret42" }) {
			assertThatExceptionOfType(WeakSecretException.class).isThrownBy(() -> LocalKey.fromSecret(weak))
				.satisfies((ex) -> assertThat(ex.getMessage()).contains("openssl rand")
					.doesNotContain(weak.isEmpty() ? "\u0000" : weak));
		}
	}

	@Test
	void durationsWhenHumanFormsThenParseAndFormat() {
		assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
		assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
		assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
		assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
		assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
		assertThat(Durations.parse("PT15M")).isEqualTo(Duration.ofMinutes(15));
		assertThat(Durations.parse("P7D")).isEqualTo(Duration.ofDays(7));
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("soon"));
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("15x"));
		assertThat(Durations.format(Duration.ofSeconds(899))).isEqualTo("14m 59s");
		assertThat(Durations.format(Duration.ofMinutes(125))).isEqualTo("2h 5m");
		assertThat(Durations.format(Duration.ofHours(76))).isEqualTo("3d 4h");
		assertThat(Durations.format(Duration.ofSeconds(-1))).isEqualTo("expired");
	}

	@Test
	void listenerWhenOperationsRunThenHearsEachWithOutcome() {
		IssuedToken token = issue(TokenRequest.forPurpose("p").maxUses(1));
		this.tokens.consume(token.value(), "p");
		this.tokens.tryConsume(token.value(), "p");
		assertThat(this.events).extracting(TokenEvent::operation, TokenEvent::outcome).containsExactly(
				org.assertj.core.groups.Tuple.tuple(Operation.ISSUE, "success"),
				org.assertj.core.groups.Tuple.tuple(Operation.CONSUME, "success"),
				org.assertj.core.groups.Tuple.tuple(Operation.CONSUME, "USED_UP"));
		assertThat(this.events).allSatisfy((event) -> assertThat(event.purpose()).isEqualTo("p"));
	}

	@Test
	void verifyWhenPublicKeyRotatesThenOldTokensVerifyAndUnknownKidIsUnknownKey() {
		SecretKey first = SecretKey.generate();
		SecretKey second = SecretKey.generate();
		TokenService before = TokenService.builder().signingKey(first).clock(this.clock).build();
		IssuedToken old = before.issue(TokenRequest.forPurpose("api").build());
		TokenService after = TokenService.builder().keyRing(KeyRing.of(second, first.publicKey())).clock(this.clock)
			.build();
		assertThat(after.verify(old.value(), "api").keyId()).isEqualTo(first.publicKey().id());
		IssuedToken fresh = after.issue(TokenRequest.forPurpose("api").build());
		assertThat(fresh.value()).startsWith("v4.public.");
		assertThat(after.verify(fresh.value(), "api").keyId()).isEqualTo(second.publicKey().id());
		assertThatExceptionOfType(UnknownKeyException.class).isThrownBy(() -> before.verify(fresh.value(), "api"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.UNKNOWN_KEY));
	}

	@Test
	void tryVerifyWhenTokenIsGoodThenPresentOtherwiseEmptyWithoutThrowing() {
		IssuedToken token = issue(TokenRequest.forPurpose("link").ttl("1m"));
		assertThat(this.tokens.tryVerify(token.value(), "link")).map(VerifiedToken::id).contains(token.id());
		assertThat(this.tokens.tryVerify(token.value(), "other")).isEmpty();
		assertThat(this.tokens.tryVerify(null, "link")).isEmpty();
		assertThat(this.tokens.tryVerify("", "link")).isEmpty();
		assertThat(this.tokens.tryVerify("v4.local.garbage", Expectation.purpose("link"))).isEmpty();
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(this.tokens.tryVerify(token.value(), "link")).isEmpty();
		assertThat(this.tokens.tryConsume(token.value(), "link")).isEmpty();
		assertThat(this.events).extracting(TokenEvent::outcome).contains("EXPIRED", "WRONG_PURPOSE");
	}

	@Test
	void checkWhenSecretIsWeakThenMessageExplainsWithoutRepeatingTheSecret() {
		Secrets.check(Secrets.generate());
		String weak = "changeme-changeme-changeme-changeme-42";
		assertThatExceptionOfType(WeakSecretException.class).isThrownBy(() -> Secrets.check(weak))
			.satisfies((ex) -> assertThat(ex.getMessage()).isNotBlank().doesNotContain(weak).doesNotContain("changeme-changeme"));
		String tooShort = "Zq8#pL2!xR";
		assertThatExceptionOfType(WeakSecretException.class).isThrownBy(() -> Secrets.check(tooShort))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("32").doesNotContain(tooShort));
		assertThat(Secrets.generate()).hasSizeGreaterThanOrEqualTo(Secrets.MIN_LENGTH)
			.isNotEqualTo(Secrets.generate());
	}

	@Test
	void usageWhenUnlimitedTokenThenUnlimitedAndAfterRevocationRevoked() {
		TokenService service = TokenService.builder().localKey(this.key).revocationChecks(true).build();
		IssuedToken token = service.issue(TokenRequest.forPurpose("feed").build());
		Usage usage = service.usage(token.value(), "feed");
		assertThat(usage.revoked()).isFalse();
		assertThat(usage.unlimited()).isTrue();
		service.revoke(token.value(), "feed");
		assertThat(service.usage(token.value(), "feed").revoked()).isTrue();
	}

	@ParameterizedTest(name = "maxUses {0}")
	@ValueSource(ints = { 1, 3 })
	void consumeWhenThirtyTwoThreadsRaceThenExactlyMaxUsesWinEveryRound(int maxUses) throws Exception {
		TokenService service = TokenService.builder().localKey(this.key).build();
		int threads = 32;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			for (int round = 0; round < 200; round++) {
				IssuedToken token = service.issue(limited("race", maxUses));
				CyclicBarrier start = new CyclicBarrier(threads);
				List<Future<Boolean>> results = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					results.add(pool.submit(() -> {
						start.await(10, TimeUnit.SECONDS);
						return service.tryConsume(token.value(), "race").isPresent();
					}));
				}
				int winners = 0;
				for (Future<Boolean> result : results) {
					winners += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
				}
				assertThat(winners).as("round %d", round).isEqualTo(maxUses);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** A request of a purpose with a use limit, {@code 0} leaving it out (unlimited). */
	private static TokenRequest limited(String purpose, int maxUses) {
		TokenRequest.Builder request = TokenRequest.forPurpose(purpose);
		return ((maxUses > 0) ? request.maxUses(maxUses) : request).build();
	}

}
