package dev.tempid.sample.reactive;

import dev.tempid.sample.api.LoginCodeContract;
import dev.tempid.sample.api.SampleApiContractTests;
import dev.tempid.sample.api.SessionsContract;
import dev.tempid.sample.api.SupersedeContract;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The samples' API contract (sample-api-tests) against the reactive sample on its
 * embedded default (in-memory store, outbox), over real HTTP on Reactor Netty, with
 * BlockHound watching the event loops: every row of the table, sign out everywhere,
 * supersede and login codes. The link-sending limits are off here (the suite signs alice
 * in many times); {@link ReactiveSampleLimitsTests} runs them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.limits.enabled=false")
@ActiveProfiles("dev")
class ReactiveSampleApiTests extends SampleApiContractTests
		implements SessionsContract, SupersedeContract, LoginCodeContract {

	@LocalServerPort
	private int port;

	@Override
	public String baseUrl() {
		return "http://localhost:" + this.port;
	}

}
