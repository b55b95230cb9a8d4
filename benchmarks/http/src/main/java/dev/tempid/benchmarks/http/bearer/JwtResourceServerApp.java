package dev.tempid.benchmarks.http.bearer;

import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tempid.benchmarks.http.Bench;
import dev.tempid.benchmarks.http.MeController;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Pair 1, the anchor: Spring Security's resource server ({@code oauth2ResourceServer().jwt()})
 * verifying an HS256 JWT through {@code NimbusJwtDecoder} with the default validators (expiry),
 * the issuer, and audience and purpose claim validators, as the reference documentation
 * shows for a symmetric key. Writes one token (one hour) to {@code bench.token-file}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(MeController.class)
public class JwtResourceServerApp {

	static final String ISSUER = "bench";

	static final String AUDIENCE = "bench.api";

	static final String PURPOSE = "api";

	public static void main(String[] args) {
		Bench.run(JwtResourceServerApp.class, args, Bench.TEMPID, Bench.SESSION, Bench.JDBC, Bench.REDIS);
	}

	@Bean
	SecurityFilterChain api(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.oauth2ResourceServer((server) -> server.jwt(Customizer.withDefaults()))
			.build();
	}

	@Bean
	JwtDecoder jwtDecoder(@Value("${bench.jwt-secret}") String secret) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key(secret)).macAlgorithm(MacAlgorithm.HS256).build();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(ISSUER),
				new JwtClaimValidator<List<String>>("aud", (aud) -> aud != null && aud.contains(AUDIENCE)),
				new JwtClaimValidator<String>("pur", PURPOSE::equals)));
		return decoder;
	}

	@Bean
	ApplicationRunner writeToken(@Value("${bench.jwt-secret}") String secret, Environment environment) {
		return (args) -> {
			Instant now = Instant.now();
			JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER)
				.audience(AUDIENCE)
				.subject("alice")
				.claim("pur", PURPOSE)
				.claim("scope", "api")
				.jwtID(UUID.randomUUID().toString())
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(3600)))
				.build();
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
			try {
				jwt.sign(new MACSigner(key(secret)));
			}
			catch (JOSEException ex) {
				throw new IllegalStateException(ex);
			}
			Bench.writeToken(environment, jwt.serialize());
		};
	}

	private static SecretKey key(String secret) {
		return new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256");
	}

}
