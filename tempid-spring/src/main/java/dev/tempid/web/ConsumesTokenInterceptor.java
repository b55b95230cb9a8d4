package dev.tempid.web;

import java.lang.annotation.Annotation;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.tempid.Expectation;
import dev.tempid.MalformedTokenException;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;
import jakarta.servlet.http.HttpServletRequest;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The {@link MethodInterceptor} behind {@link ConsumesToken}: reads the token, spends one
 * use of it before the method runs, fills the method's {@link VerifiedToken},
 * {@link TokenSubject} and {@link TokenClaim} arguments, and gives the use back only when
 * the method throws an exception named in {@link ConsumesToken#refundOn()}.
 */
public final class ConsumesTokenInterceptor implements MethodInterceptor {

	private static final Log logger = LogFactory.getLog(ConsumesTokenInterceptor.class);

	private final Supplier<TokenService> tokens;

	private final RequestTokenReader reader;

	private final Map<Method, Binding> bindings = new ConcurrentHashMap<>();

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
		Object target = invocation.getThis();
		Method method = (target != null)
				? AopUtils.getMostSpecificMethod(invocation.getMethod(), AopUtils.getTargetClass(target))
				: invocation.getMethod();
		Binding binding = this.bindings.computeIfAbsent(method, Binding::of);
		if (binding.annotation == null) {
			return invocation.proceed();
		}
		ConsumesToken annotation = binding.annotation;
		Object[] arguments = invocation.getArguments();
		String value = tokenOf(binding, annotation, arguments);
		if (value == null || value.isEmpty()) {
			throw new MalformedTokenException("the request carries no token");
		}
		Expectation expectation = Expectation.purpose(annotation.purpose());
		if (!annotation.audience().isEmpty()) {
			expectation = expectation.audience(annotation.audience());
		}
		TokenService service = this.tokens.get();
		VerifiedToken token = service.consume(value, expectation);
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
			if (shouldRefund(annotation, ex)) {
				refund(service, token, ex);
			}
			throw ex;
		}
	}

	private @Nullable String tokenOf(Binding binding, ConsumesToken annotation, @Nullable Object[] arguments) {
		if (binding.tokenIndex >= 0) {
			Object argument = arguments[binding.tokenIndex];
			return (argument instanceof CharSequence text) ? text.toString() : null;
		}
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (!(attributes instanceof ServletRequestAttributes servlet)) {
			throw new IllegalStateException("@ConsumesToken on " + binding.description
					+ " needs a web request or a @TokenValue parameter holding the token");
		}
		HttpServletRequest request = servlet.getRequest();
		return this.reader.read(request, annotation.source(), annotation.name());
	}

	private static boolean shouldRefund(ConsumesToken annotation, Throwable ex) {
		for (Class<? extends Throwable> type : annotation.refundOn()) {
			if (type.isInstance(ex)) {
				return true;
			}
		}
		return false;
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

	/** Where the parts of the token go among a method's arguments. */
	private static final class Binding {

		private final @Nullable ConsumesToken annotation;

		private final String description;

		private int tokenIndex = -1;

		private final Slot[] slots;

		private Binding(@Nullable ConsumesToken annotation, String description, Slot[] slots) {
			this.annotation = annotation;
			this.description = description;
			this.slots = slots;
		}

		static Binding of(Method method) {
			ConsumesToken annotation = AnnotatedElementUtils.findMergedAnnotation(method, ConsumesToken.class);
			Class<?>[] types = method.getParameterTypes();
			Annotation[][] annotations = method.getParameterAnnotations();
			Slot[] slots = new Slot[types.length];
			Binding binding = new Binding(annotation, method.toGenericString(), slots);
			for (int i = 0; i < types.length; i++) {
				for (Annotation a : annotations[i]) {
					if (a instanceof TokenValue) {
						binding.tokenIndex = i;
					}
					else if (a instanceof TokenSubject) {
						slots[i] = new Slot(types[i], "sub", false, true);
					}
					else if (a instanceof TokenClaim claim) {
						slots[i] = new Slot(types[i], claim.value(), claim.required(), true);
					}
				}
				if (slots[i] == null && types[i] == VerifiedToken.class) {
					slots[i] = new Slot(types[i], null, false, false);
				}
			}
			return binding;
		}

		void fill(@Nullable Object[] arguments, VerifiedToken token) {
			for (int i = 0; i < this.slots.length; i++) {
				Slot slot = this.slots[i];
				if (slot != null) {
					arguments[i] = slot.valueOf(token);
				}
			}
		}

	}

	private record Slot(Class<?> type, @Nullable String claim, boolean required, boolean isClaim) {

		@Nullable Object valueOf(VerifiedToken token) {
			if (!this.isClaim || this.claim == null) {
				return token;
			}
			Class<?> wrapped = ClassUtils.resolvePrimitiveIfNecessary(this.type);
			Object value;
			try {
				value = token.claim(this.claim, wrapped);
			}
			catch (IllegalArgumentException ex) {
				throw new MalformedTokenException("claim '" + this.claim + "' has the wrong type", token.id());
			}
			if (value == null && (this.required || this.type.isPrimitive())) {
				throw new MalformedTokenException("the token lacks the claim '" + this.claim + "'", token.id());
			}
			return value;
		}

	}

	/** The placeholder a web argument resolver gives before the interceptor fills the value in. */
	static @Nullable Object placeholder(Class<?> type) {
		return type.isPrimitive() ? Array.get(Array.newInstance(type, 1), 0) : null;
	}

}
