package dev.tempid.security.server;

import java.time.Duration;
import java.util.Objects;

import dev.tempid.Reason;
import dev.tempid.TempIdException;
import dev.tempid.TokenRequest;
import dev.tempid.reactive.ReactiveTokenService;
import reactor.core.publisher.Mono;

import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ott.DefaultOneTimeToken;
import org.springframework.security.authentication.ott.GenerateOneTimeTokenRequest;
import org.springframework.security.authentication.ott.OneTimeToken;
import org.springframework.security.authentication.ott.OneTimeTokenAuthenticationToken;
import org.springframework.security.authentication.ott.reactive.ReactiveOneTimeTokenService;
import org.springframework.util.Assert;

/**
 * Spring Security's {@link ReactiveOneTimeTokenService} backed by tempid, the WebFlux
 * twin of {@link dev.tempid.security.TempIdOneTimeTokenService}: {@code oneTimeTokenLogin()}
 * on {@code ServerHttpSecurity}, with Spring Security's own filters and pages, on any
 * reactive tempid store.
 * <ul>
 * <li>{@link #generate} issues a single-use token of {@link #setPurpose purpose}
 * {@value #DEFAULT_PURPOSE} for the user, living {@link GenerateOneTimeTokenRequest#getExpiresIn()}
 * (no store access, unless the purpose is single-active or has an issue limit).</li>
 * <li>{@link #consume} verifies it and takes its one use in one atomic store step, so a
 * token is accepted once across every instance sharing the store.</li>
 * </ul>
 * A token that is invalid, expired, of another purpose, used or revoked completes empty
 * (Spring Security then answers "invalid token"); a store that cannot be reached errors
 * with {@link AuthenticationServiceException} (fail closed, reported as a service failure).
 */
public final class TempIdReactiveOneTimeTokenService implements ReactiveOneTimeTokenService {

	/** The purpose of the tokens, unless {@link #setPurpose} names another (the servlet service's). */
	public static final String DEFAULT_PURPOSE = dev.tempid.security.TempIdOneTimeTokenService.DEFAULT_PURPOSE;

	private final ReactiveTokenService tokens;

	private String purpose = DEFAULT_PURPOSE;

	public TempIdReactiveOneTimeTokenService(ReactiveTokenService tokens) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
	}

	/** The purpose of the issued tokens: a token of any other purpose never signs anyone in. */
	public void setPurpose(String purpose) {
		Assert.hasText(purpose, "purpose must not be empty");
		this.purpose = purpose;
	}

	@Override
	public Mono<OneTimeToken> generate(GenerateOneTimeTokenRequest request) {
		Assert.notNull(request, "request must not be null");
		Assert.hasText(request.getUsername(), "the username must not be empty");
		Duration ttl = request.getExpiresIn();
		String username = request.getUsername();
		return this.tokens
			.issue(TokenRequest.forPurpose(this.purpose).subject(username).ttl(ttl).maxUses(1).build())
			.map((token) -> new DefaultOneTimeToken(token.value(), username, token.expiresAt()));
	}

	@Override
	public Mono<OneTimeToken> consume(OneTimeTokenAuthenticationToken authenticationToken) {
		String value = authenticationToken.getTokenValue();
		if (value == null || value.isEmpty()) {
			return Mono.empty();
		}
		return this.tokens.consume(value, this.purpose)
			.<OneTimeToken>flatMap((verified) -> (verified.subject() != null)
					? Mono.just(new DefaultOneTimeToken(value, verified.subject(), verified.expiresAt())) : Mono.empty())
			.onErrorResume(TempIdException.class, (ex) -> (ex.reason() == Reason.STORE_UNAVAILABLE)
					? Mono.error(new AuthenticationServiceException(
							"The one-time token could not be checked: its store is unavailable", ex))
					: Mono.empty());
	}

}
