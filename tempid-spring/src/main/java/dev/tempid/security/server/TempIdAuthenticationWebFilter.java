package dev.tempid.security.server;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tempid.Expectation;
import dev.tempid.TempIdException;
import dev.tempid.VerifiedToken;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.security.TempIdAuthenticationConverter;
import dev.tempid.security.TempIdAuthenticationException;
import dev.tempid.security.TempIdAuthenticationToken;
import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates WebFlux requests that carry a tempid bearer token: the reactive
 * counterpart of {@link dev.tempid.security.TempIdAuthenticationFilter}, added to a
 * {@code ServerHttpSecurity} at {@code SecurityWebFiltersOrder.AUTHENTICATION} (see
 * {@link TempIdServerSecurity}). A request without a token passes untouched (not ours to
 * judge). A token is verified for the configured purpose and audience and, when
 * {@link #setConsume(boolean) consume} is on, one use of it is taken atomically through
 * the reactive store. The authentication lives in the Reactor context of this request
 * only: a bearer token never becomes a session.
 */
public final class TempIdAuthenticationWebFilter implements WebFilter {

	private static final Pattern AUTHORIZATION = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9\\-._~+/]+=*)$",
			Pattern.CASE_INSENSITIVE);

	private final ReactiveTokenService tokens;

	private final Expectation expectation;

	private Converter<VerifiedToken, TempIdAuthenticationToken> converter = new TempIdAuthenticationConverter();

	private ServerTempIdAuthenticationEntryPoint entryPoint = new ServerTempIdAuthenticationEntryPoint();

	private boolean consume;

	public TempIdAuthenticationWebFilter(ReactiveTokenService tokens, Expectation expectation) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
		this.expectation = Objects.requireNonNull(expectation, "expectation must not be null");
	}

	/** Whether each request takes one use of its token (for use-limited tokens). Off by default. */
	public void setConsume(boolean consume) {
		this.consume = consume;
	}

	/**
	 * Turns a verified token into the authentication. It must not block (the default does
	 * not; one backed by a blocking {@code UserDetailsService} would).
	 */
	public void setConverter(Converter<VerifiedToken, TempIdAuthenticationToken> converter) {
		this.converter = Objects.requireNonNull(converter, "converter must not be null");
	}

	public void setEntryPoint(ServerTempIdAuthenticationEntryPoint entryPoint) {
		this.entryPoint = Objects.requireNonNull(entryPoint, "entryPoint must not be null");
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String value;
		try {
			value = resolve(exchange);
		}
		catch (TempIdAuthenticationException ex) {
			return this.entryPoint.commence(exchange, ex);
		}
		if (value == null) {
			return chain.filter(exchange);
		}
		Mono<VerifiedToken> verified = this.consume ? this.tokens.consume(value, this.expectation)
				: this.tokens.verify(value, this.expectation);
		// only the verification's failures are answered here; the chain's own go their way
		return verified.<Object>map((token) -> Objects.requireNonNull(this.converter.convert(token)))
			.onErrorResume(TempIdException.class, (ex) -> Mono.just(new TempIdAuthenticationException(ex)))
			.onErrorResume(AuthenticationException.class, Mono::just)
			.flatMap((outcome) -> {
				if (outcome instanceof AuthenticationException failure) {
					return this.entryPoint.commence(exchange, failure);
				}
				TempIdAuthenticationToken authentication = (TempIdAuthenticationToken) outcome;
				return chain.filter(exchange)
					.contextWrite(ReactiveSecurityContextHolder.withAuthentication(authentication));
			});
	}

	private static @Nullable String resolve(ServerWebExchange exchange) {
		List<String> headers = exchange.getRequest().getHeaders().getOrEmpty(HttpHeaders.AUTHORIZATION);
		String token = null;
		for (String authorization : headers) {
			if (!authorization.regionMatches(true, 0, "bearer", 0, 6)) {
				continue;
			}
			Matcher matcher = AUTHORIZATION.matcher(authorization);
			if (!matcher.matches()) {
				throw TempIdAuthenticationException.invalidRequest("the bearer token is malformed");
			}
			if (token != null) {
				throw TempIdAuthenticationException.invalidRequest("the request carries more than one token");
			}
			token = matcher.group("token");
		}
		return token;
	}

}
