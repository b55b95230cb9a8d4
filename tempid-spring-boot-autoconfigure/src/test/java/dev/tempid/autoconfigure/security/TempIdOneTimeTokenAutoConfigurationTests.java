package dev.tempid.autoconfigure.security;

import dev.tempid.Secrets;
import dev.tempid.TokenService;
import dev.tempid.autoconfigure.TempIdAutoConfiguration;
import dev.tempid.security.TempIdOneTimeTokenService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.authentication.ott.GenerateOneTimeTokenRequest;
import org.springframework.security.authentication.ott.InMemoryOneTimeTokenService;
import org.springframework.security.authentication.ott.OneTimeTokenAuthenticationToken;
import org.springframework.security.authentication.ott.OneTimeTokenService;

import static org.assertj.core.api.Assertions.assertThat;

class TempIdOneTimeTokenAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TempIdAutoConfiguration.class, TempIdOneTimeTokenAutoConfiguration.class))
		.withPropertyValues("tempid.secret=" + Secrets.generate());

	@Test
	void whenSpringSecurityIsPresentThenOneTimeTokensAreTempIdTokensOfTheConfiguredPurpose() {
		this.contextRunner.withPropertyValues("tempid.security.one-time-token.purpose=ott").run((context) -> {
			OneTimeTokenService service = context.getBean(OneTimeTokenService.class);
			assertThat(service).isInstanceOf(TempIdOneTimeTokenService.class);
			String value = service.generate(new GenerateOneTimeTokenRequest("alice")).getTokenValue();
			assertThat(context.getBean(TokenService.class).verify(value, "ott").maxUses()).isEqualTo(1);
			assertThat(service.consume(new OneTimeTokenAuthenticationToken(value)).getUsername()).isEqualTo("alice");
			assertThat(service.consume(new OneTimeTokenAuthenticationToken(value))).isNull();
		});
	}

	@Test
	void whenTheApplicationDeclaresItsOwnServiceThenTheAutoConfiguredOneBacksOff() {
		this.contextRunner.withBean(OneTimeTokenService.class, InMemoryOneTimeTokenService::new)
			.run((context) -> assertThat(context.getBean(OneTimeTokenService.class))
				.isInstanceOf(InMemoryOneTimeTokenService.class));
	}

	@Test
	void whenSpringSecurityIsAbsentThenNothingIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(OneTimeTokenService.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TempIdOneTimeTokenService.class));
	}

}
