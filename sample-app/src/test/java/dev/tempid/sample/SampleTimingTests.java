package dev.tempid.sample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.tempid.sample.mail.AsyncMailSender;
import dev.tempid.sample.mail.MailSender;
import dev.tempid.sample.mail.OutboxMailSender;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A known address and an unknown one answer in the same time, so timing does not tell
 * which addresses have accounts: the mail goes out off the request thread, and both
 * touch the same limit counter (limits on, set high enough not to refuse here). Compares
 * the medians of 30 interleaved requests of each, with a generous margin for a loaded
 * machine.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.limits.per-client=1000 per 15m", "sample.limits.per-address=1000 per 15m" })
class SampleTimingTests {

	private static final int REQUESTS = 30;

	@LocalServerPort
	int port;

	@Autowired
	MailSender mail;

	@Autowired
	OutboxMailSender outbox;

	@Test
	void linkRequestsWhenTheAddressIsKnownOrUnknownThenAnswerInTheSameTime() {
		assertThat(this.mail).as("the flows' mail sender").isInstanceOf(AsyncMailSender.class);
		Browserless client = new Browserless(this.port);
		for (String path : List.of("/api/password-reset", "/api/magic-link")) {
			for (int i = 0; i < 10; i++) {
				time(client, path, "alice@example.com");
				time(client, path, unknown());
			}
			int mailsBefore = this.outbox.mails().size();
			List<Long> known = new ArrayList<>();
			List<Long> unknown = new ArrayList<>();
			for (int i = 0; i < REQUESTS; i++) {
				known.add(time(client, path, "alice@example.com"));
				unknown.add(time(client, path, unknown()));
			}
			long knownMedian = median(known);
			long unknownMedian = median(unknown);
			System.out.printf("%s: median %d us known, %d us unknown%n", path, knownMedian / 1000,
					unknownMedian / 1000);
			long margin = 3_000_000 + Math.min(knownMedian, unknownMedian) / 2;
			assertThat(Math.abs(knownMedian - unknownMedian)).as("%s: difference of the medians (ns)", path)
				.isLessThan(margin);
			assertThat(this.outbox.mails()).as("every known request was mailed").hasSize(mailsBefore + REQUESTS);
		}
	}

	private static String unknown() {
		return "nobody-" + UUID.randomUUID() + "@example.com";
	}

	private static long time(Browserless client, String path, String email) {
		long started = System.nanoTime();
		int status = client.postJson(path, Map.of("email", email)).statusCode();
		long took = System.nanoTime() - started;
		assertThat(status).isEqualTo(202);
		return took;
	}

	private static long median(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

}
