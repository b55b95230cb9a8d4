package dev.tempid.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.tempid.Expectation;
import dev.tempid.LocalKey;
import dev.tempid.StoreUnavailableException;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.store.UseDecision;
import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.UseRecord;
import dev.tempid.store.UseStore;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;

class TempIdAuthenticationFilterTests {

	private final Switchable store = new Switchable();

	private final TokenService tokens = TokenService.builder().localKey(LocalKey.generate()).store(this.store).build();

	private final List<Object> events = new ArrayList<>();

	@AfterEach
	void clear() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void doFilterWhenConsumingThenSingleUseTokenAuthenticatesOnce() throws Exception {
		TempIdAuthenticationFilter filter = filter(true, null);
		String token = this.tokens.issue(TokenRequest.forPurpose("api").subject("alice").maxUses(1).build()).value();
		MockHttpServletResponse first = run(filter, token);
		assertThat(first.getStatus()).isEqualTo(200);
		assertThat(first.getHeader("X-Principal")).isEqualTo("alice");
		MockHttpServletResponse second = run(filter, token);
		assertThat(second.getStatus()).isEqualTo(401);
		assertThat(second.getHeader("WWW-Authenticate")).contains("invalid_token");
		assertThat(second.getContentAsString()).contains("USED_UP");
		assertThat(this.events).hasSize(2);
	}

	@Test
	void doFilterWhenStoreIsDownThenServiceUnavailable() throws Exception {
		TempIdAuthenticationFilter filter = filter(true, null);
		String token = this.tokens.issue(TokenRequest.forPurpose("api").subject("alice").maxUses(1).build()).value();
		this.store.down = true;
		MockHttpServletResponse response = run(filter, token);
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isNotNull();
	}

	@Test
	void doFilterWhenUserDetailsServiceThenPrincipalIsTheUserAndDisabledUsersAreRefused() throws Exception {
		UserDetails alice = User.withUsername("alice").password("{noop}x").authorities("ROLE_USER").build();
		UserDetails bob = User.withUsername("bob").password("{noop}x").authorities("ROLE_USER").disabled(true).build();
		TempIdAuthenticationFilter filter = filter(false, new InMemoryUserDetailsManager(alice, bob));
		MockHttpServletResponse ok = run(filter,
				this.tokens.issue(TokenRequest.forPurpose("api").subject("alice").build()).value());
		assertThat(ok.getStatus()).isEqualTo(200);
		assertThat(ok.getHeader("X-Authorities")).isEqualTo("[ROLE_USER]");
		assertThat(run(filter, this.tokens.issue(TokenRequest.forPurpose("api").subject("bob").build()).value())
			.getStatus()).isEqualTo(401);
		assertThat(run(filter, this.tokens.issue(TokenRequest.forPurpose("api").subject("carol").build()).value())
			.getStatus()).isEqualTo(401);
	}

	@Test
	void doFilterWhenTokenHasNoSubjectThenRefused() throws Exception {
		TempIdAuthenticationFilter filter = filter(false, null);
		MockHttpServletResponse response = run(filter, this.tokens.issue(TokenRequest.forPurpose("api").build()).value());
		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("WWW-Authenticate")).contains("invalid_token");
	}

	@Test
	void doFilterWhenTwoTokensThenInvalidRequest() throws Exception {
		TempIdAuthenticationFilter filter = filter(false, null);
		TempIdBearerTokenResolver resolver = new TempIdBearerTokenResolver();
		resolver.setAllowQueryParameter(true);
		filter.setResolver(resolver);
		String token = this.tokens.issue(TokenRequest.forPurpose("api").subject("alice").build()).value();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api");
		request.addHeader("Authorization", "Bearer " + token);
		request.addParameter("access_token", token);
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getHeader("WWW-Authenticate")).contains("invalid_request");
	}

	private TempIdAuthenticationFilter filter(boolean consume,
			org.springframework.security.core.userdetails.UserDetailsService users) {
		TempIdAuthenticationFilter filter = new TempIdAuthenticationFilter(this.tokens, Expectation.purpose("api"));
		filter.setConsume(consume);
		filter.setConverter(new TempIdAuthenticationConverter("", users));
		filter.setEventPublisher(new AuthenticationEventPublisher() {

			@Override
			public void publishAuthenticationSuccess(Authentication authentication) {
				TempIdAuthenticationFilterTests.this.events.add(authentication);
			}

			@Override
			public void publishAuthenticationFailure(AuthenticationException exception, Authentication authentication) {
				TempIdAuthenticationFilterTests.this.events.add(exception);
			}

		});
		return filter;
	}

	private MockHttpServletResponse run(TempIdAuthenticationFilter filter, String token) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api");
		request.addHeader("Authorization", "Bearer " + token);
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, (req, res) -> {
			Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
			((HttpServletResponse) res).setHeader("X-Principal", authentication.getName());
			((HttpServletResponse) res).setHeader("X-Authorities", authentication.getAuthorities().toString());
		});
		SecurityContextHolder.clearContext();
		return response;
	}

	static final class Switchable implements UseStore {

		private final InMemoryUseStore delegate = new InMemoryUseStore();

		volatile boolean down;

		private void check() {
			if (this.down) {
				throw new StoreUnavailableException("down");
			}
		}

		@Override
		public UseDecision consume(String tokenId, int maxUses, Duration ttl) {
			check();
			return this.delegate.consume(tokenId, maxUses, ttl);
		}

		@Override
		public boolean release(String tokenId) {
			check();
			return this.delegate.release(tokenId);
		}

		@Override
		public void revoke(String tokenId, Duration ttl) {
			check();
			this.delegate.revoke(tokenId, ttl);
		}

		@Override
		public UseDecision retire(String tokenId, int maxUses, Duration ttl) {
			check();
			return this.delegate.retire(tokenId, maxUses, ttl);
		}

		@Override
		public UseRecord usage(String tokenId) {
			check();
			return this.delegate.usage(tokenId);
		}

	}

}
