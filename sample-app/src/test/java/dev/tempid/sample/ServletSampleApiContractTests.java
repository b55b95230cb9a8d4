package dev.tempid.sample;

import dev.tempid.sample.api.LoginCodeContract;
import dev.tempid.sample.api.SampleApiContractTests;
import dev.tempid.sample.api.SessionsContract;
import dev.tempid.sample.api.SupersedeContract;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The samples' API contract (sample-api-tests), the one the reactive sample runs too,
 * against this sample on its embedded default over real HTTP, so that the two cannot
 * drift. The link-sending limits are off here; {@link ServletSampleLimitsContractTests}
 * runs them. Sign out everywhere, supersede and login codes have contracts of their own,
 * run here as on the reactive sample.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { Browserless.BASE_URL_PROPERTY, "sample.limits.enabled=false" })
@ActiveProfiles("dev")
class ServletSampleApiContractTests extends SampleApiContractTests
		implements SessionsContract, SupersedeContract, LoginCodeContract {

	@LocalServerPort
	private int port;

	@Override
	public String baseUrl() {
		return "http://localhost:" + this.port;
	}

}
