package dev.tempid.sample.reactive.web;

import java.net.InetSocketAddress;

import dev.tempid.IssueLimit;
import dev.tempid.autoconfigure.TokenServiceBuilderCustomizer;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.sample.reactive.users.UserService;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The sample's limits on sending links (mail bombing, enumeration), the servlet sample's,
 * on by default ({@code sample.limits.enabled=false} turns every one of them off):
 * <ul>
 * <li>per address: the password-reset and magic-link purposes get an issue limit
 * ({@code sample.limits.per-address}, 3 per 15 minutes), counted by tempid when a token
 * is issued for a known address, and counted the same way, on the same counter, for an
 * address nobody has ({@link #unknownAddress}), so both answer 429 alike;</li>
 * <li>per client: {@code sample.limits.per-client} (30 per 15 minutes) link requests from
 * one remote address, whatever addresses they name.</li>
 * </ul>
 * Both are counted in tempid's reactive use store, without blocking, so they hold across
 * instances sharing it. Beyond a limit, {@link dev.tempid.TooManyIssuedException} answers
 * 429 with {@code Retry-After}. The client is the request's remote address: behind a
 * proxy, set {@code server.forward-headers-strategy} so it is the real client.
 */
@Component
public class SendLimits {

	/** The scope of the per-client counter, the servlet sample's. */
	static final String CLIENT_SCOPE = "sample-link-requests";

	private final ReactiveTokenService tokens;

	private final boolean enabled;

	private final IssueLimit perClient;

	SendLimits(ReactiveTokenService tokens, @Value("${sample.limits.enabled:true}") boolean enabled,
			@Value("${sample.limits.per-client:30 per 15m}") IssueLimit perClient) {
		this.tokens = tokens;
		this.enabled = enabled;
		this.perClient = perClient;
	}

	/**
	 * Counts one link request of the client.
	 * @return completes when allowed; fails with {@link dev.tempid.TooManyIssuedException}
	 * beyond the per-client limit
	 */
	public Mono<Void> client(ServerWebExchange exchange) {
		if (!this.enabled) {
			return Mono.empty();
		}
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		String client = (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress()
				: "unknown";
		return this.tokens.acquire(CLIENT_SCOPE, client, this.perClient);
	}

	/**
	 * Counts a link request for an address that has no account, on the counter that
	 * issuing a token of {@code purpose} for a known address counts on.
	 * @return completes when allowed; fails with {@link dev.tempid.TooManyIssuedException}
	 * beyond the per-address limit
	 */
	public Mono<Void> unknownAddress(String purpose, @Nullable String email) {
		if (!this.enabled || email == null || email.isBlank()) {
			return Mono.empty();
		}
		return this.tokens.acquire(purpose, UserService.normalize(email));
	}

	/** The per-address limits: issue limits of the link-sending purposes. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "sample.limits.enabled", havingValue = "true", matchIfMissing = true)
	static class PerAddress {

		@Bean
		TokenServiceBuilderCustomizer sampleIssueLimits(
				@Value("${sample.limits.per-address:3 per 15m}") IssueLimit perAddress) {
			return (builder) -> builder.issueLimit(Purposes.PASSWORD_RESET, perAddress)
				.issueLimit(Purposes.MAGIC_LINK, perAddress);
		}

	}

}
