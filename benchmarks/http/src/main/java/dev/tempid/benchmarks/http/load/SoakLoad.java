package dev.tempid.benchmarks.http.load;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pair 4, the soak: a fixed rate of mixed requests against two sample instances sharing
 * one Redis, every flow of the sample: bearer and cookie-session {@code GET /api/me} on
 * both instances, magic-link login (link asked on one instance, confirmed on the other),
 * approvals (created on one, spent on both), password reset and sign-up with email
 * verification. Latency is measured from when each operation was due, not when it was
 * sent (no coordinated omission: a stall shows as latency of everything scheduled
 * behind it). Writes one JSON line per window and a summary of the first and last
 * windows into the file {@code -Dbench.results} names.
 *
 * <pre>
 * java -Dbench.results=FILE -cp … dev.tempid.benchmarks.http.load.SoakLoad http://127.0.0.1:A http://127.0.0.1:B opsPerSecond seconds windowSeconds
 * </pre>
 */
public final class SoakLoad {

	private static final Log logger = LogFactory.getLog(SoakLoad.class);

	private static final String ALICE = "alice@example.com";

	/** Whose password the soak resets: a completed reset signs its user out everywhere, so not Alice. */
	private static final String RESETTER = "soak-reset@example.com";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Flows that read the per-instance outbox run one at a time, so each reads its own mail. */
	private static final ReentrantLock OUTBOX = new ReentrantLock();

	private static final AtomicLong SEQUENCE = new AtomicLong();

	private final String a;

	private final String b;

	private final Client session = new Client();

	private String apiToken = "";

	private String xsrf = "";

	private SoakLoad(String a, String b) {
		this.a = a;
		this.b = b;
	}

	public static void main(String[] args) throws Exception {
		SoakLoad soak = new SoakLoad(args[0], args[1]);
		int rate = Integer.parseInt(args[2]);
		long seconds = Long.parseLong(args[3]);
		long window = Long.parseLong(args[4]);
		soak.setUp();
		try (Results results = Results.open()) {
			soak.run(results, rate, seconds, window);
		}
	}

