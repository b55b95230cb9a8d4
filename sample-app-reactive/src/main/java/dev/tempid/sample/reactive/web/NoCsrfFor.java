package dev.tempid.sample.reactive.web;

import org.springframework.http.HttpMethod;
import org.springframework.security.web.server.csrf.CsrfWebFilter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Spring Security's default CSRF rule, less the listed paths. */
final class NoCsrfFor implements ServerWebExchangeMatcher {

	private final ServerWebExchangeMatcher excluded;

	NoCsrfFor(String... paths) {
		this.excluded = ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, paths);
	}

	@Override
	public Mono<MatchResult> matches(ServerWebExchange exchange) {
		return this.excluded.matches(exchange)
			.flatMap((excluded) -> excluded.isMatch() ? MatchResult.notMatch()
					: CsrfWebFilter.DEFAULT_CSRF_MATCHER.matches(exchange));
	}

}
