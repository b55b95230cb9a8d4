package dev.tempid.benchmarks;

import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.tempid.LocalKey;
import dev.tempid.SecretKey;
import dev.tempid.TokenFormat;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Issue and verify of the same claims (issuer, subject, audience, id, iat, exp, purpose,
 * one application claim) with tempid v4.local and v4.public, nimbus-jose-jwt HS256 and
 * jjwt HS256 / EdDSA. Each verify checks signature, expiry and the purpose/audience
 * claims, which is what an application must do with any of them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TokenBenchmarks {

	private TokenService local;

	private TokenService signed;

	private TokenRequest request;

	private TokenRequest publicRequest;

	private String localToken;

	private String publicToken;

	private MACSigner nimbusSigner;

	private MACVerifier nimbusVerifier;

	private String nimbusToken;

	private javax.crypto.SecretKey hmacKey;

	private ConfigurableJWTProcessor<SecurityContext> nimbusProcessor;

	private NimbusJwtDecoder springDecoder;

	private JwtParser jjwtHmacParser;

	private String jjwtHmacToken;

	private KeyPair edKeys;

	private JwtParser jjwtEdParser;

	private String jjwtEdToken;

	@Setup
	public void setUp() throws Exception {
		this.local = TokenService.builder().localKey(LocalKey.generate()).issuer("bench").audience("web").build();
		this.signed = TokenService.builder().signingKey(SecretKey.generate()).issuer("bench").audience("web").build();
		this.request = TokenRequest.forPurpose("password-reset").subject("user:42").ttl(Duration.ofMinutes(15))
			.claim("email", "alice@example.com").build();
		this.publicRequest = TokenRequest.forPurpose("password-reset").subject("user:42").ttl(Duration.ofMinutes(15))
			.claim("email", "alice@example.com").format(TokenFormat.PUBLIC).build();
		this.localToken = this.local.issue(this.request).value();
		this.publicToken = this.signed.issue(this.publicRequest).value();

		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		this.nimbusSigner = new MACSigner(secret);
		this.nimbusVerifier = new MACVerifier(secret);
		this.nimbusToken = nimbusIssue();

		this.hmacKey = new SecretKeySpec(secret, "HmacSHA256");
		this.nimbusProcessor = new DefaultJWTProcessor<>();
		this.nimbusProcessor
			.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret)));
		this.nimbusProcessor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>("web",
				new JWTClaimsSet.Builder().issuer("bench").claim("pur", "password-reset").build(),
				Set.of("exp", "jti", "sub")));
		this.springDecoder = NimbusJwtDecoder.withSecretKey(this.hmacKey).macAlgorithm(MacAlgorithm.HS256).build();
		this.springDecoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				JwtValidators.createDefaultWithIssuer("bench"),
				new JwtClaimValidator<List<String>>("aud", (aud) -> aud != null && aud.contains("web")),
				new JwtClaimValidator<String>("pur", "password-reset"::equals)));
		if (!"user:42".equals(nimbusHs256ProcessorVerify().getSubject())
				|| !"user:42".equals(springNimbusJwtDecoderHs256Verify().getSubject())) {
			throw new IllegalStateException("the nimbus processor or the Spring decoder does not verify the token");
		}
		this.jjwtHmacParser = Jwts.parser().verifyWith(this.hmacKey).requireIssuer("bench").requireAudience("web")
			.require("pur", "password-reset").build();
		this.jjwtHmacToken = jjwtIssue(this.hmacKey);

		this.edKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		this.jjwtEdParser = Jwts.parser().verifyWith(this.edKeys.getPublic()).requireIssuer("bench")
			.requireAudience("web").require("pur", "password-reset").build();
		this.jjwtEdToken = jjwtIssue(this.edKeys.getPrivate());
	}

	// ---------------------------------------------------------------- tempid

	@Benchmark
	public String tempidLocalIssue() {
		return this.local.issue(this.request).value();
	}

	@Benchmark
	public VerifiedToken tempidLocalVerify() {
		return this.local.verify(this.localToken, "password-reset");
	}

	@Benchmark
	public String tempidPublicIssue() {
		return this.signed.issue(this.publicRequest).value();
	}

	@Benchmark
	public VerifiedToken tempidPublicVerify() {
		return this.signed.verify(this.publicToken, "password-reset");
	}

	// ---------------------------------------------------------------- nimbus-jose-jwt HS256

	@Benchmark
	public String nimbusHs256Issue() throws Exception {
		return nimbusIssue();
	}

	/**
	 * The least an application can do with nimbus: parse, check the MAC, read the claims
	 * and compare them by hand. The strict baseline of the v4.local goal.
	 */
	@Benchmark
	public JWTClaimsSet nimbusHs256Verify() throws Exception {
		SignedJWT jwt = SignedJWT.parse(this.nimbusToken);
		if (!jwt.verify(this.nimbusVerifier)) {
			throw new IllegalStateException("bad signature");
		}
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		if (claims.getExpirationTime().before(new Date()) || !"password-reset".equals(claims.getStringClaim("pur"))
				|| !claims.getAudience().contains("web") || !"bench".equals(claims.getIssuer())) {
			throw new IllegalStateException("bad claims");
		}
		return claims;
	}

	/**
	 * nimbus' documented way to verify a JWT and its claims: {@code DefaultJWTProcessor}
	 * with a key selector and {@code DefaultJWTClaimsVerifier} (audience, exact issuer and
	 * purpose, required expiry, id and subject).
	 */
	@Benchmark
	public JWTClaimsSet nimbusHs256ProcessorVerify() throws Exception {
		return this.nimbusProcessor.process(this.nimbusToken, null);
	}

	/**
	 * What a Spring application verifying HS256 JWTs uses: Spring Security's
	 * {@code NimbusJwtDecoder} with the default validators (expiry, not-before), the issuer,
	 * and audience and purpose claim validators.
	 */
	@Benchmark
	public Jwt springNimbusJwtDecoderHs256Verify() {
		return this.springDecoder.decode(this.nimbusToken);
	}

	private String nimbusIssue() throws Exception {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("bench").subject("user:42").audience("web")
			.jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(900))).claim("pur", "password-reset")
			.claim("data", Map.of("email", "alice@example.com")).build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		jwt.sign(this.nimbusSigner);
		return jwt.serialize();
	}

	// ---------------------------------------------------------------- jjwt HS256 and EdDSA

	@Benchmark
	public String jjwtHs256Issue() {
		return jjwtIssue(this.hmacKey);
	}

	@Benchmark
	public Claims jjwtHs256Verify() {
		return this.jjwtHmacParser.parseSignedClaims(this.jjwtHmacToken).getPayload();
	}

	@Benchmark
	public String jjwtEdDsaIssue() {
		return jjwtIssue(this.edKeys.getPrivate());
	}

	@Benchmark
	public Claims jjwtEdDsaVerify() {
		return this.jjwtEdParser.parseSignedClaims(this.jjwtEdToken).getPayload();
	}

	private String jjwtIssue(Key key) {
		Instant now = Instant.now();
		return Jwts.builder().issuer("bench").subject("user:42").audience().add("web").and()
			.id(UUID.randomUUID().toString()).issuedAt(Date.from(now))
			.expiration(Date.from(now.plusSeconds(900))).claim("pur", "password-reset")
			.claim("data", Map.of("email", "alice@example.com")).signWith(key).compact();
	}


}