	private void run(Results results, int rate, long seconds, long window) throws Exception {
		List<Op> mix = List.of(this::bearerA, this::bearerB, this::cookieA, this::cookieB, this::bearerA,
				this::bearerB, this::cookieA, this::cookieB, this::approval, this::magicLink, this::bearerA,
				this::cookieB, this::passwordReset, this::bearerB, this::cookieA, this::signUp);
		ExecutorService pool = Executors.newFixedThreadPool(64);
		Recorder recorder = new Recorder(3);
		AtomicLong errors = new AtomicLong();
		long period = TimeUnit.SECONDS.toNanos(1) / rate;
		long total = rate * seconds;
		long start = System.nanoTime();
		long nextWindow = start + TimeUnit.SECONDS.toNanos(window);
		int windowIndex = 0;
		long windowErrors = 0;
		Histogram first = null;
		Histogram last = null;
		StringBuilder windows = new StringBuilder();
		for (long i = 0; i <= total; i++) {
			long due = start + i * period;
			long now;
			while ((now = System.nanoTime()) < due) {
				TimeUnit.NANOSECONDS.sleep(Math.min(due - now, 1_000_000));
			}
			if (now >= nextWindow || i == total) {
				Histogram interval = recorder.getIntervalHistogram();
				long errs = errors.get() - windowErrors;
				windowErrors = errors.get();
				String line = String.format("{\"window\":%d,\"ops\":%d,\"errors\":%d,\"p50Ms\":%.2f,\"p99Ms\":%.2f,"
						+ "\"maxMs\":%.2f}", windowIndex, interval.getTotalCount(), errs,
						interval.getValueAtPercentile(50) / 1000.0, interval.getValueAtPercentile(99) / 1000.0,
						interval.getMaxValue() / 1000.0);
				results.line(line);
				windows.append((windows.length() > 0) ? "," : "").append(line);
				if (first == null) {
					first = interval;
				}
				last = interval;
				windowIndex++;
				nextWindow += TimeUnit.SECONDS.toNanos(window);
				if (i == total) {
					break;
				}
			}
			Op op = mix.get((int) (i % mix.size()));
			pool.execute(() -> {
				try {
					op.run();
				}
				catch (Exception ex) {
					if (errors.incrementAndGet() <= 10) {
						// the class only: a message may carry a link, and so a token
						logger.warn("soak error: " + ex.getClass().getName());
					}
				}
				recorder.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - due)));
			});
		}
		pool.shutdown();
		pool.awaitTermination(60, TimeUnit.SECONDS);
		results.line(String.format("{\"soak\":{\"opsPerSecond\":%d,\"seconds\":%d,\"errors\":%d,\"firstP50Ms\":%.2f,"
				+ "\"firstP99Ms\":%.2f,\"lastP50Ms\":%.2f,\"lastP99Ms\":%.2f,\"windows\":[%s]}}", rate, seconds,
				errors.get(), first.getValueAtPercentile(50) / 1000.0, first.getValueAtPercentile(99) / 1000.0,
				last.getValueAtPercentile(50) / 1000.0, last.getValueAtPercentile(99) / 1000.0, windows));
	}

	/**
	 * Writes an {@code api} bearer token of the sample at {@code args[0]} into the file
	 * {@code args[1]}, readable by its owner only (Alice signs in by magic link and asks
	 * {@code POST /api/tokens} for one): for the bearer runs against the sample. Never
	 * printed: a token is a credential.
	 */
	public static final class ApiToken {

		private ApiToken() {
		}

		public static void main(String[] args) throws Exception {
			SoakLoad sample = new SoakLoad(args[0], args[0]);
			sample.setUp();
			Path file = Path.of(args[1]);
			Files.deleteIfExists(file);
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(file, sample.apiToken);
		}

	}

	/** Alice signs in by magic link, and takes an {@code api} bearer token. */
	private void setUp() throws Exception {
		signIn(this.session, this.a, this.a);
		// the account whose password the soak resets (on A, where the resets run)
		new Client().postJson(this.a + "/api/signup",
				"{\"email\":\"" + RESETTER + "\",\"password\":\"soak passphrase number 0\"}", 202);
		this.xsrf = Client.jsonString(this.session.get(this.a + "/api/csrf", 200).body(), "token");
		String tokens = this.session.postJson(this.a + "/api/tokens", "{}", 201, "X-XSRF-TOKEN", this.xsrf).body();
		this.apiToken = Client.jsonString(tokens, "token");
	}

	private void bearerA() throws Exception {
		new Client().get(this.a + "/api/me", 200, "Authorization", "Bearer " + this.apiToken);
	}

	private void bearerB() throws Exception {
		new Client().get(this.b + "/api/me", 200, "Authorization", "Bearer " + this.apiToken);
	}

	private void cookieA() throws Exception {
		this.session.get(this.a + "/api/me", 200);
	}

	private void cookieB() throws Exception {
		this.session.get(this.b + "/api/me", 200);
	}

	/** An approval usable twice, created on B, spent once on each instance. */
	private void approval() throws Exception {
		String created = this.session
			.postJson(this.b + "/api/approvals", "{\"action\":\"deploy\",\"maxUses\":2}", 201, "X-XSRF-TOKEN", this.xsrf)
			.body();
		String approval = Client.jsonString(created, "token");
		new Client().postJson(this.a + "/api/approvals/use", "", 200, "Authorization", "Bearer " + approval);
		new Client().postJson(this.b + "/api/approvals/use", "", 200, "Authorization", "Bearer " + approval);
	}

	/** The link is asked for on A and confirmed on B; the new session then works on A. */
	private void magicLink() throws Exception {
		Client browser = new Client();
		signIn(browser, this.a, this.b);
		browser.get(this.a + "/api/me", 200);
	}

	private void passwordReset() throws Exception {
		OUTBOX.lock();
		try {
			Client browser = new Client();
			browser.postJson(this.a + "/api/password-reset", "{\"email\":\"" + RESETTER + "\"}", 202);
			String token = token(lastLink(this.a, RESETTER, "/reset-password"));
			browser.postJson(this.a + "/api/password-reset/confirm", "{\"token\":\"" + token
					+ "\",\"password\":\"soak passphrase number " + SEQUENCE.incrementAndGet() + "\"}", 204);
		}
		finally {
			OUTBOX.unlock();
		}
	}

	private void signUp() throws Exception {
		String email = "soak-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime() + "@example.com";
		OUTBOX.lock();
		try {
			Client browser = new Client();
			browser.postJson(this.a + "/api/signup",
					"{\"email\":\"" + email + "\",\"password\":\"a long enough passphrase\"}", 202);
			String link = lastLink(this.a, email, "/verify-email");
			browser.get(this.a + "/verify-email?token=" + token(link), 200);
		}
		finally {
			OUTBOX.unlock();
		}
	}

	/**
	 * Asks for a link and signs in with it, holding the outbox lock throughout: the sample's
	 * magic-link purpose is single-active, so a link asked for meanwhile by another flow for
	 * the same user would end this one.
	 */
	private void signIn(Client browser, String askOn, String confirmOn) throws Exception {
		OUTBOX.lock();
		try {
			browser.postJson(askOn + "/api/magic-link", "{\"email\":\"" + ALICE + "\"}", 202);
			String token = token(lastLink(askOn, ALICE, "/login/magic"));
			String page = browser.get(confirmOn + "/login/magic?token=" + token, 200).body();
			String location = browser
				.postForm(confirmOn + "/login/magic", Map.of("token", token, "_csrf", Client.csrfField(page)), 302)
				.headers()
				.firstValue("Location")
				.orElse("");
			if (location.contains("error") || browser.cookie("TEMPID_SESSION") == null) {
				throw new IllegalStateException("magic-link login failed");
			}
		}
		finally {
			OUTBOX.unlock();
		}
	}

	private String lastLink(String base, String to, String path) throws Exception {
		JsonNode mails = JSON.readTree(new Client().get(base + "/api/dev/outbox", 200).body());
		for (int i = mails.size() - 1; i >= 0; i--) {
			JsonNode mail = mails.get(i);
			String link = mail.path("link").asString();
			if (to.equals(mail.path("to").asString()) && URI.create(link).getPath().equals(path)) {
				return link;
			}
		}
		throw new IllegalStateException("no " + path + " mail to " + to);
	}

	private static String token(String link) {
		String query = URI.create(link).getRawQuery();
		for (String pair : query.split("&")) {
			if (pair.startsWith("token=")) {
				return pair.substring("token=".length());
			}
		}
		throw new IllegalStateException("no token in the link");
	}

	@FunctionalInterface
	private interface Op {

		void run() throws Exception;

	}

}
