package dev.tempid.it;

import java.net.URI;

import dev.tempid.LocalKey;
import dev.tempid.TokenService;
import dev.tempid.security.MagicLinkGenerator;
import dev.tempid.security.TempIdConfigurer;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Magic links under non-default properties sign in through the mailed URL (the generator
 * and the filter share one source of truth), and the application's
 * {@link UserDetailsService} decides who may sign in and keep a session.
 */
@SpringBootTest(classes = MagicLinkSettingsTests.App.class,
		properties = { "tempid.security.magic-link.purpose=login", "tempid.security.magic-link.login-processing-url=/sign-in",
				"tempid.web.base-url=https://app.example.com" })
@AutoConfigureMockMvc
class MagicLinkSettingsTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	MagicLinkGenerator generator;

	@Autowired
	InMemoryUserDetailsManager users;

	@Test
	void linkWhenMadeUnderNonDefaultPropertiesThenSignsInThroughTheMailedUrl() throws Exception {
		URI link = this.generator.generate("alice").uri();
		assertThat(link.getHost()).isEqualTo("app.example.com");
		assertThat(link.getPath()).isEqualTo("/sign-in");
		String token = link.getQuery().substring("token=".length());
		this.mvc.perform(get(link.getPath()).param("token", token)).andExpect(status().isOk());
		MvcResult result = this.mvc.perform(post(link.getPath()).with(WebTestSupport.csrf()).param("token", token))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/"))
			.andReturn();
		Cookie session = SecurityTests.sessionCookie(SecurityTests.sessionSetCookie(result));
		this.mvc.perform(get("/me").cookie(session)).andExpect(status().isOk());
	}

	@Test
	void signInWhenTheUserIsUnknownOrDisabledThenRefused() throws Exception {
		for (String user : new String[] { "nobody", "disabled" }) {
			String token = this.generator.generate(user).uri().getQuery().substring("token=".length());
			this.mvc.perform(post("/sign-in").with(WebTestSupport.csrf()).param("token", token))
				.andExpect(redirectedUrl("/login?error"));
		}
	}

	@Test
	void sessionWhenTheUserIsDisabledAfterSignInThenRefused() throws Exception {
		this.users.createUser(User.withUsername("carol").password("{noop}x").roles("USER").build());
		String token = this.generator.generate("carol").uri().getQuery().substring("token=".length());
		MvcResult result = this.mvc.perform(post("/sign-in").with(WebTestSupport.csrf()).param("token", token))
			.andExpect(status().isFound())
			.andReturn();
		Cookie session = SecurityTests.sessionCookie(SecurityTests.sessionSetCookie(result));
		this.mvc.perform(get("/me").cookie(session)).andExpect(status().isOk());
		this.users.updateUser(User.withUsername("carol").password("{noop}x").roles("USER").disabled(true).build());
		this.mvc.perform(get("/me").cookie(session).accept("application/json")).andExpect(status().isUnauthorized());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		TokenService tokenService() {
			return TokenService.builder().localKey(LocalKey.generate()).issuer("test").build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}x").roles("USER").build(),
					User.withUsername("disabled").password("{noop}x").roles("USER").disabled(true).build());
		}

		@Bean
		SecurityFilterChain chain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((a) -> a.requestMatchers("/me").authenticated().anyRequest().permitAll())
				.csrf(CsrfConfigurer::spa)
				.sessionManagement((s) -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.with(TempIdConfigurer.tempId(), (tempId) -> tempId.magicLink(Customizer.withDefaults())
					.session(Customizer.withDefaults()))
				.build();
		}

		@RestController
		static class Me {

			@GetMapping("/me")
			String me(Authentication authentication) {
				return authentication.getName();
			}

		}

	}

}
