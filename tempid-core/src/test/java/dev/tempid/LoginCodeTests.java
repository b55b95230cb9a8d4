package dev.tempid;

import java.time.Instant;
import java.util.Locale;

import dev.tempid.store.InMemoryUseStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Login codes ({@link TokenRequest.Builder#withCode}, {@link TokenService#consumeCode}):
 * six digits, one use shared with the link, {@link TokenService#MAX_CODE_TRIES} wrong
 * tries, and bound to the service's key, subject, purpose and address.
 */
class LoginCodeTests {

	private static final String ADDRESS = "alice@example.com";

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

	private final InMemoryUseStore store = new InMemoryUseStore(this.clock, 1000);

	private final LocalKey key = LocalKey.generate();

	private final TokenService tokens = service(this.key);

	private TokenService service(LocalKey key) {
		return TokenService.builder()
			.localKey(key)
			.clock(this.clock)
			.store(this.store)
			.purpose("magic", PurposePolicy.NONE.withMaxUses(1))
			.purpose("invite", PurposePolicy.NONE.withMaxUses(3))
			.build();
	}

	private IssuedToken link(String purpose) {
		return this.tokens.issue(TokenRequest.forPurpose(purpose).subject("user:1").withCode(ADDRESS).build());
	}

	private static String wrong(String code, int by) {
		return String.format("%06d", (Integer.parseInt(code) + by) % 1_000_000);
	}

	@Test
	void consumeCodeWhenRightThenTheLinkIsUsedUpToo() {
		IssuedToken link = link("magic");
		assertThat(link.code()).matches("[0-9]{6}");
		assertThat(link.maxUses()).isEqualTo(1);
		// typed with spaces around it, as people paste codes
		this.tokens.consumeCode("magic", "user:1", " " + ADDRESS.toUpperCase(Locale.ROOT), " " + link.code() + "\n");
		assertThatExceptionOfType(TokenUsedUpException.class).isThrownBy(() -> this.tokens.consume(link.value(), "magic"));
		assertThatExceptionOfType(TokenUsedUpException.class)
			.isThrownBy(() -> this.tokens.consumeCode("magic", "user:1", ADDRESS, link.code()));
	}

	@ParameterizedTest
	@ValueSource(strings = { "12345", "1234567", "12a456", "", "١٢٣٤٥٦" })
	void consumeCodeWhenNotSixDigitsThenWrongCodeWithoutSpendingATry(String typed) {
		IssuedToken link = link("magic");
		for (int i = 0; i < TokenService.MAX_CODE_TRIES + 1; i++) {
			assertThatExceptionOfType(WrongCodeException.class)
				.isThrownBy(() -> this.tokens.consumeCode("magic", "user:1", ADDRESS, typed))
				.withMessage("a login code is 6 digits")
				.satisfies((ex) -> assertThat(ex.triesLeft()).isZero());
		}
		assertThatExceptionOfType(WrongCodeException.class)
			.isThrownBy(() -> this.tokens.consumeCode("magic", "user:1", ADDRESS, wrong(link.code(), 1)))
			.satisfies((ex) -> assertThat(ex.triesLeft()).isEqualTo(TokenService.MAX_CODE_TRIES - 1));
		this.tokens.consumeCode("magic", "user:1", ADDRESS, link.code());
	}

	@Test
	void consumeCodeWhenWrongThenTheTriesLeftCountDownAndTheLastOneEndsCodeAndLink() {
		IssuedToken link = link("magic");
		for (int tries = TokenService.MAX_CODE_TRIES - 1; tries > 0; tries--) {
			int left = tries;
			assertThatExceptionOfType(WrongCodeException.class)
				.isThrownBy(() -> this.tokens.consumeCode("magic", "user:1", ADDRESS, wrong(link.code(), left)))
				.withMessage("the login code does not match")
				.satisfies((ex) -> assertThat(ex.triesLeft()).isEqualTo(left))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.WRONG_CODE));
		}
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> this.tokens.consumeCode("magic", "user:1", ADDRESS, wrong(link.code(), 7)))
			.withMessageContaining("too many wrong login codes");
		// dead: the right code too, and the link
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> this.tokens.consumeCode("magic", "user:1", ADDRESS, link.code()))
			.withMessageContaining("too many wrong login codes");
		assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> this.tokens.consume(link.value(), "magic"));
	}

	@Test
	void consumeCodeWhenTheRightCodeFollowsWrongOnesThenGranted() {
		IssuedToken link = link("magic");
		assertThatExceptionOfType(WrongCodeException.class)
			.isThrownBy(() -> this.tokens.consumeCode("magic", "user:1", ADDRESS, wrong(link.code(), 1)));
		this.tokens.consumeCode("magic", "user:1", ADDRESS, link.code());
		assertThatExceptionOfType(TokenUsedUpException.class).isThrownBy(() -> this.tokens.consume(link.value(), "magic"));
	}

	@Test
	void consumeCodeWhenNoneIsHeldForSubjectPurposeThenWrongCodeWithNoTries() {
		IssuedToken link = link("magic");
		assertThatExceptionOfType(WrongCodeException.class)
			.isThrownBy(() -> this.tokens.consumeCode("magic", "user:2", ADDRESS, link.code()))
			.withMessage("no login code is held for this address")
			.satisfies((ex) -> assertThat(ex.triesLeft()).isZero());
		assertThatExceptionOfType(WrongCodeException.class)
			.isThrownBy(() -> this.tokens.consumeCode("invite", "user:1", ADDRESS, link.code()))
			.withMessage("no login code is held for this address");
	}

	@Test
	void consumeCodeWhenTheLinkWasRevokedThenRevoked() {
		TokenService checked = TokenService.builder().localKey(this.key).clock(this.clock).store(this.store)
			.revocationChecks(true).build();
		IssuedToken link = link("magic");
		checked.revoke(link.value(), "magic");
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> this.tokens.consumeCode("magic", "user:1", ADDRESS, link.code()))
			.withMessage("the login code's link was revoked or superseded");
	}

	@Test
	void consumeCodeWhenAnotherServiceKeyChecksItThenTheCodeDoesNotMatch() {
		// the store keeps a hash keyed by the service's key: a code is no use to a service with another key
		IssuedToken link = link("magic");
		TokenService other = service(LocalKey.generate());
		assertThatExceptionOfType(WrongCodeException.class)
			.isThrownBy(() -> other.consumeCode("magic", "user:1", ADDRESS, link.code()))
			.withMessage("the login code does not match");
		TokenService sameKey = service(this.key);
		sameKey.consumeCode("magic", "user:1", ADDRESS, link.code());
	}

	@Test
	void issueWhenACodeWouldGetMoreThanOneUseThenRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens
				.issue(TokenRequest.forPurpose("magic").subject("user:1").maxUses(2).withCode(ADDRESS).build()))
			.withMessageContaining("one use");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tokens.issue(TokenRequest.forPurpose("invite").subject("user:1").withCode(ADDRESS).build()))
			.withMessageContaining("one use");
	}

	@Test
	void issueWhenACodeAsksForOneUseOrLeavesItToTheRuleThenOneUse() {
		assertThat(this.tokens.issue(TokenRequest.forPurpose("invite").subject("user:1").maxUses(1).withCode(ADDRESS)
			.build()).maxUses()).isEqualTo(1);
		assertThat(this.tokens.issue(TokenRequest.forPurpose("magic").subject("user:1").withCode(ADDRESS).build())
			.maxUses()).isEqualTo(1);
		assertThat(this.tokens.issue(TokenRequest.forPurpose("free").subject("user:1").withCode(ADDRESS).build())
			.maxUses()).isEqualTo(1);
		// unlimited where the purpose has a limit: the code's rule wins, one use
		IssuedToken unlimited = this.tokens
			.issue(TokenRequest.forPurpose("invite").subject("user:1").unlimitedUses().withCode(ADDRESS).build());
		assertThat(unlimited.maxUses()).isEqualTo(1);
		this.tokens.consume(unlimited.value(), "invite");
		assertThatExceptionOfType(TokenUsedUpException.class)
			.isThrownBy(() -> this.tokens.consume(unlimited.value(), "invite"));
	}

}
