package dev.tempid;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tempid.paseto.Base64Url;
import dev.tempid.paseto.Paserk;
import dev.tempid.paseto.PasetoV4;
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


	@Test
	void verifyWhenTheFooterNamesAKidLongerThanAnyPaserkIdThenTheResolverIsNotAsked() {
		AtomicInteger calls = new AtomicInteger();
		TokenService verifier = TokenService.builder().publicKeyResolver((kid) -> {
			calls.incrementAndGet();
			return null;
		}).build();
		String longest = Paserk.PID + "a".repeat(64 - Paserk.PID.length());
		assertThatExceptionOfType(UnknownKeyException.class).isThrownBy(() -> verifier.verify(withKid(longest), "api"));
		assertThat(calls).hasValue(1);
		assertThatExceptionOfType(UnknownKeyException.class)
			.isThrownBy(() -> verifier.verify(withKid(longest + "a"), "api"));
		assertThatExceptionOfType(UnknownKeyException.class)
			.isThrownBy(() -> verifier.verify(withKid("k4.lid." + "a".repeat(43)), "api"));
		assertThat(calls).hasValue(1);
	}

	@Test
	void verifyWhenALocalTokenNamesAPublicKeyTheResolverVouchesForThenUnknownKey() {
		TokenService verifier = TokenService.builder().localKey(LocalKey.generate())
			.publicKeyResolver((kid) -> kid.equals(this.signer.id()) ? this.signer.publicKey() : null)
			.build();
		String signed = this.issuer.issue(TokenRequest.forPurpose("api").build()).value();
		String footer = signed.substring(signed.lastIndexOf('.'));
		String local = PasetoV4.LOCAL_HEADER + signed.substring(PasetoV4.PUBLIC_HEADER.length());
		// before and after the public token has been seen (its key remembered)
		assertThatExceptionOfType(UnknownKeyException.class).isThrownBy(() -> verifier.verify(local, "api"))
			.withMessageContaining("not a local key");
		assertThat(verifier.verify(signed, "api").keyId()).isEqualTo(this.signer.id());
		assertThatExceptionOfType(UnknownKeyException.class).isThrownBy(() -> verifier.verify(local, "api"))
			.withMessageContaining("not a local key");
		assertThat(local).endsWith(footer);
	}

	/** A v4.public token whose footer names {@code kid}; its body is never reached. */
	private static String withKid(String kid) {
		return PasetoV4.PUBLIC_HEADER + "AAAA."
				+ Base64Url.encode(("{\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8));
	}

}
