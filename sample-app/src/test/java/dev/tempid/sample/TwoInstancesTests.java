package dev.tempid.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.tempid.Secrets;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.sample.mail.Mail;
import dev.tempid.sample.mail.OutboxMailSender;
import dev.tempid.sample.users.UserService;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Two instances of the sample, sharing one secret and the real Redis or PostgreSQL,
 * hammered with concurrent approval uses from many threads: together they never grant
 * more than {@code maxUses}; a magic link raced against its login code: exactly one
 * signs in; and signing out everywhere, or completing a password reset, on one instance
 * ends the sessions held against the other.
 */
class TwoInstancesTests {

	private static final int MAX_USES = 25;

	private static final int REQUESTS = 120;

	private static final int THREADS = 24;

	private static final int RACERS = 32;

	private static final String ALICE = "alice@example.com";

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "redis, 6379, 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save \"\" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log'",
			"postgres, 5432, 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'" })
	void approvalUsesWhenSpreadOverTwoInstancesThenNeverMoreThanMaxUses(String profile, int port, String start)
			throws Exception {
		require(profile, port, start);
		String secret = Secrets.generate();
		String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		try (ConfigurableApplicationContext first = start(profile, secret, unique);
				ConfigurableApplicationContext second = start(profile, secret, unique)) {
			String token = first.getBean(TokenService.class)
				.issue(TokenRequest.forPurpose("approval").subject("alice@example.com").maxUses(MAX_USES)
					.claim("action", "deploy").build())
				.value();
			List<Browserless> clients = List.of(new Browserless(port(first)), new Browserless(port(second)));
			CyclicBarrier barrier = new CyclicBarrier(THREADS);
			ExecutorService pool = Executors.newFixedThreadPool(THREADS);
			List<Future<Integer>> results = new ArrayList<>();
			for (int i = 0; i < REQUESTS; i++) {
				Browserless client = clients.get(i % 2);
				boolean wait = i < THREADS;
				results.add(pool.submit(() -> {
					if (wait) {
						barrier.await(20, TimeUnit.SECONDS);
					}
					HttpResponse<String> response = client.postJson("/api/approvals/use", Map.of(), "Authorization",
							"Bearer " + token);
					return response.statusCode();
				}));
			}
			int granted = 0;
			int usedUp = 0;
			for (Future<Integer> result : results) {
				int status = result.get(60, TimeUnit.SECONDS);
				if (status == 200) {
					granted++;
				}
				else if (status == 410) {
					usedUp++;
				}
				else {
					fail("unexpected status " + status);
				}
			}
			pool.shutdown();
			if (profile.equals("postgres")) {
				new org.springframework.jdbc.core.JdbcTemplate(first.getBean(javax.sql.DataSource.class))
					.execute("DROP TABLE IF EXISTS tempid_sample_" + unique);
			}
			assertThat(granted).isEqualTo(MAX_USES);
			assertThat(usedUp).isEqualTo(REQUESTS - MAX_USES);
		}
	}

	/**
	 * One magic link and its login code, raced by 32 threads over two instances: 16 post the
	 * link (after opening its page), 16 post the code. They share one use, taken in one
	 * atomic step of the shared store: exactly one signs in, every other is refused.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource({ "redis, 6379, 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save \"\" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log'",
			"postgres, 5432, 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'" })
	void linkAndCodeWhenRacedOverTwoInstancesThenExactlyOneSignsIn(String profile, int port, String start)
			throws Exception {
		require(profile, port, start);
		String secret = Secrets.generate();
		String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		String email = "race-" + unique + "@example.com";
		try (ConfigurableApplicationContext first = start(profile, secret, unique);
				ConfigurableApplicationContext second = start(profile, secret, unique)) {
			for (ConfigurableApplicationContext instance : List.of(first, second)) {
				// the sample keeps its users in memory: each instance has its own copy of the account
				instance.getBean(UserService.class).signUp(email, "first-password-42");
			}
			List<Integer> ports = List.of(port(first), port(second));
			assertThat(new Browserless(ports.get(0)).postJson("/api/magic-link", Map.of("email", email)).statusCode())
				.isEqualTo(202);
			Mail mail = first.getBean(OutboxMailSender.class).lastMailTo(email);
			String token = mail.link().substring(mail.link().indexOf("token=") + 6);
			List<Callable<String>> attempts = new ArrayList<>();
			for (int i = 0; i < RACERS; i++) {
				Browserless client = new Browserless(ports.get(i % 2));
				if (i < RACERS / 2) {
					// opening the page spends nothing and gives the CSRF field the post needs
					HttpResponse<String> page = client.get(Browserless.local(mail.link(), ports.get(i % 2)));
					assertThat(page.statusCode()).isEqualTo(200);
					String csrf = Browserless.csrfField(page.body());
					attempts.add(() -> {
						HttpResponse<String> login = client.postForm("/login/magic", Map.of("token", token, "_csrf", csrf));
						String location = login.headers().firstValue("Location").orElse("");
						return (login.statusCode() == 302 && !location.contains("error")) ? "link signed in"
								: (login.statusCode() == 302) ? "link refused" : "link " + login.statusCode();
					});
				}
				else {
					attempts.add(() -> {
						HttpResponse<String> login = client.postJson("/api/login/code",
								Map.of("email", email, "code", mail.code()));
						return (login.statusCode() == 204) ? "code signed in"
								: (login.statusCode() == 410) ? "code refused" : "code " + login.statusCode();
					});
				}
			}
			CyclicBarrier barrier = new CyclicBarrier(RACERS);
			ExecutorService pool = Executors.newFixedThreadPool(RACERS);
			List<Future<String>> results = new ArrayList<>();
			for (Callable<String> attempt : attempts) {
				results.add(pool.submit(() -> {
					barrier.await(20, TimeUnit.SECONDS);
					return attempt.call();
				}));
			}
			List<String> outcomes = new ArrayList<>();
			for (Future<String> result : results) {
				outcomes.add(result.get(60, TimeUnit.SECONDS));
			}
			pool.shutdown();
			if (profile.equals("postgres")) {
				new org.springframework.jdbc.core.JdbcTemplate(first.getBean(javax.sql.DataSource.class))
					.execute("DROP TABLE IF EXISTS tempid_sample_" + unique);
			}
			assertThat(outcomes).filteredOn((outcome) -> outcome.endsWith("signed in")).hasSize(1);
			assertThat(outcomes).filteredOn((outcome) -> !outcome.endsWith("signed in"))
				.allSatisfy((outcome) -> assertThat(outcome).isIn("link refused", "code refused"));
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "redis, 6379, 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save \"\" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log'",
			"postgres, 5432, 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'" })
	void signOutEverywhereOnOneInstanceEndsTheSessionsHeldAgainstTheOther(String profile, int port, String start)
			throws Exception {
		require(profile, port, start);
		String secret = Secrets.generate();
		String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		try (ConfigurableApplicationContext first = start(profile, secret, unique);
				ConfigurableApplicationContext second = start(profile, secret, unique)) {
			try {
				Browserless onFirst = signIn(first);
				Browserless onSecond = signIn(second);
				// a session is not tied to the instance that made it
				String secondsCookie = onSecond.cookie("TEMPID_SESSION");
				assertThat(new Browserless(port(first)).get("/api/me", "Cookie", "TEMPID_SESSION=" + secondsCookie)
					.statusCode()).isEqualTo(200);

				String[] csrf = onFirst.csrfHeader();
				assertThat(onFirst.postJson("/api/sessions/revoke-all", Map.of(), csrf[0], csrf[1]).statusCode())
					.isEqualTo(204);
				assertThat(onFirst.get("/api/me").statusCode()).isEqualTo(401);
				assertThat(onSecond.get("/api/me").statusCode()).as("the session on the other instance")
					.isEqualTo(401);
				assertThat(new Browserless(port(second)).get("/api/me", "Cookie", "TEMPID_SESSION=" + secondsCookie)
					.statusCode()).as("a copy of its cookie").isEqualTo(401);
				assertThat(signIn(second).get("/api/me").statusCode()).as("signing in again").isEqualTo(200);
			}
			finally {
				dropTable(profile, first, unique);
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "redis, 6379, 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save \"\" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log'",
			"postgres, 5432, 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'" })
	void passwordResetOnOneInstanceEndsTheSessionsOnTheOther(String profile, int port, String start) throws Exception {
		require(profile, port, start);
		String secret = Secrets.generate();
		String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		try (ConfigurableApplicationContext first = start(profile, secret, unique);
				ConfigurableApplicationContext second = start(profile, secret, unique)) {
			try {
				Browserless onSecond = signIn(second);
				assertThat(onSecond.get("/api/me").statusCode()).isEqualTo(200);
				Browserless resetter = new Browserless(port(first));
				assertThat(resetter.postJson("/api/password-reset", Map.of("email", ALICE)).statusCode())
					.isEqualTo(202);
				String link = first.getBean(OutboxMailSender.class).lastLinkTo(ALICE);
				String token = link.substring(link.indexOf("token=") + 6);
				assertThat(resetter.postJson("/api/password-reset/confirm",
						Map.of("token", token, "password", "a-new-passphrase-42")).statusCode()).isEqualTo(204);
				assertThat(onSecond.get("/api/me").statusCode()).as("the session on the other instance")
					.isEqualTo(401);
			}
			finally {
				dropTable(profile, first, unique);
			}
		}
	}

	/** Alice signs in by magic link against one instance, in a browser of her own. */
	private static Browserless signIn(ConfigurableApplicationContext instance) {
		Browserless browser = new Browserless(port(instance));
		assertThat(browser.postJson("/api/magic-link", Map.of("email", ALICE)).statusCode()).isEqualTo(202);
		String link = Browserless.local(instance.getBean(OutboxMailSender.class).lastLinkTo(ALICE), port(instance));
		HttpResponse<String> page = browser.get(link);
		assertThat(page.statusCode()).isEqualTo(200);
		HttpResponse<String> login = browser.postForm("/login/magic", Map.of("token",
				link.substring(link.indexOf("token=") + 6), "_csrf", Browserless.csrfField(page.body())));
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(browser.get("/api/me").statusCode()).isEqualTo(200);
		return browser;
	}

	private static void dropTable(String profile, ConfigurableApplicationContext context, String unique) {
		if (profile.equals("postgres")) {
			new org.springframework.jdbc.core.JdbcTemplate(context.getBean(javax.sql.DataSource.class))
				.execute("DROP TABLE IF EXISTS tempid_sample_" + unique);
		}
	}

	private static ConfigurableApplicationContext start(String profile, String secret, String unique) {
		return new SpringApplicationBuilder(SampleApplication.class).profiles(profile)
			.run("--server.port=0", "--tempid.secret=" + secret, "--tempid.allow-random-secret=false",
					"--tempid.store.redis.key-prefix=tempid-sample-test-" + unique + ":",
					"--tempid.store.jdbc.table-name=tempid_sample_" + unique, "--tempid.store.jdbc.cleanup-cron=-",
					"--" + Browserless.BASE_URL_PROPERTY, "--sample.limits.enabled=false", "--logging.level.root=WARN");
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static void require(String name, int port, String start) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
		}
		catch (IOException ex) {
			String message = name + " is not reachable on 127.0.0.1:" + port + ". Start it with: " + start;
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				fail(message);
			}
			Assumptions.abort(message);
		}
	}

}
