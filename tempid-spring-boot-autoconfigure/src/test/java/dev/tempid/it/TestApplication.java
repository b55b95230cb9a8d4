package dev.tempid.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tempid.LocalKey;
import dev.tempid.StoreUnavailableException;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;
import dev.tempid.security.TempIdConfigurer;
import dev.tempid.store.Generation;
import dev.tempid.store.UseDecision;
import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.UseRecord;
import dev.tempid.store.UseStore;
import dev.tempid.web.ConsumesToken;
import dev.tempid.web.TokenClaim;
import dev.tempid.web.TokenSource;
import dev.tempid.web.TokenSubject;
import dev.tempid.web.TokenValue;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.event.AbstractAuthenticationEvent;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The one application every web and security test runs against (one Spring context for
 * the whole suite).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApplication {

	static final LocalKey KEY = LocalKey.generate();

	/** Side effects of {@code POST /transfer}. */
	static final java.util.concurrent.atomic.AtomicInteger TRANSFERS = new java.util.concurrent.atomic.AtomicInteger();

	@Bean
	MutableClock clock() {
		return new MutableClock();
	}

	@Bean
	SwitchableUseStore useStore() {
		return new SwitchableUseStore();
	}

	@Bean
	TokenService tokenService(MutableClock clock, SwitchableUseStore store) {
		return TokenService.builder().localKey(KEY).issuer("test").store(store).clock(clock).build();
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((authorize) -> authorize.requestMatchers("/api/admin").hasAuthority("admin")
			.requestMatchers("/api/**")
			.authenticated()
			.anyRequest()
			.permitAll())
			.csrf(CsrfConfigurer::spa)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.with(TempIdConfigurer.tempId(), (tempId) -> tempId.purpose("api")
				.magicLink((magic) -> magic.loginPage("/login"))
				.session(Customizer.withDefaults()));
		return http.build();
	}

	@Bean
	Events events() {
		return new Events();
	}

	/** Authentication events, as published. */
	static final class Events {

		final List<AbstractAuthenticationEvent> received = new CopyOnWriteArrayList<>();

		@EventListener
		void on(AbstractAuthenticationEvent event) {
			this.received.add(event);
		}

	}

	@RestController
	static class TokenController {

		private final ApprovalService approvals;

		TokenController(ApprovalService approvals) {
			this.approvals = approvals;
		}

		@GetMapping("/param")
		@ConsumesToken(purpose = "reset", source = TokenSource.PARAMETER)
		Map<String, Object> param(VerifiedToken token, @TokenSubject String subject,
				@TokenClaim(value = "email", required = false) String email) {
			return Map.of("subject", subject, "id", token.id(), "email", String.valueOf(email), "usesLeft",
					token.usesLeft());
		}

		@GetMapping("/path/{code}")
		@ConsumesToken(purpose = "reset", source = TokenSource.PATH_VARIABLE, name = "code")
		Map<String, Object> path(@TokenSubject String subject) {
			return Map.of("subject", subject);
		}

		@GetMapping("/header")
		@ConsumesToken(purpose = "reset", source = TokenSource.HEADER, name = "X-Token")
		Map<String, Object> header(@TokenSubject String subject) {
			return Map.of("subject", subject);
		}

		@PostMapping("/form")
		@ConsumesToken(purpose = "reset", source = TokenSource.FORM_FIELD)
		Map<String, Object> form(@TokenSubject String subject) {
			return Map.of("subject", subject);
		}

		@PostMapping("/json")
		@ConsumesToken(purpose = "reset", source = TokenSource.JSON_BODY, refundOn = RejectedPasswordException.class)
		Map<String, Object> json(@RequestBody Map<String, Object> body, @TokenClaim("email") String email) {
			if (Boolean.TRUE.equals(body.get("fail"))) {
				throw new RejectedPasswordException();
			}
			return Map.of("email", email, "password", String.valueOf(body.get("password")));
		}

		@PostMapping("/transfer")
		@ConsumesToken(purpose = "reset", source = TokenSource.JSON_BODY, refundOn = RejectedPasswordException.class)
		Map<String, Object> transfer(@RequestBody Map<String, Object> body) {
			TRANSFERS.incrementAndGet();
			// the work is done; a failure now (an unlisted exception) must not give the use back
			throw new ResponseStatusException(HttpStatus.CONFLICT, "failed after the transfer");
		}

		@PostMapping("/auto")
		@ConsumesToken(purpose = "reset", audience = "web")
		Map<String, Object> auto(@TokenClaim("aud") String audience) {
			return Map.of("audience", audience);
		}

		@PostMapping("/approve")
		Map<String, Object> approve(@RequestBody Map<String, String> body) {
			return Map.of("subject", this.approvals.approve(body.get("token"), null));
		}

		@GetMapping("/api/me")
		Map<String, Object> me(Authentication authentication) {
			return Map.of("subject", authentication.getName(), "authorities",
					authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
		}

		@PostMapping("/api/echo")
		Map<String, Object> echo(@RequestBody Map<String, Object> body) {
			return body;
		}

		@GetMapping("/api/admin")
		String admin() {
			return "admin";
		}

		@GetMapping("/csrf")
		Map<String, String> csrf(CsrfToken token) {
			return Map.of("headerName", token.getHeaderName(), "token", token.getToken());
		}

		@GetMapping("/login")
		String login() {
			return "login page";
		}

	}

	/** Thrown before any side effect: listed in {@code refundOn}. */
	static final class RejectedPasswordException extends ResponseStatusException {

		private static final long serialVersionUID = 1L;

		RejectedPasswordException() {
			super(HttpStatus.BAD_REQUEST, "rejected password");
		}

	}

	/** A service, not a controller: the token is a @TokenValue argument. */
	@Service
	static class ApprovalService {

		@ConsumesToken(purpose = "approve")
		String approve(@TokenValue String token, @TokenSubject String subject) {
			return subject;
		}

	}

	/** A clock tests can move. */
	static final class MutableClock extends Clock {

		private volatile Duration offset = Duration.ZERO;

		void advance(Duration by) {
			this.offset = this.offset.plus(by);
		}

		void reset() {
			this.offset = Duration.ZERO;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return Instant.now().plus(this.offset);
		}

	}

	/** An in-memory store that tests can take down. */
	static final class SwitchableUseStore implements UseStore {

		private final InMemoryUseStore delegate = new InMemoryUseStore();

		volatile boolean down;

		/** Only the generation reads fail: the store dies between a consume and the session it pays for. */
		volatile boolean generationsDown;

		private void check() {
			if (this.down) {
				throw new StoreUnavailableException("the test store is down");
			}
		}

		@Override
		public UseDecision consume(String tokenId, int maxUses, Duration ttl) {
			check();
			return this.delegate.consume(tokenId, maxUses, ttl);
		}

		@Override
		public boolean release(String tokenId) {
			check();
			return this.delegate.release(tokenId);
		}

		@Override
		public void revoke(String tokenId, Duration ttl) {
			check();
			this.delegate.revoke(tokenId, ttl);
		}

		@Override
		public UseDecision retire(String tokenId, int maxUses, Duration ttl) {
			check();
			return this.delegate.retire(tokenId, maxUses, ttl);
		}

		@Override
		public UseRecord usage(String tokenId) {
			check();
			return this.delegate.usage(tokenId);
		}

		@Override
		public long generation(String subject, String purpose, boolean advance, Duration ttl) {
			check();
			if (this.generationsDown) {
				throw new StoreUnavailableException("the test store went down after the consume");
			}
			return this.delegate.generation(subject, purpose, advance, ttl);
		}

		@Override
		public void advanceGenerations(String subject, @Nullable String purpose) {
			check();
			this.delegate.advanceGenerations(subject, purpose);
		}

		@Override
		public UseDecision consume(String tokenId, int maxUses, Duration ttl, Generation generation) {
			check();
			return this.delegate.consume(tokenId, maxUses, ttl, generation);
		}

		@Override
		public UseDecision retire(String tokenId, int maxUses, Duration ttl, Generation generation) {
			check();
			return this.delegate.retire(tokenId, maxUses, ttl, generation);
		}

		@Override
		public UseRecord usage(String tokenId, Generation generation) {
			check();
			return this.delegate.usage(tokenId, generation);
		}

	}

}
