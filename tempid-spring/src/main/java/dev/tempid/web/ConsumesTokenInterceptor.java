package dev.tempid.web;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.tempid.MalformedTokenException;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The {@link MethodInterceptor} behind {@link ConsumesToken}: reads the token, spends one
 * use of it before the method runs, fills the method's {@link VerifiedToken},
 * {@link TokenSubject} and {@link TokenClaim} arguments, and gives the use back only when
 * the method throws an exception named in {@link ConsumesToken#refundOn()}. What the
 * annotation asks of a method is read by {@link ConsumesTokenBinding}, as on WebFlux.
 */
public final class ConsumesTokenInterceptor implements MethodInterceptor {

	private static final Log logger = LogFactory.getLog(ConsumesTokenInterceptor.class);

	private final Supplier<TokenService> tokens;

	private final RequestTokenReader reader;

	private final Map<Method, ConsumesTokenBinding> bindings = new ConcurrentHashMap<>();

	/**
	 * @param tokens the service, looked up on first use (interceptors are created early)
	 * @param reader reads tokens from web requests
	 */
	public ConsumesTokenInterceptor(Supplier<TokenService> tokens, RequestTokenReader reader) {
		this.tokens = tokens;
		this.reader = reader;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		ConsumesTokenBinding binding = this.bindings.computeIfAbsent(ConsumesTokenBinding.targetMethod(invocation),
				ConsumesTokenBinding::of);
		ConsumesToken annotation = binding.annotation();
		if (annotation == null) {
			return invocation.proceed();
		}
		Object[] arguments = invocation.getArguments();
		String value = tokenOf(binding, annotation, arguments);
		if (value == null || value.isEmpty()) {
			throw new MalformedTokenException("the request carries no token");
		}
		TokenService service = this.tokens.get();
		VerifiedToken token = service.consume(value, binding.expectation());
		try {
			binding.fill(arguments, token);
		}
		catch (MalformedTokenException ex) {
			refund(service, token, ex);
			throw ex;
		}
		try {
			return invocation.proceed();
		}
		catch (Throwable ex) {
			if (binding.refundsOn(ex)) {
				refund(service, token, ex);
			}
			throw ex;
		}
	}

	private @Nullable String tokenOf(ConsumesTokenBinding binding, ConsumesToken annotation,
			@Nullable Object[] arguments) {
		if (binding.tokenIndex() >= 0) {
			Object argument = arguments[binding.tokenIndex()];
			return (argument instanceof CharSequence text) ? text.toString() : null;
		}
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (!(attributes instanceof ServletRequestAttributes servlet)) {
			throw new IllegalStateException("@ConsumesToken on " + binding.description()
					+ " needs a web request or a @TokenValue parameter holding the token");
		}
		HttpServletRequest request = servlet.getRequest();
		return this.reader.read(request, annotation.source(), annotation.name());
	}

	private static void refund(TokenService service, VerifiedToken token, Throwable cause) {
		try {
			service.release(token);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not give back a use of token " + token.id() + ": " + ex.getMessage());
			cause.addSuppressed(ex);
		}
	}

	/** The placeholder a web argument resolver gives before the interceptor fills the value in. */
	static @Nullable Object placeholder(Class<?> type) {
		return type.isPrimitive() ? Array.get(Array.newInstance(type, 1), 0) : null;
	}

}
