package dev.tempid.autoconfigure.security;

import java.net.URI;
import java.time.Duration;

import dev.tempid.LocalKey;
import dev.tempid.TokenService;
import dev.tempid.security.MagicLink;
import dev.tempid.security.MagicLinkGenerator;
import dev.tempid.security.TempIdSecurityContextRepository;
import dev.tempid.autoconfigure.web.TempIdWebAutoConfiguration;
import dev.tempid.web.LinkBuilder;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TempIdSecurityAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TempIdWebAutoConfiguration.class, TempIdSecurityAutoConfiguration.class));

	@Test
	void withATokenServiceTheMagicLinkGeneratorAndSessionRepositoryAreConfigured() {
		this.runner.withUserConfiguration(Tokens.class)
			.run((context) -> assertThat(context).hasSingleBean(MagicLinkGenerator.class)
				.hasSingleBean(TempIdSecurityContextRepository.class));
	}

	@Test
	void magicLinkPropertiesShapeTheLink() {
		this.runner.withUserConfiguration(Tokens.class)
			.withPropertyValues("tempid.web.base-url=https://example.com",
					"tempid.security.magic-link.login-processing-url=/sign-in", "tempid.security.magic-link.ttl=5m",
					"tempid.security.magic-link.purpose=login")
			.run((context) -> {
				MagicLink link = context.getBean(MagicLinkGenerator.class).generate("alice");
				URI uri = link.uri();
				assertThat(uri.getScheme()).isEqualTo("https");
				assertThat(uri.getHost()).isEqualTo("example.com");
				assertThat(uri.getPath()).isEqualTo("/sign-in");
				assertThat(uri.getQuery()).startsWith("token=v4.local.");
				assertThat(link.toString()).doesNotContain("v4.local");
				String token = uri.getQuery().substring("token=".length());
				TokenService tokens = context.getBean(TokenService.class);
				assertThat(tokens.verify(token, "login").subject()).isEqualTo("alice");
				assertThat(tokens.verify(token, "login").maxUses()).isEqualTo(1);
				assertThat(Duration.between(java.time.Instant.now(), link.expiresAt())).isLessThanOrEqualTo(Duration.ofMinutes(5));
			});
	}

	@Test
	void generateWhenNoBaseUrlIsConfiguredThenRefusesToBuildALinkFromTheRequest() {
		this.runner.withUserConfiguration(Tokens.class).run((context) -> {
			MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/magic-link");
			request.setServerName("evil.example");
			request.addHeader("X-Forwarded-Host", "evil.example");
			assertThatIllegalStateException()
				.isThrownBy(() -> context.getBean(MagicLinkGenerator.class).generate("alice", request))
				.withMessageContaining("tempid.web.base-url");
		});
	}

	@Test
	void generateWhenAllowedHostsAreListedThenOnlyThoseHostsGetLinks() {
		this.runner.withUserConfiguration(Tokens.class)
			.withPropertyValues("tempid.web.allowed-hosts=app.example.com,www.example.com")
			.run((context) -> {
				MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/magic-link");
				request.setScheme("https");
				request.setServerPort(443);
				request.setServerName("www.example.com");
				assertThat(context.getBean(MagicLinkGenerator.class).generate("alice", request).uri().getHost())
					.isEqualTo("www.example.com");
				request.setServerName("evil.example");
				assertThatIllegalStateException()
					.isThrownBy(() -> context.getBean(MagicLinkGenerator.class).generate("alice", request))
					.withMessageContaining("tempid.web.allowed-hosts");
			});
	}

	@Test
	void baseUrlWhenNotAnAbsoluteHttpUrlThenStartUpFailsSayingWhatToSet() {
		this.runner.withUserConfiguration(Tokens.class)
			.withPropertyValues("tempid.web.base-url=example.com/app")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("tempid.web.base-url"));
	}

	@Test
	void whenTheApplicationHasAUserDetailsServiceThenMagicLinksAndSessionsUseIt() {
		this.runner.withUserConfiguration(Tokens.class, Users.class)
			.run((context) -> {
				UserDetailsService users = context.getBean(UserDetailsService.class);
				assertThat(context.getBean(MagicLinkGenerator.class).getUserDetailsService()).isSameAs(users);
				assertThat(context.getBean(TempIdSecurityContextRepository.class).getUserDetailsService())
					.isSameAs(users);
			});
	}

	@Test
	void whenTheApplicationHasNoUserDetailsServiceThenBootsGeneratedUserIsNotUsed() {
		this.runner.withUserConfiguration(Tokens.class)
			.withConfiguration(AutoConfigurations.of(
					org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration.class,
					org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration.class,
					org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(UserDetailsService.class);
				assertThat(context.getBean(MagicLinkGenerator.class).getUserDetailsService()).isNull();
				assertThat(context.getBean(TempIdSecurityContextRepository.class).getUserDetailsService()).isNull();
			});
	}

	@Test
	void sessionCookieIsSecureUnlessTheBaseUrlIsPlainHttpLocalhostOrSaidOtherwise() {
		this.runner.withUserConfiguration(Tokens.class).run((context) -> assertThat(
				context.getBean(TempIdSecurityContextRepository.class).isSecure()).isTrue());
		this.runner.withUserConfiguration(Tokens.class).withPropertyValues("tempid.web.base-url=https://example.com")
			.run((context) -> assertThat(context.getBean(TempIdSecurityContextRepository.class).isSecure()).isTrue());
		this.runner.withUserConfiguration(Tokens.class).withPropertyValues("tempid.web.base-url=http://example.com")
			.run((context) -> assertThat(context.getBean(TempIdSecurityContextRepository.class).isSecure()).isTrue());
		this.runner.withUserConfiguration(Tokens.class).withPropertyValues("tempid.web.base-url=http://localhost:8080")
			.run((context) -> assertThat(context.getBean(TempIdSecurityContextRepository.class).isSecure()).isFalse());
		this.runner.withUserConfiguration(Tokens.class)
			.withPropertyValues("tempid.web.base-url=http://localhost:8080", "tempid.session.secure=true")
			.run((context) -> assertThat(context.getBean(TempIdSecurityContextRepository.class).isSecure()).isTrue());
	}

	@Test
	void sessionPropertiesAreBound() {
		this.runner.withUserConfiguration(Tokens.class)
			.withPropertyValues("tempid.session.cookie-name=SID", "tempid.session.secure=false",
					"tempid.session.ttl=1h")
			.run((context) -> {
				assertThat(context.getBean(TempIdSecurityContextRepository.class).getCookieName()).isEqualTo("SID");
				assertThat(context.getBean(TempIdSessionProperties.class).getSecure()).isFalse();
			});
	}

	@Test
	void whenTheUserDefinesTheirOwnGeneratorTheAutoConfiguredOneBacksOff() {
		this.runner.withUserConfiguration(Tokens.class, OwnGenerator.class)
			.run((context) -> assertThat(context).hasSingleBean(MagicLinkGenerator.class).hasBean("ownGenerator"));
	}

	@Test
	void withoutATokenServiceNothingIsConfigured() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(MagicLinkGenerator.class)
			.doesNotHaveBean(TempIdSecurityContextRepository.class));
	}

	@Test
	void withoutSpringSecurityConfigNothingIsConfigured() {
		this.runner.withUserConfiguration(Tokens.class)
			.withClassLoader(new FilteredClassLoader(HttpSecurity.class))
			.run((context) -> assertThat(context).doesNotHaveBean(MagicLinkGenerator.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class Tokens {

		@Bean
		TokenService tokenService() {
			return TokenService.builder().localKey(LocalKey.generate()).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Users {

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}x").build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnGenerator {

		@Bean
		MagicLinkGenerator ownGenerator(TokenService tokens) {
			return new MagicLinkGenerator(tokens, LinkBuilder.forBaseUrl(URI.create("https://example.com")));
		}

	}

}
