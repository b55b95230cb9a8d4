package dev.tempid.test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import dev.tempid.LocalKey;
import dev.tempid.PurposePolicy;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;
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
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
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
	void tempIdTokenWhenSentAsBearerThenCarriesSubjectAndPermissions() throws Exception {
		this.mvc.perform(get("/api/me").with(tempIdToken("api").subject("alice").permissions("read", "write")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.subject").value("alice"))
			.andExpect(jsonPath("$.authorities").value("read,write"));
	}

	@Test
	void tempIdTokenWhenOfAnotherPurposeThenRefused() throws Exception {
		this.mvc.perform(get("/api/me").with(tempIdToken("reset").subject("alice"))).andExpect(status().isUnauthorized());
	}

	@Test
	void tempIdTokenWhenSentAsParameterThenReachesConsumesToken() throws Exception {
		this.mvc.perform(get("/reset").with(tempIdToken("reset").subject("bob").maxUses(2).asParameter("token")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.subject").value("bob"))
			.andExpect(jsonPath("$.maxUses").value(2))
			.andExpect(jsonPath("$.usesLeft").value(1));
	}

	@Test
	void tempIdTokenWhenLeftOutThenThePurposesPolicyApplies() throws Exception {
		this.mvc.perform(get("/reset").with(tempIdToken("reset").subject("bob").asParameter("token")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.maxUses").value(1))
			.andExpect(jsonPath("$.ttlSeconds").value(3600));
	}

	@Test
	void tempIdTokenWhenUnlimitedUsesThenThePurposesLimitIsLifted() throws Exception {
		this.mvc.perform(get("/reset").with(tempIdToken("reset").subject("bob").unlimitedUses().asParameter("token")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.maxUses").value(0));
	}

	@Test
	void tempIdTokenWhenRequestIsCustomizedThenTheSettingReachesTheToken() throws Exception {
		this.mvc
			.perform(get("/api/me").with(tempIdToken("api").subject("alice")
				.request((r) -> r.notBefore(Instant.now().plus(Duration.ofHours(1))))))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void tempIdTokenWhenGivenAServiceThenIssuesWithItInsteadOfTheBean() throws Exception {
		TokenService other = TokenService.builder().localKey(LocalKey.generate()).build();
		this.mvc.perform(get("/api/me").with(tempIdToken("api").subject("alice").tokenService(other)))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void tempIdTokenWhenSettingIsInvalidThenTheBuilderRefusesItAtOnce() {
		assertThatIllegalArgumentException().isThrownBy(() -> tempIdToken("api").maxUses(0));
		assertThatIllegalArgumentException().isThrownBy(() -> tempIdToken(""));
	}

	@Test
	void testTokensWhenUsedThenIssueFromTheApplicationsService() {
		String value = TestTokens.with(this.tokens).purpose("reset").subject("carol").maxUses(2).value();
		assertThat(this.tokens.consume(value, "reset").subject()).isEqualTo("carol");
		assertThat(this.tokens.consume(value, "reset").usesLeft()).isZero();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		TokenService tokenService() {
			return TokenService.builder()
				.localKey(LocalKey.generate())
				.purpose("reset", PurposePolicy.NONE.withMaxUses(1).withTtl(Duration.ofHours(1)))
				.build();
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
			Map<String, Object> reset(@TokenSubject String subject, VerifiedToken token) {
				return Map.of("subject", subject, "maxUses", token.maxUses(), "usesLeft", token.usesLeft(), "ttlSeconds",
						Duration.between(token.issuedAt(), token.expiresAt()).toSeconds());
			}

		}

	}

}
