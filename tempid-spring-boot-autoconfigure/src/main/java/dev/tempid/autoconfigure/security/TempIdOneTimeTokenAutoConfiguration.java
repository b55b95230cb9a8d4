package dev.tempid.autoconfigure.security;

import dev.tempid.TokenService;
import dev.tempid.autoconfigure.TempIdAutoConfiguration;
import dev.tempid.security.TempIdOneTimeTokenService;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.ott.OneTimeTokenService;

/**
 * Backs Spring Security's {@code oneTimeTokenLogin()} with tempid: its configurer takes the
 * {@link OneTimeTokenService} bean, so an application that applies the DSL gets tokens
 * counted atomically in tempid's store (shared by every instance) instead of Spring
 * Security's in-memory default. Backs off when the application declares its own service.
 */
@AutoConfiguration(after = TempIdAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ OneTimeTokenService.class, TempIdOneTimeTokenService.class })
@ConditionalOnBean(TokenService.class)
@EnableConfigurationProperties(TempIdOneTimeTokenProperties.class)
public final class TempIdOneTimeTokenAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(OneTimeTokenService.class)
	TempIdOneTimeTokenService tempIdOneTimeTokenService(TokenService tokens, TempIdOneTimeTokenProperties properties) {
		TempIdOneTimeTokenService service = new TempIdOneTimeTokenService(tokens);
		service.setPurpose(properties.getPurpose());
		return service;
	}

}
