package dev.tempid.sample.reactive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.tempid.Secrets;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.testsupport.Servers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the reactive sample, sharing one secret and the real Redis or
 * PostgreSQL (through R2DBC), hammered with concurrent approval uses: together they never
 * grant more than {@code maxUses}, and the event loops never block (BlockHound).
 */
class TwoReactiveInstancesTests {

	private static final int MAX_USES = 25;

	private static final int REQUESTS = 120;

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "redis", "postgres" })
	void approvalUsesWhenSpreadOverTwoInstancesThenNeverMoreThanMaxUses(String profile) {
		(profile.equals("redis") ? Servers.REDIS : Servers.POSTGRESQL).require();
		String secret = Secrets.generate();
		String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
		try (ConfigurableApplicationContext first = start(profile, secret, unique);
				ConfigurableApplicationContext second = start(profile, secret, unique)) {
			String token = first.getBean(TokenService.class)
				.issue(TokenRequest.forPurpose("approval").subject("alice@example.com").maxUses(MAX_USES)
					.claim("action", "deploy").build())
				.value();
			List<WebClient> clients = List.of(client(first), client(second));
			for (WebClient client : clients) {
				warmUp(client, first.getBean(TokenService.class));
			}
			List<Mono<Integer>> requests = new ArrayList<>();
			for (int i = 0; i < REQUESTS; i++) {
				requests.add(clients.get(i % 2).post().uri("/api/approvals/use")
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
					.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value())));
			}
			List<Integer> statuses = Flux.merge(Flux.fromIterable(requests), 32).collectList().block(Duration.ofSeconds(120));
			// 503: a request that did not get its answer within the store's 2 s bound on a busy
			// machine fails closed; it may still have been counted, so it can only lower the grants
			assertThat(statuses).hasSize(REQUESTS).allMatch((status) -> status == 200 || status == 410 || status == 503);
			long granted = statuses.stream().filter((status) -> status == 200).count();
			long unavailable = statuses.stream().filter((status) -> status == 503).count();
			// drain what is left, one request at a time: together never more than MAX_USES
			int drained = 0;
			while (drained <= MAX_USES) {
				Integer status = clients.get(drained % 2).post().uri("/api/approvals/use")
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
					.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
					.block(Duration.ofSeconds(30));
				if (status == null || status != 200) {
					break;
				}
				drained++;
			}
			if (profile.equals("postgres")) {
				first.getBean(DatabaseClient.class).sql("DROP TABLE IF EXISTS tempid_sample_rx_" + unique).then()
					.block(Duration.ofSeconds(30));
			}
			assertThat(granted + drained).as("grants (%d answered 503)", unavailable).isLessThanOrEqualTo(MAX_USES);
			if (unavailable == 0) {
				assertThat(granted).isEqualTo(MAX_USES);
			}
		}
	}

	/**
	 * Waits until an instance has connected to its store: a cold JVM on a busy machine may
	 * take longer than the store's 2 s bound for its first connection (those requests fail
	 * closed with 503, as they should).
	 */
	private static void warmUp(WebClient client, TokenService tokens) {
		String token = tokens.issue(TokenRequest.forPurpose("approval").subject("alice@example.com").maxUses(100)
			.claim("action", "warm-up").build()).value();
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			Integer status = client.post().uri("/api/approvals/use").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
				.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()))
				.block(Duration.ofSeconds(30));
			if (status != null && status == 200) {
				return;
			}
		}
		throw new IllegalStateException("the instance did not reach its store within 60 s");
	}

	private static ConfigurableApplicationContext start(String profile, String secret, String unique) {
		return new SpringApplicationBuilder(ReactiveSampleApplication.class).profiles(profile)
			.run("--server.port=0", "--tempid.secret=" + secret, "--tempid.allow-random-secret=false",
					"--tempid.store.redis.key-prefix=tempid-sample-rx-test-" + unique + ":",
					"--tempid.store.jdbc.table-name=tempid_sample_rx_" + unique, "--tempid.store.jdbc.cleanup-cron=-",
					"--logging.level.root=WARN");
	}

	private static WebClient client(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return WebClient.create("http://localhost:" + port);
	}

}
