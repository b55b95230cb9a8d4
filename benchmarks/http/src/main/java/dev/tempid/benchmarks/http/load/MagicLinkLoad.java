package dev.tempid.benchmarks.http.load;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Pair 3's load generator: {@code threads} simulated browsers, each signing its own user
 * in over and over for {@code seconds} (closed loop), the whole flow each time: request
 * the link, read it from the outbox, open it, confirm it, land signed in on
 * {@code GET /api/me}. Writes one JSON object (into the file {@code -Dbench.results} names): logins per second, errors, latency of a
 * whole login, and the SQL statements per login (read from {@code /bench/statements}
 * before and after).
 *
 * <pre>
 * java -Dbench.results=FILE -cp … dev.tempid.benchmarks.http.load.MagicLinkLoad tempid|spring http://127.0.0.1:PORT threads seconds
 * </pre>
 */
public final class MagicLinkLoad {

	private static final Log logger = LogFactory.getLog(MagicLinkLoad.class);

	private MagicLinkLoad() {
	}

	public static void main(String[] args) throws Exception {
		String kind = args[0];
		String base = args[1];
		int threads = Integer.parseInt(args[2]);
		long seconds = Long.parseLong(args[3]);
		if (!kind.equals("tempid") && !kind.equals("spring")) {
			throw new IllegalArgumentException("kind must be tempid or spring");
		}
		long statementsBefore = statements(base);
		Recorder recorder = new Recorder(3);
		AtomicLong logins = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		List<Thread> workers = new ArrayList<>();
		long start = System.nanoTime();
		for (int t = 0; t < threads; t++) {
			String user = "user-" + t;
			Thread worker = new Thread(() -> {
				Client client = new Client();
				while (System.nanoTime() < deadline) {
					long begin = System.nanoTime();
					try {
						client.clearCookies();
						if (kind.equals("tempid")) {
							tempid(client, base, user);
						}
						else {
							spring(client, base, user);
						}
						recorder.recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - begin));
						logins.incrementAndGet();
					}
					catch (Exception ex) {
						if (errors.incrementAndGet() <= 5) {
							// the class only: a message may carry a link, and so a token
							logger.warn(user + ": " + ex.getClass().getName());
						}
					}
				}
			});
			worker.start();
			workers.add(worker);
		}
		for (Thread worker : workers) {
			worker.join();
		}
		double elapsed = (System.nanoTime() - start) / 1e9;
		long statementsAfter = statements(base);
		Histogram histogram = recorder.getIntervalHistogram();
		long done = logins.get();
		try (Results results = Results.open()) {
			results.line(String.format(
				"{\"kind\":\"%s\",\"logins\":%d,\"errors\":%d,\"seconds\":%.2f,\"loginsPerSecond\":%.1f,"
						+ "\"p50Ms\":%.2f,\"p99Ms\":%.2f,\"statementsPerLogin\":%.2f}",
				kind, done, errors.get(), elapsed, done / elapsed, histogram.getValueAtPercentile(50) / 1000.0,
				histogram.getValueAtPercentile(99) / 1000.0,
				(done > 0) ? (statementsAfter - statementsBefore) / (double) done : 0.0));
		}
	}

	private static void tempid(Client client, String base, String user) throws Exception {
		client.postForm(base + "/bench/magic-link", Map.of("username", user), 202);
		String link = client.get(base + "/bench/outbox?username=" + user, 200).body();
		HttpResponse<String> page = client.get(link, 200);
		String csrf = Client.csrfField(page.body());
		String token = URI.create(link).getQuery().substring("token=".length());
		HttpResponse<String> signedIn = client.postForm(base + "/login/magic", Map.of("token", token, "_csrf", csrf),
				302);
		expectHome(signedIn);
		landed(client, base, user);
	}

	private static void spring(Client client, String base, String user) throws Exception {
		client.postForm(base + "/ott/generate", Map.of("username", user), 302);
		String link = client.get(base + "/bench/outbox?username=" + user, 200).body();
		HttpResponse<String> page = client.get(link, 200);
		String csrf = Client.csrfField(page.body());
		String token = URI.create(link).getQuery().substring("token=".length());
		HttpResponse<String> signedIn = client.postForm(base + "/login/ott", Map.of("token", token, "_csrf", csrf), 302);
		expectHome(signedIn);
		landed(client, base, user);
	}

	private static void expectHome(HttpResponse<String> response) {
		String location = response.headers().firstValue("Location").orElse("");
		if (location.contains("error")) {
			throw new IllegalStateException("the login failed: " + location);
		}
	}

	private static void landed(Client client, String base, String user) throws Exception {
		String me = client.get(base + "/api/me", 200).body();
		if (!user.equals(Client.jsonString(me, "subject"))) {
			throw new IllegalStateException("signed in as someone else");
		}
	}

	private static long statements(String base) throws Exception {
		String body = new Client().get(base + "/bench/statements", 200).body();
		return Long.parseLong(body.replaceAll("[^0-9]", ""));
	}

}
