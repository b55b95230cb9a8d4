package dev.tempid.autoconfigure.security;

import java.util.List;

import dev.tempid.TokenService;
import dev.tempid.autoconfigure.TempIdAutoConfiguration;
import dev.tempid.autoconfigure.web.TempIdWebAutoConfiguration;
import dev.tempid.security.MagicLinkGenerator;
import dev.tempid.security.TempIdConfigurer;
import dev.tempid.security.TempIdSecurityContextRepository;
import dev.tempid.web.LinkBuilder;
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
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;

/**
 * Auto-configuration of the beans {@link TempIdConfigurer} uses: the
 * {@link MagicLinkGenerator} and the cookie-session {@link TempIdSecurityContextRepository}.
 * Both are inert until the application's security chain applies
 * {@code http.with(TempIdConfigurer.tempId(), ...)}. When the application defines its own
 * {@link UserDetailsService}, both use it to load and check the user (unknown, disabled or
 * locked users cannot sign in or keep a session). Ordered before Spring Boot's user details
 * auto-configuration (named by string: spring-boot-security is not a dependency of this
 * module), so its generated in-memory user never counts as the application's.
 */
@AutoConfiguration(after = { TempIdAutoConfiguration.class, TempIdWebAutoConfiguration.class },
		beforeName = "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ HttpSecurity.class, TempIdConfigurer.class })
@ConditionalOnBean(TokenService.class)
@EnableConfigurationProperties({ TempIdSecurityProperties.class, TempIdSessionProperties.class })
public final class TempIdSecurityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MagicLinkGenerator magicLinkGenerator(TokenService tokens, TempIdSecurityProperties properties,
			ObjectProvider<LinkBuilder> links, ObjectProvider<ApplicationUserDetails> users) {
		TempIdSecurityProperties.MagicLink settings = properties.getMagicLink();
		MagicLinkGenerator generator = new MagicLinkGenerator(tokens,
				links.getIfAvailable(() -> new LinkBuilder(null, List.of())));
		generator.setPurpose(settings.getPurpose());
		generator.setAudience(settings.getAudience());
		generator.setTtl(settings.getTtl());
		generator.setLoginProcessingUrl(settings.getLoginProcessingUrl());
		users.ifAvailable((user) -> generator.setUserDetailsService(user.service()));
		return generator;
	}

	@Bean
	@ConditionalOnMissingBean
	TempIdSecurityContextRepository tempIdSecurityContextRepository(TokenService tokens,
			TempIdSessionProperties properties, ObjectProvider<ApplicationUserDetails> users,
			ObjectProvider<LinkBuilder> links) {
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(tokens);
		repository.setPurpose(properties.getPurpose());
		repository.setCookieName(properties.getCookieName());
		repository.setTtl(properties.getTtl());
		repository.setAbsoluteTimeout(properties.getAbsoluteTimeout());
		LinkBuilder builder = links.getIfAvailable();
		repository.setSecure(properties.resolveSecure((builder != null) ? builder.baseUrl() : null));
		repository.setSameSite(properties.getSameSite());
		repository.setPath(properties.getPath());
		repository.setDomain(properties.getDomain());
		users.ifAvailable((user) -> repository.setUserDetailsService(user.service()));
		return repository;
	}

	/**
	 * The application's own {@link UserDetailsService}: present only when the application
	 * defines one (this condition runs before Spring Boot adds its generated user).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(UserDetailsService.class)
	static class ApplicationUserDetailsConfiguration {

		@Bean
		ApplicationUserDetails tempIdApplicationUserDetails(ObjectProvider<UserDetailsService> users) {
			return new ApplicationUserDetails(users);
		}

	}

	/** Holds the application's {@link UserDetailsService}, resolved on first use. */
	static final class ApplicationUserDetails {

		private final ObjectProvider<UserDetailsService> users;

		ApplicationUserDetails(ObjectProvider<UserDetailsService> users) {
			this.users = users;
		}

		/** The unique (or primary) one; {@code null} when the application has several and none is primary. */
		@Nullable UserDetailsService service() {
			return this.users.getIfUnique();
		}

	}

}
