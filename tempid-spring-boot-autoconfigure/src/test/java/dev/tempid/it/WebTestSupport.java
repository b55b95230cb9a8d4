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

	static List<String> setCookies(org.springframework.test.web.servlet.MvcResult result) {
		return result.getResponse().getHeaders("Set-Cookie");
	}

}
