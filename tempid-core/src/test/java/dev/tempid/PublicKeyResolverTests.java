package dev.tempid;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PublicKeyResolverTests {

	private final SecretKey signer = SecretKey.generate();

	private final TokenService issuer = TokenService.builder().signingKey(this.signer).build();

	@Test
	void verifyWhenKeyIsUnknownToTheRingThenTheResolverIsAskedOnEveryVerification() {
		AtomicInteger calls = new AtomicInteger();
		Map<String, PublicKey> published = new ConcurrentHashMap<>(Map.of(this.signer.id(), this.signer.publicKey()));
		TokenService verifier = TokenService.builder().publicKeyResolver((kid) -> {
			calls.incrementAndGet();
			return published.get(kid);
		}).build();
		String token = this.issuer.issue(TokenRequest.forPurpose("api").subject("svc").build()).value();
		assertThat(verifier.verify(token, "api").subject()).isEqualTo("svc");
		assertThat(verifier.verify(token, "api").keyId()).isEqualTo(this.signer.id());
		// the resolver decides how long a key stays valid: it is asked each time (and caches itself)
		assertThat(calls).hasValue(2);
	}

	@Test
	void verifyWhenTheResolverWithdrawsAKeyThenTokensSignedByItStopVerifying() {
		Map<String, PublicKey> published = new ConcurrentHashMap<>(Map.of(this.signer.id(), this.signer.publicKey()));
		TokenService verifier = TokenService.builder().publicKeyResolver(published::get).build();
		String token = this.issuer.issue(TokenRequest.forPurpose("api").subject("svc").build()).value();
		assertThat(verifier.verify(token, "api").subject()).isEqualTo("svc");
		published.clear();
		assertThatExceptionOfType(UnknownKeyException.class).isThrownBy(() -> verifier.verify(token, "api"));
		published.put(this.signer.id(), this.signer.publicKey());
		assertThat(verifier.verify(token, "api").subject()).isEqualTo("svc");
	}

	@Test
	void verifyWhenResolverAnswersAnotherKeyOrNothingOrFailsThenUnknownKey() {
		String token = this.issuer.issue(TokenRequest.forPurpose("api").build()).value();
		PublicKey other = SecretKey.generate().publicKey();
		for (PublicKeyResolver resolver : new PublicKeyResolver[] { (kid) -> other, (kid) -> null, (kid) -> {
			throw new IllegalStateException("down");
		} }) {
			TokenService verifier = TokenService.builder().publicKeyResolver(resolver).build();
			assertThatExceptionOfType(UnknownKeyException.class).isThrownBy(() -> verifier.verify(token, "api"));
		}
	}

	@Test
	void verifyWhenLocalTokenThenResolverIsNeverAsked() {
		AtomicInteger calls = new AtomicInteger();
		TokenService local = TokenService.builder().localKey(LocalKey.generate()).build();
		TokenService verifier = TokenService.builder().localKey(LocalKey.generate()).publicKeyResolver((kid) -> {
			calls.incrementAndGet();
			return null;
		}).build();
		String token = local.issue(TokenRequest.forPurpose("api").build()).value();
		assertThatExceptionOfType(UnknownKeyException.class).isThrownBy(() -> verifier.verify(token, "api"));
		assertThat(calls).hasValue(0);
	}

}
