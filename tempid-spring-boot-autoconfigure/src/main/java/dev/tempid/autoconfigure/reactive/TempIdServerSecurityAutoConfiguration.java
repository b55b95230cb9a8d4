package dev.tempid.autoconfigure.reactive;

import dev.tempid.autoconfigure.security.TempIdSecurityProperties;
import dev.tempid.autoconfigure.security.TempIdSessionProperties;
import dev.tempid.autoconfigure.web.TempIdWebProperties;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.security.server.TempIdServerSecurityContextRepository;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.web.server.ServerHttpSecurity;

/**
 * Auto-configuration of the beans {@link dev.tempid.security.server.TempIdServerSecurity}
 * uses in a WebFlux application: the cookie-session
 * {@link TempIdServerSecurityContextRepository}, from the same {@code tempid.session.*}
 * properties as the servlet side. It is inert until the
 * application's {@code SecurityWebFilterChain} applies {@code TempIdServerSecurity.tempId(...)}.
 */
@AutoConfiguration(afterName = "dev.tempid.autoconfigure.reactive.TempIdReactiveAutoConfiguration")
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ ServerHttpSecurity.class, TempIdServerSecurityContextRepository.class })
@ConditionalOnBean(ReactiveTokenService.class)
@EnableConfigurationProperties({ TempIdSecurityProperties.class, TempIdSessionProperties.class, TempIdWebProperties.class })
public final class TempIdServerSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TempIdServerSecurityContextRepository tempIdServerSecurityContextRepository(ReactiveTokenService tokens,
			TempIdSessionProperties properties, TempIdWebProperties web) {
		TempIdServerSecurityContextRepository repository = new TempIdServerSecurityContextRepository(tokens);
		repository.setPurpose(properties.getPurpose());
		repository.setCookieName(properties.getCookieName());
		repository.setTtl(properties.getTtl());
		repository.setAbsoluteTimeout(properties.getAbsoluteTimeout());
		// as on the servlet side: Secure unless the public base URL is plain-http localhost
		repository.setSecure(properties.resolveSecure(web.getBaseUrl()));
		repository.setSameSite(properties.getSameSite());
		repository.setPath(properties.getPath());
		repository.setDomain(properties.getDomain());
		return repository;
	}

}
