package dev.tempid.security;

import java.io.IOException;
import java.util.Objects;

import dev.tempid.Expectation;
import dev.tempid.TempIdException;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry a tempid bearer token, as Spring Security's
 * {@code BearerTokenAuthenticationFilter} does for JWTs. A request without a token passes
 * untouched (not ours to judge). A token is verified for the configured purpose and
 * audience and, when {@link #setConsume(boolean) consume} is on, one use of it is taken
 * atomically, so a single-use token authenticates exactly one request.
 */
public final class TempIdAuthenticationFilter extends OncePerRequestFilter {

	private final TokenService tokens;

	private final Expectation expectation;

	private TempIdBearerTokenResolver resolver = new TempIdBearerTokenResolver();

	private Converter<VerifiedToken, TempIdAuthenticationToken> converter = new TempIdAuthenticationConverter();

	private AuthenticationFailureHandler failureHandler = new TempIdAuthenticationEntryPoint();

	private @Nullable AuthenticationEventPublisher eventPublisher;

	private SecurityContextRepository securityContextRepository = new RequestAttributeSecurityContextRepository();

	private SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();

	private boolean consume;

	public TempIdAuthenticationFilter(TokenService tokens, Expectation expectation) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
		this.expectation = Objects.requireNonNull(expectation, "expectation must not be null");
	}

	/** Whether each request takes one use of its token (for use-limited tokens). Off by default. */
	public void setConsume(boolean consume) {
		this.consume = consume;
	}

	public void setResolver(TempIdBearerTokenResolver resolver) {
		this.resolver = Objects.requireNonNull(resolver, "resolver must not be null");
	}

	public void setConverter(Converter<VerifiedToken, TempIdAuthenticationToken> converter) {
		this.converter = Objects.requireNonNull(converter, "converter must not be null");
	}

	public void setFailureHandler(AuthenticationFailureHandler failureHandler) {
		this.failureHandler = Objects.requireNonNull(failureHandler, "failureHandler must not be null");
	}

	public void setEventPublisher(@Nullable AuthenticationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	public void setSecurityContextRepository(SecurityContextRepository securityContextRepository) {
		this.securityContextRepository = Objects.requireNonNull(securityContextRepository,
				"securityContextRepository must not be null");
	}

	public void setSecurityContextHolderStrategy(SecurityContextHolderStrategy strategy) {
		this.strategy = Objects.requireNonNull(strategy, "strategy must not be null");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		TempIdAuthenticationToken authentication;
		try {
			String value = this.resolver.resolve(request);
			if (value == null) {
				chain.doFilter(request, response);
				return;
			}
			VerifiedToken token = this.consume ? this.tokens.consume(value, this.expectation)
					: this.tokens.verify(value, this.expectation);
			authentication = Objects.requireNonNull(this.converter.convert(token));
		}
		catch (TempIdException ex) {
			fail(request, response, new TempIdAuthenticationException(ex));
			return;
		}
		catch (AuthenticationException ex) {
			fail(request, response, ex);
			return;
		}
		SecurityContext context = this.strategy.createEmptyContext();
		context.setAuthentication(authentication);
		this.strategy.setContext(context);
		this.securityContextRepository.saveContext(context, request, response);
		if (this.eventPublisher != null) {
			this.eventPublisher.publishAuthenticationSuccess(authentication);
		}
		chain.doFilter(request, response);
	}

	private void fail(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException, ServletException {
		this.strategy.clearContext();
		if (this.eventPublisher != null) {
			this.eventPublisher.publishAuthenticationFailure(ex, TempIdAuthenticationToken.unauthenticated());
		}
		this.failureHandler.onAuthenticationFailure(request, response, ex);
	}

}
