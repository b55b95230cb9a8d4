package dev.tempid.web;

import dev.tempid.VerifiedToken;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets Spring MVC accept {@link VerifiedToken}, {@link TokenSubject} and
 * {@link TokenClaim} parameters on {@link ConsumesToken} handler methods. Arguments are
 * resolved before the handler is invoked, but the token is spent only when it is: so
 * this resolver gives a placeholder, and the {@link ConsumesTokenInterceptor} puts the
 * spent token's values in its place once the use is taken. A failing argument (say, an
 * invalid {@code @RequestBody}) therefore never costs a use.
 */
public final class ConsumedTokenArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == VerifiedToken.class || parameter.hasParameterAnnotation(TokenSubject.class)
				|| parameter.hasParameterAnnotation(TokenClaim.class);
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) {
		if (!parameter.hasMethodAnnotation(ConsumesToken.class)) {
			throw new IllegalStateException("Parameter " + parameter.getParameterIndex() + " of "
					+ parameter.getExecutable().toGenericString() + " takes a token, but the method lacks @ConsumesToken");
		}
		return ConsumesTokenInterceptor.placeholder(parameter.getParameterType());
	}

}
