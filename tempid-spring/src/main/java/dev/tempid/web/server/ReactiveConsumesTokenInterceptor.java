package dev.tempid.web.server;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.tempid.Expectation;
import dev.tempid.MalformedTokenException;
import dev.tempid.VerifiedToken;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.web.ConsumesToken;
import dev.tempid.web.TokenClaim;
import dev.tempid.web.TokenSource;
import dev.tempid.web.TokenSubject;
import dev.tempid.web.TokenValue;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link MethodInterceptor} behind {@link ConsumesToken} on Spring WebFlux: the
 * method must return a {@link Mono} or a {@link Flux}. The returned publisher, once
 * subscribed to, reads the token from the current exchange, spends one use of it through
 * the {@link ReactiveTokenService} (one atomic round trip to the reactive store), fills
 * the method's {@link VerifiedToken}, {@link TokenSubject} and {@link TokenClaim}
 * arguments, and only then invokes the method. When the method throws, or its publisher
 * fails, with an exception listed in {@link ConsumesToken#refundOn()}, the use is given
 * back; otherwise it stays spent.
 *
 * <p>The exchange is found in the Reactor context, where a
 * {@link ServerWebExchangeContextFilter} puts it (the tempid auto-configuration registers
 * one). A {@code String} parameter marked {@link TokenValue} holds the token without any
 * request. A JSON body already bound to a {@code @RequestBody} argument is read from that
 * argument (a map, a record or a bean); otherwise from the request body.
 */
public final class ReactiveConsumesTokenInterceptor implements MethodInterceptor {

	private static final Log logger = LogFactory.getLog(ReactiveConsumesTokenInterceptor.class);

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final Supplier<ReactiveTokenService> tokens;

	private final ServerRequestTokenReader reader;

	private final Map<Method, Binding> bindings = new ConcurrentHashMap<>();

	/**
	 * @param tokens the service, looked up on first use (interceptors are created early)
	 * @param reader reads tokens from WebFlux requests
	 */
	public ReactiveConsumesTokenInterceptor(Supplier<ReactiveTokenService> tokens, ServerRequestTokenReader reader) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
		this.reader = Objects.requireNonNull(reader, "reader must not be null");
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		Method method = (target != null)
				? AopUtils.getMostSpecificMethod(invocation.getMethod(), AopUtils.getTargetClass(target))
				: invocation.getMethod();
		Binding binding = this.bindings.computeIfAbsent(method, Binding::of);
		ConsumesToken annotation = binding.annotation;
		if (annotation == null) {
			return invocation.proceed();
		}
		Class<?> returnType = method.getReturnType();
		if (!Mono.class.isAssignableFrom(returnType) && !Flux.class.isAssignableFrom(returnType)) {
			throw new IllegalStateException("@ConsumesToken on " + binding.description + " in a reactive application "
					+ "needs a Mono or Flux return type: the use is taken without blocking, before the method runs");
		}
		@Nullable Object[] arguments = invocation.getArguments();
		Expectation expectation = Expectation.purpose(annotation.purpose());
		if (!annotation.audience().isEmpty()) {
			expectation = expectation.audience(annotation.audience());
		}
		Expectation expected = expectation;
		Mono<VerifiedToken> spent = tokenOf(binding, annotation, arguments)
			.switchIfEmpty(Mono.error(() -> new MalformedTokenException("the request carries no token")))
			.flatMap((value) -> this.tokens.get().consume(value, expected))
			.flatMap((token) -> {
				try {
					binding.fill(arguments, token);
					return Mono.just(token);
				}
				catch (MalformedTokenException ex) {
					return refund(token, ex);
				}
			});
		if (Mono.class.isAssignableFrom(returnType)) {
			return spent.flatMap((token) -> Mono.from(proceed(invocation))
				.onErrorResume((ex) -> shouldRefund(annotation, ex) ? refund(token, ex) : Mono.error(ex)));
		}
		return spent.flatMapMany((token) -> Flux.from(proceed(invocation))
			.onErrorResume((ex) -> shouldRefund(annotation, ex) ? refund(token, ex) : Mono.error(ex)));
	}

	@SuppressWarnings("unchecked")
	private static Publisher<Object> proceed(MethodInvocation invocation) {
		try {
			Object result = invocation.proceed();
			return (result != null) ? (Publisher<Object>) result : Mono.empty();
		}
		catch (Throwable ex) {
			return Mono.error(ex);
		}
	}

	private Mono<String> tokenOf(Binding binding, ConsumesToken annotation, @Nullable Object[] arguments) {
		if (binding.tokenIndex >= 0) {
			Object argument = arguments[binding.tokenIndex];
			return (argument instanceof CharSequence text) ? Mono.just(text.toString()) : Mono.empty();
		}
		TokenSource source = annotation.source();
		if (binding.bodyIndex >= 0 && (source == TokenSource.JSON_BODY || source == TokenSource.AUTO)) {
			String fromBody = property(arguments[binding.bodyIndex], annotation.name());
			if (source == TokenSource.JSON_BODY || fromBody != null) {
				return Mono.justOrEmpty(fromBody);
			}
		}
		return Mono.deferContextual((context) -> {
			if (!context.hasKey(ServerWebExchangeContextFilter.EXCHANGE_CONTEXT_ATTRIBUTE)) {
				return Mono.error(new IllegalStateException("@ConsumesToken on " + binding.description
						+ " needs the request: register a ServerWebExchangeContextFilter (the tempid auto-configuration "
						+ "does) or mark the parameter holding the token with @TokenValue"));
			}
			return ServerWebExchangeContextFilter.getExchange(context)
				.map((exchange) -> this.reader.read(exchange, source, annotation.name(), binding.bodyIndex < 0))
				.orElseGet(Mono::empty);
		});
	}

	/** A top-level string property of an already-bound request body. */
	private static @Nullable String property(@Nullable Object body, String name) {
		if (body == null || body instanceof Publisher<?>) {
			return null;
		}
		if (body instanceof Map<?, ?> map) {
			return (map.get(name) instanceof String text) ? text : null;
		}
		try {
			JsonNode node = MAPPER.valueToTree(body);
			JsonNode value = (node != null && node.isObject()) ? node.get(name) : null;
			return (value != null && value.isString()) ? value.asString() : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static boolean shouldRefund(ConsumesToken annotation, Throwable ex) {
		for (Class<? extends Throwable> type : annotation.refundOn()) {
			if (type.isInstance(ex)) {
				return true;
			}
		}
		return false;
	}

	private <T> Mono<T> refund(VerifiedToken token, Throwable cause) {
		return this.tokens.get().release(token).onErrorResume((ex) -> {
			logger.warn("Could not give back a use of token " + token.id() + ": " + ex.getMessage());
			cause.addSuppressed(ex);
			return Mono.empty();
		}).then(Mono.error(cause));
	}

	/** Where the parts of the token go among a method's arguments. */
	private static final class Binding {

		private final @Nullable ConsumesToken annotation;

		private final String description;

		private int tokenIndex = -1;

		private int bodyIndex = -1;

		private final @Nullable Slot[] slots;

		private Binding(@Nullable ConsumesToken annotation, String description, @Nullable Slot[] slots) {
			this.annotation = annotation;
			this.description = description;
			this.slots = slots;
		}

		static Binding of(Method method) {
			ConsumesToken annotation = AnnotatedElementUtils.findMergedAnnotation(method, ConsumesToken.class);
			Class<?>[] types = method.getParameterTypes();
			Annotation[][] annotations = method.getParameterAnnotations();
			@Nullable Slot[] slots = new Slot[types.length];
			Binding binding = new Binding(annotation, method.toGenericString(), slots);
			for (int i = 0; i < types.length; i++) {
				for (Annotation a : annotations[i]) {
					if (a instanceof TokenValue) {
						binding.tokenIndex = i;
					}
					else if (a instanceof RequestBody) {
						binding.bodyIndex = i;
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

}
