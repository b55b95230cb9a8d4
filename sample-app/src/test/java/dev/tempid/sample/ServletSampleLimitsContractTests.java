package dev.tempid.sample;

import dev.tempid.sample.api.SendLimitsContract;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The samples' link-sending limits contract against this sample with its default limits. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = Browserless.BASE_URL_PROPERTY)
@ActiveProfiles("dev")
class ServletSampleLimitsContractTests implements SendLimitsContract {

	@LocalServerPort
	private int port;

	@Override
	public String baseUrl() {
		return "http://localhost:" + this.port;
	}

}
