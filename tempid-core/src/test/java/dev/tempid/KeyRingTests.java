package dev.tempid;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class KeyRingTests {

	private final LocalKey local = LocalKey.generate();

	private final LocalKey olderLocal = LocalKey.generate();

	private final SecretKey signing = SecretKey.generate();

	private final PublicKey olderPublic = SecretKey.generate().publicKey();

	@Test
	void ofWhenLocalKeysThenTheFirstIsActiveAndDuplicatesCountOnce() {
		KeyRing ring = KeyRing.of(this.local, this.olderLocal, this.local, this.olderLocal);
		assertThat(ring.activeLocalKey()).isEqualTo(this.local);
		assertThat(ring.activeSigningKey()).isNull();
		assertThat(ring.localKeys()).containsExactly(this.local, this.olderLocal);
		assertThat(ring.publicKeys()).isEmpty();
		assertThat(ring.keyIds()).containsExactly(this.local.id(), this.olderLocal.id());
		assertThat(ring.isEmpty()).isFalse();
	}

	@Test
	void ofWhenSigningKeyThenItsPublicHalfVerifiesFirst() {
		KeyRing ring = KeyRing.of(this.signing, this.olderPublic, this.signing.publicKey());
		assertThat(ring.activeSigningKey()).isEqualTo(this.signing);
		assertThat(ring.activeLocalKey()).isNull();
		assertThat(ring.publicKeys()).containsExactly(this.signing.publicKey(), this.olderPublic);
		assertThat(ring.localKeys()).isEmpty();
		assertThat(ring.keyIds()).containsExactly(this.signing.id(), this.olderPublic.id());
	}

	@Test
	void verifyOnlyWhenPublicKeysThenNoActiveKeyAndTokensOfThoseKeysVerify() {
		KeyRing ring = KeyRing.verifyOnly(this.signing.publicKey(), this.olderPublic, this.olderPublic);
		assertThat(ring.activeSigningKey()).isNull();
		assertThat(ring.activeLocalKey()).isNull();
		assertThat(ring.publicKeys()).containsExactly(this.signing.publicKey(), this.olderPublic);
		assertThat(ring.isEmpty()).isFalse();
		String token = TokenService.builder().signingKey(this.signing).build().issue(TokenRequest.forPurpose("p").build())
			.value();
		assertThat(TokenService.builder().keyRing(ring).build().verify(token, "p").keyId()).isEqualTo(this.signing.id());
	}

	@Test
	void emptyWhenAskedThenHoldsNothing() {
		KeyRing empty = KeyRing.empty();
		assertThat(empty.isEmpty()).isTrue();
		assertThat(empty.keyIds()).isEmpty();
		assertThat(KeyRing.verifyOnly().isEmpty()).isTrue();
		assertThat(empty).hasToString("KeyRing[local=[], public=[]]");
	}

	@Test
	void isEmptyWhenOnlyOneKindOfKeyThenFalse() {
		assertThat(KeyRing.of(this.local).isEmpty()).isFalse();
		assertThat(KeyRing.verifyOnly(this.olderPublic).isEmpty()).isFalse();
	}

	@Test
	void andWhenBothRingsHaveActiveKeysThenTheOthersWinAndEveryKeyStays() {
		LocalKey newer = LocalKey.generate();
		SecretKey newerSigning = SecretKey.generate();
		KeyRing first = KeyRing.of(this.local, this.olderLocal).and(KeyRing.of(this.signing, this.olderPublic));
		KeyRing joined = first.and(KeyRing.of(newer).and(KeyRing.of(newerSigning)));
		assertThat(joined.activeLocalKey()).isEqualTo(newer);
		assertThat(joined.activeSigningKey()).isEqualTo(newerSigning);
		assertThat(joined.localKeys()).containsExactly(newer, this.local, this.olderLocal);
		assertThat(joined.publicKeys()).containsExactly(newerSigning.publicKey(), this.signing.publicKey(),
				this.olderPublic);
	}

	@Test
	void andWhenTheOtherRingHasNoActiveKeysThenThisRingsStayActive() {
		KeyRing ring = KeyRing.of(this.local).and(KeyRing.of(this.signing));
		KeyRing joined = ring.and(KeyRing.verifyOnly(this.olderPublic)).and(KeyRing.empty());
		assertThat(joined.activeLocalKey()).isEqualTo(this.local);
		assertThat(joined.activeSigningKey()).isEqualTo(this.signing);
		assertThat(joined.publicKeys()).containsExactly(this.signing.publicKey(), this.olderPublic);
		assertThat(KeyRing.empty().and(KeyRing.of(this.olderLocal)).localKeys()).containsExactly(this.olderLocal);
	}

	@Test
	void toStringWhenPrintedThenKeyIdsOnly() {
		KeyRing ring = KeyRing.of(this.local).and(KeyRing.of(this.signing));
		assertThat(ring).hasToString(
				"KeyRing[local=[" + this.local.id() + "], public=[" + this.signing.id() + "]]");
		assertThat(ring.toString()).doesNotContain(this.local.toPaserk().substring(9))
			.doesNotContain(this.signing.toPaserk().substring(10, 40));
	}

	@Test
	void factoriesWhenGivenNullKeysThenRefused() {
		assertThatNullPointerException().isThrownBy(() -> KeyRing.of((LocalKey) null))
			.withMessage("active key must not be null");
		assertThatNullPointerException().isThrownBy(() -> KeyRing.of((SecretKey) null))
			.withMessage("active key must not be null");
		assertThatNullPointerException().isThrownBy(() -> KeyRing.of(this.local, (LocalKey) null))
			.withMessage("older keys must not be null");
		assertThatNullPointerException().isThrownBy(() -> KeyRing.of(this.signing, (PublicKey) null))
			.withMessage("older keys must not be null");
		assertThatNullPointerException().isThrownBy(() -> KeyRing.verifyOnly((PublicKey) null))
			.withMessage("keys must not be null");
	}

	@Test
	void listsWhenReturnedThenCannotChangeTheRing() {
		KeyRing ring = KeyRing.of(this.local);
		assertThat(ring.localKeys()).isUnmodifiable();
		assertThat(ring.publicKeys()).isUnmodifiable();
	}

}
