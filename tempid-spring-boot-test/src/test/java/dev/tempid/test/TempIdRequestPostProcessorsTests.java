package dev.tempid.test;

import java.util.Map;
import java.util.stream.Collectors;

import dev.tempid.LocalKey;
import dev.tempid.TokenService;
import dev.tempid.security.TempIdConfigurer;
import dev.tempid.web.ConsumesToken;
import dev.tempid.web.TokenSource;
import dev.tempid.web.TokenSubject;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static dev.tempid.test.TempIdRequestPostProcessors.tempIdToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest(classes = TempIdRequestPostProcessorsTests.App.class)
@AutoConfigureMockMvc
class TempIdRequestPostProcessorsTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	TokenService tokens;

	@Test
	void bearerTokenCarriesSubjectAndPermissions() throws Exception {
		this.mvc.perform(get("/api/me").with(tempIdToken("api").subject("alice").permissions("read", "write")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.subject").value("alice"))
			.andExpect(jsonPath("$.authorities").value("read,write"));
	}

	@Test
	void tokenOfAnotherPurposeIsRefused() throws Exception {
		this.mvc.perform(get("/api/me").with(tempIdToken("reset").subject("alice"))).andExpect(status().isUnauthorized());
	}

	@Test
	void tokenAsParameterReachesConsumesToken() throws Exception {
		this.mvc.perform(get("/reset").with(tempIdToken("reset").subject("bob").maxUses(1).asParameter("token")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.subject").value("bob"));
	}

	@Test
	void testTokensIssueFromTheApplicationsService() {
		String value = TestTokens.with(this.tokens).purpose("reset").subject("carol").maxUses(2).value();
		assertThat(this.tokens.consume(value, "reset").subject()).isEqualTo("carol");
		assertThat(this.tokens.usage(value, "reset").left()).isEqualTo(1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		TokenService tokenService() {
			return TokenService.builder().localKey(LocalKey.generate()).build();
		}

		@Bean
		SecurityFilterChain chain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((a) -> a.requestMatchers("/api/**").authenticated().anyRequest().permitAll())
				.with(TempIdConfigurer.tempId(), (t) -> t.purpose("api"))
				.build();
		}

		@RestController
		static class Controller {

			@GetMapping("/api/me")
			Map<String, String> me(Authentication authentication) {
				return Map.of("subject", authentication.getName(), "authorities", authentication.getAuthorities()
					.stream()
					.map(GrantedAuthority::getAuthority)
					.sorted()
					.collect(Collectors.joining(",")));
			}

			@GetMapping("/reset")
			@ConsumesToken(purpose = "reset", source = TokenSource.PARAMETER)
			Map<String, String> reset(@TokenSubject String subject) {
				return Map.of("subject", subject);
			}

		}

	}

}
