package dev.tempid.security;

import java.time.Duration;

import dev.tempid.TokenRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * The settings and token request that {@link MagicLinkGenerator} and
 * {@code ServerMagicLinkGenerator} share; their own tests spend the links they issue.
 */
class MagicLinkSettingsTests {

	private final MagicLinkSettings settings = new MagicLinkSettings();

	@Test
	void tokenRequestWhenDefaultsThenOneUseOfAMagicLinkFor15MinutesWithoutCodeOrAudience() {
		TokenRequest request = this.settings.tokenRequest("alice", null);
		assertThat(request.purpose()).isEqualTo("magic-link");
		assertThat(request.subject()).isEqualTo("alice");
		assertThat(request.ttl()).isEqualTo(Duration.ofMinutes(15));
		assertThat(request.maxUses()).isEqualTo(1);
		assertThat(request.audience()).isNull();
		assertThat(request.codeAddress()).isNull();
		assertThat(this.settings.getLoginProcessingUrl()).isEqualTo("/login/magic");
	}

	@Test
	void tokenRequestWhenConfiguredAndACodeIsAskedForThenAllOfIt() {
		this.settings.setPurpose("sign-in");
		this.settings.setAudience("web");
		this.settings.setTtl(Duration.ofMinutes(5));
		TokenRequest request = this.settings.tokenRequest("alice", "alice@example.com");
		assertThat(request.purpose()).isEqualTo("sign-in");
		assertThat(request.audience()).isEqualTo("web");
		assertThat(request.ttl()).isEqualTo(Duration.ofMinutes(5));
		assertThat(request.maxUses()).isEqualTo(1);
		assertThat(request.codeAddress()).isEqualTo("alice@example.com");
		assertThat(this.settings.expectation().purpose()).isEqualTo("sign-in");
		assertThat(this.settings.expectation().audience()).isEqualTo("web");
	}

	@Test
	void settersWhenInvalidThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.settings.setTtl(Duration.ZERO));
		assertThatNullPointerException().isThrownBy(() -> this.settings.setLoginProcessingUrl(null));
		assertThatNullPointerException().isThrownBy(() -> this.settings.setPurpose(null));
	}

}
