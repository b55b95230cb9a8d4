package dev.tempid.security;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;

import dev.tempid.LocalKey;
import dev.tempid.StoreUnavailableException;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.UseStore;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ott.GenerateOneTimeTokenRequest;
import org.springframework.security.authentication.ott.OneTimeToken;
import org.springframework.security.authentication.ott.OneTimeTokenAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TempIdOneTimeTokenServiceTests {

	private final InMemoryUseStore store = new InMemoryUseStore();

	private final TokenService tokens = TokenService.builder().localKey(LocalKey.generate()).store(this.store).build();

	private final TempIdOneTimeTokenService service = new TempIdOneTimeTokenService(this.tokens);

	@Test
	void generateWhenRequestedThenASingleUseTokenForTheUserLivingAsLongAsAsked() {
		OneTimeToken token = this.service.generate(new GenerateOneTimeTokenRequest("alice", Duration.ofMinutes(2)));
		assertThat(token.getUsername()).isEqualTo("alice");
		assertThat(token.getExpiresAt()).isBetween(Instant.now().plusSeconds(100), Instant.now().plusSeconds(121));
		assertThat(this.tokens.verify(token.getTokenValue(), TempIdOneTimeTokenService.DEFAULT_PURPOSE).maxUses())
			.isEqualTo(1);
	}

	@Test
	void consumeWhenValidThenTheUserOnceThenNull() {
		String value = this.service.generate(new GenerateOneTimeTokenRequest("alice")).getTokenValue();
		OneTimeToken consumed = this.service.consume(new OneTimeTokenAuthenticationToken(value));
		assertThat(consumed.getUsername()).isEqualTo("alice");
		assertThat(consumed.getTokenValue()).isEqualTo(value);
		assertThat(this.service.consume(new OneTimeTokenAuthenticationToken(value))).isNull();
	}

	@Test
	void consumeWhenMalformedEmptyOrOfAnotherPurposeThenNull() {
		assertThat(this.service.consume(new OneTimeTokenAuthenticationToken("nope"))).isNull();
		assertThat(this.service.consume(new OneTimeTokenAuthenticationToken(""))).isNull();
		String reset = this.tokens.issue(TokenRequest.forPurpose("password-reset").subject("alice").maxUses(1).build())
			.value();
		assertThat(this.service.consume(new OneTimeTokenAuthenticationToken(reset))).isNull();
		assertThat(this.tokens.usage(reset, "password-reset").used()).isZero();
	}

	@Test
	void consumeWhenTheTokenHasNoSubjectThenNull() {
		String anonymous = this.tokens.issue(TokenRequest.forPurpose(TempIdOneTimeTokenService.DEFAULT_PURPOSE).maxUses(1)
			.build()).value();
		assertThat(this.service.consume(new OneTimeTokenAuthenticationToken(anonymous))).isNull();
	}

	@Test
	void consumeWhenTheStoreIsDownThenFailsClosedAsAServiceFailure() {
		UseStore unreachable = (UseStore) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { UseStore.class }, (proxy, method, args) -> {
					if (method.getDeclaringClass() == Object.class) {
						return method.getName().equals("toString") ? "unreachable" : System.identityHashCode(proxy);
					}
					throw new StoreUnavailableException("the store is unreachable");
				});
		TokenService down = TokenService.builder().localKey(LocalKey.generate()).store(unreachable).build();
		TempIdOneTimeTokenService service = new TempIdOneTimeTokenService(down);
		String value = service.generate(new GenerateOneTimeTokenRequest("alice")).getTokenValue();
		assertThatExceptionOfType(AuthenticationServiceException.class)
			.isThrownBy(() -> service.consume(new OneTimeTokenAuthenticationToken(value)))
			.withMessageNotContaining(value);
	}

	@Test
	void setPurposeWhenEmptyThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.service.setPurpose(" "));
	}

}
