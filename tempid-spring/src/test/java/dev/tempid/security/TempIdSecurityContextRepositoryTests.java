package dev.tempid.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.tempid.LocalKey;
import dev.tempid.TokenService;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TempIdSecurityContextRepositoryTests {

	private final TokenService tokens = TokenService.builder().localKey(LocalKey.generate()).build();

	@Test
	void saveContextWhenConfiguredThenCookieCarriesEveryAttribute() {
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		repository.setCookieName("SID");
		repository.setSecure(false);
		repository.setSameSite("Strict");
		repository.setPath("/app");
		repository.setDomain("example.com");
		repository.setTtl(Duration.ofMinutes(30));
		MockHttpServletResponse response = new MockHttpServletResponse();
		repository.saveContext(context(List.of(new SimpleGrantedAuthority("read"))), new MockHttpServletRequest(),
				response);
		String header = response.getHeader("Set-Cookie");
		assertThat(header).startsWith("SID=v4.local.")
			.contains("Path=/app")
			.contains("Domain=example.com")
			.contains("Max-Age=1800")
			.contains("HttpOnly")
			.contains("SameSite=Strict")
			.doesNotContain("Secure");
		MockHttpServletRequest next = new MockHttpServletRequest();
		next.setCookies(new Cookie("SID", header.substring(4, header.indexOf(';'))));
		SecurityContext loaded = repository.loadDeferredContext(next).get();
		assertThat(loaded.getAuthentication().getName()).isEqualTo("alice");
		assertThat(loaded.getAuthentication().getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactly("read");
		assertThat(loaded.getAuthentication().getCredentials()).isNull();
		assertThat(repository.containsContext(next)).isTrue();
	}

	@Test
	void saveContextWhenCookieWouldExceed4096BytesThenRefuses() {
		List<GrantedAuthority> authorities = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			authorities.add(new SimpleGrantedAuthority("PERMISSION_NUMBER_" + i));
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		assertThatIllegalStateException()
			.isThrownBy(() -> repository.saveContext(context(authorities), new MockHttpServletRequest(), response))
			.withMessageContaining("4096");
		assertThat(response.getHeader("Set-Cookie")).isNull();
	}

	@Test
	void loadDeferredContextWhenNoCookieThenEmptyAndGenerated() {
		TempIdSecurityContextRepository repository = new TempIdSecurityContextRepository(this.tokens);
		MockHttpServletRequest request = new MockHttpServletRequest();
		assertThat(repository.loadDeferredContext(request).get().getAuthentication()).isNull();
		assertThat(repository.loadDeferredContext(request).isGenerated()).isTrue();
		assertThat(repository.containsContext(request)).isFalse();
	}

	private static SecurityContext context(List<GrantedAuthority> authorities) {
		return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated("alice", null, authorities));
	}

}
