package dev.tempid.autoconfigure.reactive;

import dev.tempid.autoconfigure.security.TempIdSecurityProperties;
import dev.tempid.autoconfigure.security.TempIdSessionProperties;
import dev.tempid.autoconfigure.web.TempIdWebProperties;
import dev.tempid.reactive.ReactiveTokenService;
import java.util.List;

import dev.tempid.security.server.ServerMagicLinkGenerator;
import dev.tempid.security.server.TempIdServerSecurityContextRepository;
import dev.tempid.web.server.ServerLinkBuilder;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;

/**
 * Auto-configuration of the beans {@link dev.tempid.security.server.TempIdServerSecurity}
 * uses in a WebFlux application: the cookie-session
 * {@link TempIdServerSecurityContextRepository}, from the same {@code tempid.session.*}
 * properties as the servlet side, and the {@link ServerMagicLinkGenerator}, from
 * {@code tempid.security.magic-link.*}. Both are inert until the application's
 * {@code SecurityWebFilterChain} applies {@code TempIdServerSecurity.tempId(...)}. When
 * the application defines its own {@link ReactiveUserDetailsService}, the repository uses
 * it to check the user of each session (a deleted or disabled user is signed out). Ordered
 * before Spring Boot's reactive user details auto-configuration, so its generated user
 * never counts as the application's.
 */
@AutoConfiguration(
		afterName = { "dev.tempid.autoconfigure.reactive.TempIdReactiveAutoConfiguration",
				"dev.tempid.autoconfigure.reactive.TempIdWebFluxAutoConfiguration" },
		beforeName = "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration")
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ ServerHttpSecurity.class, TempIdServerSecurityContextRepository.class })
@ConditionalOnBean(ReactiveTokenService.class)
@EnableConfigurationProperties({ TempIdSecurityProperties.class, TempIdSessionProperties.class, TempIdWebProperties.class })
public final class TempIdServerSecurityAutoConfiguration {

	/** Issues magic links from {@code tempid.security.magic-link.*}, as {@code MagicLinkGenerator} does on servlets. */
	@Bean
	@ConditionalOnMissingBean
	ServerMagicLinkGenerator serverMagicLinkGenerator(ReactiveTokenService tokens, TempIdSecurityProperties properties,
			ObjectProvider<ServerLinkBuilder> links) {
		TempIdSecurityProperties.MagicLink settings = properties.getMagicLink();
		ServerMagicLinkGenerator generator = new ServerMagicLinkGenerator(tokens,
				links.getIfAvailable(() -> new ServerLinkBuilder(null, List.of())));
		generator.setPurpose(settings.getPurpose());
		generator.setAudience(settings.getAudience());
		generator.setTtl(settings.getTtl());
		generator.setLoginProcessingUrl(settings.getLoginProcessingUrl());
		return generator;
	}

	@Bean
	@ConditionalOnMissingBean
	TempIdServerSecurityContextRepository tempIdServerSecurityContextRepository(ReactiveTokenService tokens,
			TempIdSessionProperties properties, TempIdWebProperties web,
			ObjectProvider<ApplicationReactiveUserDetails> users) {
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
		users.ifAvailable((user) -> repository.setUserDetailsService(user.service()));
		return repository;
	}

	/**
	 * The application's own {@link ReactiveUserDetailsService}: present only when the
	 * application defines one (this condition runs before Spring Boot adds its generated
	 * user).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(ReactiveUserDetailsService.class)
	static class ApplicationReactiveUserDetailsConfiguration {

		@Bean
		ApplicationReactiveUserDetails tempIdApplicationReactiveUserDetails(
				ObjectProvider<ReactiveUserDetailsService> users) {
			return new ApplicationReactiveUserDetails(users);
		}

	}

	/** Holds the application's {@link ReactiveUserDetailsService}, resolved on first use. */
	static final class ApplicationReactiveUserDetails {

		private final ObjectProvider<ReactiveUserDetailsService> users;

		ApplicationReactiveUserDetails(ObjectProvider<ReactiveUserDetailsService> users) {
			this.users = users;
		}

		/** The unique (or primary) one; {@code null} when the application has several and none is primary. */
		@Nullable ReactiveUserDetailsService service() {
			return this.users.getIfUnique();
		}

	}

}
