package dev.tempid.sample.web;

import dev.tempid.IssueLimit;
import dev.tempid.TokenService;
import dev.tempid.autoconfigure.TokenServiceBuilderCustomizer;
import dev.tempid.sample.users.UserService;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/**
 * The sample's limits on sending links (mail bombing, enumeration), on by default
 * ({@code sample.limits.enabled=false} turns every one of them off):
 * <ul>
 * <li>per address: the password-reset and magic-link purposes get an issue limit
 * ({@code sample.limits.per-address}, 3 per 15 minutes), counted by tempid when a token
 * is issued for a known address, and counted the same way, on the same counter, for an
 * address nobody has ({@link #unknownAddress}), so both answer 429 alike;</li>
 * <li>per client: {@code sample.limits.per-client} (30 per 15 minutes) link requests from
 * one remote address, whatever addresses they name;</li>
 * <li>login codes per client: {@code sample.limits.codes-per-client} (30 per 15 minutes)
 * login-code attempts from one remote address, right or wrong, whatever addresses they
 * name. Each code dies after 5 wrong tries by itself; this bounds how many live codes of
 * other people one client can guess at.</li>
 * </ul>
 * Both are counted in tempid's use store, so they hold across instances sharing it.
 * Beyond a limit, {@link dev.tempid.TooManyIssuedException} answers 429 with
 * {@code Retry-After}. The client is {@code request.getRemoteAddr()}: behind a proxy, set
 * {@code server.forward-headers-strategy} so it is the real client.
 */
@Component
public class SendLimits {

	/** The scope of the per-client counter. */
	static final String CLIENT_SCOPE = "sample-link-requests";

	/** The scope of the per-client counter of login-code attempts. */
	static final String CODE_SCOPE = "sample-code-tries";

	private final TokenService tokens;

	private final boolean enabled;

	private final IssueLimit perClient;

	private final IssueLimit codesPerClient;

	private final String magicLinkPurpose;

	SendLimits(TokenService tokens, @Value("${sample.limits.enabled:true}") boolean enabled,
			@Value("${sample.limits.per-client:30 per 15m}") IssueLimit perClient,
			@Value("${sample.limits.codes-per-client:30 per 15m}") IssueLimit codesPerClient,
			@Value("${tempid.security.magic-link.purpose:magic-link}") String magicLinkPurpose) {
		this.tokens = tokens;
		this.magicLinkPurpose = magicLinkPurpose;
		this.enabled = enabled;
		this.perClient = perClient;
		this.codesPerClient = codesPerClient;
	}

	/**
	 * Counts one link request of the client.
	 * @throws dev.tempid.TooManyIssuedException beyond the per-client limit
	 */
	public void client(HttpServletRequest request) {
		if (this.enabled) {
			this.tokens.issueLimiter().acquire(CLIENT_SCOPE, request.getRemoteAddr(), this.perClient);
		}
	}

	/**
	 * Counts one login-code attempt of the client.
	 * @throws dev.tempid.TooManyIssuedException beyond the per-client limit of code attempts
	 */
	public void codeAttempt(HttpServletRequest request) {
		if (this.enabled) {
			this.tokens.issueLimiter().acquire(CODE_SCOPE, request.getRemoteAddr(), this.codesPerClient);
		}
	}

	/**
	 * Counts a link request for an address that has no account, on the counter that
	 * issuing a token of {@code purpose} for a known address counts on.
	 * @throws dev.tempid.TooManyIssuedException beyond the per-address limit
	 */
	public void unknownAddress(String purpose, @Nullable String email) {
		if (this.enabled && email != null && !email.isBlank()) {
			this.tokens.issueLimiter().acquire(purpose, UserService.normalize(email));
		}
	}

	/** The purpose of magic links. */
	public String magicLinkPurpose() {
		return this.magicLinkPurpose;
	}

	/** The per-address limits: issue limits of the link-sending purposes. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "sample.limits.enabled", havingValue = "true", matchIfMissing = true)
	static class PerAddress {

		@Bean
		TokenServiceBuilderCustomizer sampleIssueLimits(
				@Value("${sample.limits.per-address:3 per 15m}") IssueLimit perAddress,
				@Value("${tempid.security.magic-link.purpose:magic-link}") String magicLinkPurpose) {
			return (builder) -> builder.issueLimit(Purposes.PASSWORD_RESET, perAddress)
				.issueLimit(magicLinkPurpose, perAddress);
		}

	}

}
