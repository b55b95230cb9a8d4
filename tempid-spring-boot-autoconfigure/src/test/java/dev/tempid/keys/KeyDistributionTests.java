package dev.tempid.keys;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import dev.tempid.SecretKey;
import dev.tempid.TokenFormat;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signing service and a verifying service in one JVM, on real ports: the verifier
 * holds no key and fetches the signer's published ones; the signer rotates its key
 * without a single failed verification, and the verifier keeps working when the signer
 * is down.
 */
class KeyDistributionTests {

	@Test
	void verifierWhenSignerRotatesItsKeyThenEveryTokenKeepsVerifying() throws Exception {
		int signerPort = freePort();
		SecretKey first = SecretKey.generate();
		SecretKey second = SecretKey.generate();
		List<String> tokens = new ArrayList<>();
		try (ConfigurableApplicationContext verifier = start("--server.port=0",
				"--tempid.key-distribution.remote.url=http://127.0.0.1:" + signerPort + "/.well-known/paserk-keys",
				"--tempid.key-distribution.remote.min-refresh-interval=0s")) {
			TokenService verifying = verifier.getBean(TokenService.class);
			try (ConfigurableApplicationContext signer = start("--server.port=" + signerPort,
					"--tempid.keys.signing=" + first.toPaserk(), "--tempid.key-distribution.publish.enabled=true")) {
				tokens.add(issue(signer));
				assertThat(verifying.verify(tokens.get(0), "api").keyId()).isEqualTo(first.id());
			}
			// while the signer restarts, the verifier works on the keys it fetched
			assertThat(verifying.verify(tokens.get(0), "api").subject()).isEqualTo("svc");
			try (ConfigurableApplicationContext signer = start("--server.port=" + signerPort,
					"--tempid.keys.signing=" + second.toPaserk(),
					"--tempid.keys.verification[0]=" + first.publicKey().toPaserk(),
					"--tempid.key-distribution.publish.enabled=true")) {
				tokens.add(issue(signer));
				for (String token : tokens) {
					assertThat(verifying.verify(token, "api").subject()).isEqualTo("svc");
				}
				assertThat(verifying.verify(tokens.get(1), "api").keyId()).isEqualTo(second.id());
				PublishedKeys published = verifier.getBean(RemotePublicKeyResolver.class).keys().isEmpty() ? null
						: PublishedKeys.of(signer.getBean(TokenService.class).keyRing());
				assertThat(published.keys()).extracting(PublishedKeys.Key::kid).containsExactly(second.id(), first.id());
				assertThat(published.keys()).extracting(PublishedKeys.Key::active).containsExactly(true, false);
			}
		}
	}

	private static String issue(ConfigurableApplicationContext signer) {
		return signer.getBean(TokenService.class)
			.issue(TokenRequest.forPurpose("api").subject("svc").format(TokenFormat.PUBLIC).build())
			.value();
	}

	private static ConfigurableApplicationContext start(String... args) {
		return new SpringApplicationBuilder(Service.class).run(args);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Service {

		@Bean
		SecurityFilterChain open(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
		}

	}

}
