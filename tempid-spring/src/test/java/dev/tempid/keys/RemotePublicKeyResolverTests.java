package dev.tempid.keys;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import dev.tempid.MutableClock;
import dev.tempid.SecretKey;
import dev.tempid.TokenFormat;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.UnknownKeyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The resolver against a real HTTP server (the JDK's) that publishes keys, changes its
 * {@code Cache-Control} and withdraws a key.
 */
class RemotePublicKeyResolverTests {

	private final SecretKey signer = SecretKey.generate();

	private final TokenService issuer = TokenService.builder().signingKey(this.signer).build();

	private final AtomicReference<String> body = new AtomicReference<>();

	private final AtomicReference<String> cacheControl = new AtomicReference<>("max-age=60");

	private final AtomicInteger fetches = new AtomicInteger();

	private final MutableClock clock = new MutableClock(Instant.now());

	private HttpServer server;

	@BeforeEach
	void startPublisher() throws IOException {
		publish(this.signer);
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/keys", (exchange) -> {
			this.fetches.incrementAndGet();
			byte[] bytes = this.body.get().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.getResponseHeaders().set("Cache-Control", this.cacheControl.get());
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		});
		this.server.start();
	}

	@AfterEach
	void stopPublisher() {
		this.server.stop(0);
	}

	@Test
	void verifyWhenThePublisherWithdrawsAKeyThenItStopsVerifyingOnceItsMaxAgeIsUp() {
		RemotePublicKeyResolver resolver = resolver(Duration.ofSeconds(1), Duration.ofMinutes(10));
		TokenService verifier = TokenService.builder().publicKeyResolver(resolver).clock(this.clock).build();
		String token = token();
		assertThat(verifier.verify(token, "api").subject()).isEqualTo("svc");
		// withdrawn: still trusted until the 60 s the publisher allowed are up, without a fetch
		publish();
		this.clock.advance(Duration.ofSeconds(59));
		assertThat(verifier.verify(token, "api").subject()).isEqualTo("svc");
		assertThat(this.fetches).hasValue(1);
		this.clock.advance(Duration.ofSeconds(2));
		assertThatExceptionOfType(UnknownKeyException.class).isThrownBy(() -> verifier.verify(token, "api"));
		assertThat(this.fetches).hasValue(2);
		assertThat(resolver.keys()).isEmpty();
	}

	@Test
	void resolveWhenThePublisherSaysAShortMaxAgeThenKeysExpireSoonerThanTheConfiguredMaxAge() {
		this.cacheControl.set("public, max-age=5");
		RemotePublicKeyResolver resolver = resolver(Duration.ofSeconds(1), Duration.ofMinutes(10));
		assertThat(resolver.resolve(this.signer.id())).isNotNull();
		assertThat(resolver.expiresAt()).isEqualTo(this.clock.instant().plusSeconds(5));
		publish();
		this.clock.advance(Duration.ofSeconds(6));
		assertThat(resolver.resolve(this.signer.id())).isNull();
	}

	@Test
	void resolveWhenThePublisherSaysALongMaxAgeThenTheConfiguredMaxAgeCapsIt() {
		this.cacheControl.set("max-age=86400");
		RemotePublicKeyResolver resolver = resolver(Duration.ofSeconds(1), Duration.ofMinutes(10));
		assertThat(resolver.resolve(this.signer.id())).isNotNull();
		assertThat(resolver.expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofMinutes(10)));
	}

	@Test
	void resolveWhenTheEndpointIsDownAfterExpiryThenExpiredKeysAreNotUsed() {
		RemotePublicKeyResolver resolver = resolver(Duration.ofSeconds(1), Duration.ofMinutes(10));
		assertThat(resolver.resolve(this.signer.id())).isNotNull();
		this.server.stop(0);
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(resolver.resolve(this.signer.id())).as("within max-age").isNotNull();
		this.clock.advance(Duration.ofSeconds(31));
		assertThat(resolver.resolve(this.signer.id())).as("expired, publisher unreachable").isNull();
	}

	@Test
	void resolveWhenUnknownIdsFloodThenOneFetchPerInterval() {
		RemotePublicKeyResolver resolver = resolver(Duration.ofSeconds(10), Duration.ofMinutes(10));
		for (int i = 0; i < 50; i++) {
			assertThat(resolver.resolve("k4.pid.made-up-" + i)).isNull();
		}
		assertThat(this.fetches).hasValue(1);
	}

	@Test
	void constructWhenUrlIsNotHttpsThenRefusedUnlessLoopback() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RemotePublicKeyResolver(URI.create("http://auth.example.com/keys"), Duration.ofSeconds(1),
					Duration.ofSeconds(1), Duration.ofMinutes(1), Clock.systemUTC()))
			.withMessageContaining("https");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RemotePublicKeyResolver(URI.create("ftp://auth.example.com/keys"), Duration.ofSeconds(1),
					Duration.ofSeconds(1), Duration.ofMinutes(1), Clock.systemUTC()));
		for (String url : List.of("https://auth.example.com/keys", "http://localhost:8080/keys", "http://127.0.0.1/keys",
				"http://[::1]:8080/keys")) {
			assertThatNoException().isThrownBy(() -> new RemotePublicKeyResolver(URI.create(url), Duration.ofSeconds(1),
					Duration.ofSeconds(1), Duration.ofMinutes(1), Clock.systemUTC()));
		}
	}

	private RemotePublicKeyResolver resolver(Duration minRefreshInterval, Duration maxAge) {
		URI uri = URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/keys");
		return new RemotePublicKeyResolver(uri, Duration.ofSeconds(10), minRefreshInterval, maxAge, this.clock);
	}

	private String token() {
		return this.issuer.issue(TokenRequest.forPurpose("api").subject("svc").ttl(Duration.ofHours(1))
			.format(TokenFormat.PUBLIC).build()).value();
	}

	private void publish(SecretKey... keys) {
		StringBuilder json = new StringBuilder("{\"keys\":[");
		for (int i = 0; i < keys.length; i++) {
			json.append((i > 0) ? "," : "").append("{\"kid\":\"").append(keys[i].id()).append("\",\"paserk\":\"")
				.append(keys[i].publicKey().toPaserk()).append("\",\"active\":").append(i == 0).append('}');
		}
		this.body.set(json.append("]}").toString());
	}

}
