package dev.tempid.sample.reactive;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The sample's API contract against the reactive sample on its embedded default
 * (in-memory store, outbox), over real HTTP on Reactor Netty, with BlockHound watching
 * the event loops.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("dev")
class ReactiveSampleApiTests extends SampleApiContractTests {

	@LocalServerPort
	private int port;

	@Override
	protected String baseUrl() {
		return "http://localhost:" + this.port;
	}

}
