package dev.tempid.web.server;

import dev.tempid.VerifiedToken;
import dev.tempid.web.ConsumesToken;
import dev.tempid.web.TokenClaim;
import dev.tempid.web.TokenSubject;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Lets Spring WebFlux accept {@link VerifiedToken}, {@link TokenSubject} and
 * {@link TokenClaim} parameters on {@link ConsumesToken} handler methods. Arguments are
 * resolved before the handler is invoked, but the token is spent only when the handler's
 * publisher is subscribed to: this resolver gives a placeholder, and the
 * {@link ReactiveConsumesTokenInterceptor} puts the spent token's values in its place
 * once the use is taken. A failing argument (an invalid {@code @RequestBody}) therefore
 * never costs a use.
 */
public final class ReactiveConsumedTokenArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == VerifiedToken.class || parameter.hasParameterAnnotation(TokenSubject.class)
				|| parameter.hasParameterAnnotation(TokenClaim.class);
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
			ServerWebExchange exchange) {
		if (!parameter.hasMethodAnnotation(ConsumesToken.class)) {
			return Mono.error(new IllegalStateException("Parameter " + parameter.getParameterIndex() + " of "
					+ parameter.getExecutable().toGenericString() + " takes a token, but the method lacks @ConsumesToken"));
		}
		Class<?> type = parameter.getParameterType();
		if (type.isPrimitive()) {
			return Mono.just(java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(type, 1), 0));
		}
		return Mono.empty();
	}

}
