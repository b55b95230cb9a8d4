package dev.tempid.autoconfigure.security;

import dev.tempid.TokenService;
import dev.tempid.autoconfigure.TempIdAutoConfiguration;
import dev.tempid.autoconfigure.web.TempIdWebAutoConfiguration;
import dev.tempid.security.MagicLinkGenerator;
import dev.tempid.security.TempIdSecurityContextRepository;
import dev.tempid.web.ConsumesTokenBeanPostProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web and security auto-configurations on top of the auto-configured
 * {@link TokenService}, as an application gets them from the starter.
 */
class TempIdFullAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TempIdAutoConfiguration.class, TempIdWebAutoConfiguration.class,
				TempIdSecurityAutoConfiguration.class));

	@Test
	void withAConfiguredSecretEveryWebAndSecurityBeanUsesTheAutoConfiguredService() {
		this.runner.withPropertyValues("tempid.secret=" + dev.tempid.Secrets.generate(),
				"tempid.web.base-url=https://example.com")
			.run((context) -> {
				assertThat(context).hasSingleBean(TokenService.class)
					.hasSingleBean(ConsumesTokenBeanPostProcessor.class)
					.hasSingleBean(MagicLinkGenerator.class)
					.hasSingleBean(TempIdSecurityContextRepository.class);
				String link = context.getBean(MagicLinkGenerator.class).generate("alice").uri().toString();
				String token = link.substring(link.indexOf("token=") + "token=".length());
				assertThat(context.getBean(TokenService.class).verify(token, "magic-link").subject()).isEqualTo("alice");
			});
	}

}
