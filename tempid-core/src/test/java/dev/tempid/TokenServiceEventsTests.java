package dev.tempid;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tempid.store.InMemoryUseStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the listeners hear of each operation of a {@link TokenService}: one event when it
 * ends, with its outcome, the token id and subject where they are known, whether it
 * succeeded or failed (metrics, audit logs and security events are built on these).
 */
class TokenServiceEventsTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

	private final OutageStore store = new OutageStore(new InMemoryUseStore(this.clock, 1000));

	private final List<TokenEvent> events = new CopyOnWriteArrayList<>();

	private final TokenService tokens = TokenService.builder()
		.localKey(LocalKey.generate())
		.clock(this.clock)
		.store(this.store)
		.revocationChecks(true)
		.issueLimit("limited", IssueLimit.valueOf("1 per 15m"))
		.purpose("magic", PurposePolicy.NONE.withSingleActive(true).withMaxUses(1))
		.listener(this.events::add)
		.build();

	private TokenEvent last() {
		assertThat(this.events).isNotEmpty();
		return this.events.get(this.events.size() - 1);
	}

	private IssuedToken issue(String purpose) {
		return this.tokens.issue(TokenRequest.forPurpose(purpose).subject("user:1").maxUses(2).build());
	}

	@Test
	void issueWhenRefusedThenListenersHearTheReasonAndTheSubject() {
		issue("limited");
		assertThatExceptionOfType(TooManyIssuedException.class).isThrownBy(() -> issue("limited"));
		assertEvent(last(), Operation.ISSUE, "limited", Reason.TOO_MANY_ISSUED, null, "user:1");
	}

	@Test
	void issueAndConsumeWhenTheySucceedThenListenersHearTheTokenAndItsSubject() {
		IssuedToken token = issue("api");
		assertEvent(last(), Operation.ISSUE, "api", null, token.id(), "user:1");
		this.tokens.consume(token.value(), "api");
		assertEvent(last(), Operation.CONSUME, "api", null, token.id(), "user:1");
		assertThat(this.tokens.operations().toString()).startsWith("TokenOperations[TokenService[");
	}

	@Test
	void verifyWhenItSucceedsThenListenersHearTheTokenAndItsSubject() {
		IssuedToken token = issue("api");
		this.tokens.verify(token.value(), "api");
		assertEvent(last(), Operation.VERIFY, "api", null, token.id(), "user:1");
		assertThat(last().at()).isEqualTo(this.clock.instant());
	}

	@Test
	void releaseWhenItSucceedsOrTheStoreIsDownThenListenersHearIt() {
		IssuedToken token = issue("api");
		VerifiedToken consumed = this.tokens.consume(token.value(), "api");
		assertThat(this.tokens.release(consumed)).isTrue();
		assertEvent(last(), Operation.RELEASE, "api", null, token.id(), "user:1");
		// nothing taken any more: nothing to give back
		assertThat(this.tokens.release(consumed)).isFalse();
		this.store.down(true);
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> this.tokens.release(consumed));
		assertEvent(last(), Operation.RELEASE, "api", Reason.STORE_UNAVAILABLE, token.id(), "user:1");
	}

	@Test
	void usageWhenItSucceedsOrTheStoreIsDownThenListenersHearIt() {
		IssuedToken token = issue("api");
		assertThat(this.tokens.usage(token.value(), "api")).isEqualTo(new Usage(2, 0, false));
		assertEvent(last(), Operation.USAGE, "api", null, token.id(), "user:1");
		this.store.down(true);
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> this.tokens.usage(token.value(), "api"));
		assertThat(last().operation()).isEqualTo(Operation.USAGE);
		assertThat(last().reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
	}

	@Test
	void revokeWhenItSucceedsOrTheStoreIsDownThenListenersHearIt() {
		IssuedToken token = issue("api");
		this.tokens.revoke(token.value(), "api");
		assertEvent(last(), Operation.REVOKE, "api", null, token.id(), "user:1");
		IssuedToken other = issue("api");
		this.store.down(true);
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> this.tokens.revoke(other.value(), "api"));
		assertThat(last().operation()).isEqualTo(Operation.REVOKE);
		assertThat(last().reason()).isEqualTo(Reason.STORE_UNAVAILABLE);
	}

	@Test
	void revokeOfAVerifiedTokenWhenItSucceedsOrTheStoreIsDownThenListenersHearIt() {
		VerifiedToken first = this.tokens.verify(issue("api").value(), "api");
		this.tokens.revoke(first);
		assertEvent(last(), Operation.REVOKE, "api", null, first.id(), "user:1");
		VerifiedToken second = this.tokens.verify(issue("api").value(), "api");
		this.store.down(true);
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> this.tokens.revoke(second));
		assertEvent(last(), Operation.REVOKE, "api", Reason.STORE_UNAVAILABLE, second.id(), "user:1");
	}

	@Test
	void refreshWhenItSucceedsThenListenersHearTheNewToken() {
		IssuedToken token = issue("api");
		IssuedToken renewed = this.tokens.refresh(token.value(), "api");
		assertEvent(last(), Operation.REFRESH, "api", null, renewed.id(), "user:1");
	}

	@Test
	void revokeAllWhenItSucceedsOrTheStoreIsDownThenListenersHearThePurposeOrStar() {
		this.tokens.revokeAll("user:1");
		assertEvent(last(), Operation.REVOKE, "*", null, null, "user:1");
		this.tokens.revokeAll("user:1", "magic");
		assertEvent(last(), Operation.REVOKE, "magic", null, null, "user:1");
		this.store.down(true);
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> this.tokens.revokeAll("user:1"));
		assertEvent(last(), Operation.REVOKE, "*", Reason.STORE_UNAVAILABLE, null, "user:1");
	}

	@Test
	void consumeCodeWhenRightOrWrongThenListenersHearItWithTheSubject() {
		IssuedToken link = this.tokens.issue(TokenRequest.forPurpose("magic").subject("user:1").withCode("a@example.com")
			.build());
		String wrong = String.format("%06d", (Integer.parseInt(link.code()) + 1) % 1_000_000);
		assertThatExceptionOfType(WrongCodeException.class)
			.isThrownBy(() -> this.tokens.consumeCode("magic", "user:1", "a@example.com", wrong));
		assertEvent(last(), Operation.CONSUME, "magic", Reason.WRONG_CODE, null, "user:1");
		this.tokens.consumeCode("magic", "user:1", "a@example.com", link.code());
		assertEvent(last(), Operation.CONSUME, "magic", null, null, "user:1");
	}

	@Test
	void inspectWhenItSucceedsOrFailsThenListenersHearItForEveryPurpose() {
		IssuedToken token = issue("api");
		this.tokens.inspect(token.value());
		assertEvent(last(), Operation.INSPECT, "*", null, token.id(), "user:1");
		this.clock.advance(Duration.ofMinutes(30));
		assertThatExceptionOfType(TokenExpiredException.class).isThrownBy(() -> this.tokens.inspect(token.value()));
		assertEvent(last(), Operation.INSPECT, "*", Reason.EXPIRED, token.id(), null);
	}

	private static void assertEvent(TokenEvent event, Operation operation, String purpose, Reason reason, String tokenId,
			String subject) {
		assertThat(event.operation()).isEqualTo(operation);
		assertThat(event.purpose()).isEqualTo(purpose);
		assertThat(event.reason()).isEqualTo(reason);
		assertThat(event.succeeded()).isEqualTo(reason == null);
		assertThat(event.tokenId()).isEqualTo(tokenId);
		assertThat(event.subject()).isEqualTo(subject);
	}

}
