package dev.tempid.autoconfigure.security;

import dev.tempid.TokenService;
import dev.tempid.autoconfigure.TempIdAutoConfiguration;
import dev.tempid.security.MagicLinkGenerator;
import dev.tempid.security.TempIdConfigurer;
import dev.tempid.security.TempIdSecurityContextRepository;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * Auto-configuration of the beans {@link TempIdConfigurer} uses: the
 * {@link MagicLinkGenerator} and the cookie-session {@link TempIdSecurityContextRepository}.
 * Both are inert until the application's security chain applies
 * {@code http.with(TempIdConfigurer.tempId(), ...)}.
 */
@AutoConfiguration(after = TempIdAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ HttpSecurity.class, TempIdConfigurer.class })
@ConditionalOnBean(TokenService.class)
@EnableConfigurationProperties({ TempIdSecurityProperties.class, TempIdSessionProperties.class })
public final class TempIdSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MagicLinkGenerator magicLinkGenerator(TokenService tokens, TempIdSecurityProperties properties) {
		TempIdSecurityProperties.MagicLink settings = properties.getMagicLink();
		MagicLinkGenerator generator = new MagicLinkGenerator(tokens);
		generator.setPurpose(settings.getPurpose());
		generator.setTtl(settings.getTtl());
		generator.setLoginProcessingUrl(settings.getLoginProcessingUrl());
		generator.setBaseUrl(settings.getBaseUrl());
		return generator;
	}

	@Bean
	@ConditionalOnMissingBean
	TempIdSecurityContextRepository tempIdSecurityContextRepository(TokenService tokens,
			TempIdSessionProperties properties) {
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(tokens);
		repository.setPurpose(properties.getPurpose());
		repository.setCookieName(properties.getCookieName());
		repository.setTtl(properties.getTtl());
		repository.setAbsoluteTimeout(properties.getAbsoluteTimeout());
		repository.setSecure(properties.isSecure());
		repository.setSameSite(properties.getSameSite());
		repository.setPath(properties.getPath());
		repository.setDomain(properties.getDomain());
		return repository;
	}

}
