package dev.tempid.it;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Shared set-up: every web test runs against the same {@link TestApplication} context,
 * on a real server (random port) and through MockMvc.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
abstract class WebTestSupport {

	@Autowired
	MockMvc mvc;

	@Autowired
	TokenService tokens;

	@Autowired
	TestApplication.MutableClock clock;

	@Autowired
	TestApplication.SwitchableUseStore store;

	@Autowired
	TestApplication.Events events;

	@LocalServerPort
	int port;

	@AfterEach
	void resetSharedState() {
		this.clock.reset();
		this.store.down = false;
		this.store.generationsDown = false;
	}

	String issue(String purpose, String subject, int maxUses, String... permissions) {
		TokenRequest.Builder request = TokenRequest.forPurpose(purpose)
			.subject(subject)
			.ttl(Duration.ofMinutes(10))
			.claim("email", subject + "@example.com");
		if (maxUses > 0) {
			request.maxUses(maxUses);
		}
		if (permissions.length > 0) {
			request.permissions(Arrays.asList(permissions));
		}
		return this.tokens.issue(request.build()).value();
	}

	String issue(TokenRequest request) {
		return this.tokens.issue(request).value();
	}

	int used(String token, String purpose) {
		return this.tokens.usage(token, purpose).used();
	}

	/**
	 * A real double-submit CSRF token, as a browser script sends it: the same random value
	 * in the {@code XSRF-TOKEN} cookie and the {@code X-XSRF-TOKEN} header. (Spring
	 * Security Test's {@code csrf()} would swap the shared filter's repository for the
	 * whole context, which the real-server tests share.)
	 */
	static RequestPostProcessor csrf() {
		return (request) -> {
			String value = java.util.UUID.randomUUID().toString();
			jakarta.servlet.http.Cookie[] existing = request.getCookies();
			List<jakarta.servlet.http.Cookie> cookies = new java.util.ArrayList<>(
					(existing != null) ? List.of(existing) : List.of());
			cookies.add(new jakarta.servlet.http.Cookie("XSRF-TOKEN", value));
			request.setCookies(cookies.toArray(new jakarta.servlet.http.Cookie[0]));
			request.addHeader("X-XSRF-TOKEN", value);
			return request;
		};
	}

	static List<String> setCookies(org.springframework.test.web.servlet.MvcResult result) {
		return result.getResponse().getHeaders("Set-Cookie");
	}

}
