package dev.tempid.web.server;

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
import dev.tempid.web.ConsumesTokenBinding;
import dev.tempid.web.TokenClaim;
import dev.tempid.web.TokenSource;
import dev.tempid.web.TokenSubject;
import dev.tempid.web.TokenValue;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
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
 * argument (a map, a record or a bean); otherwise from the request body. What the
 * annotation asks of a method is read by {@link ConsumesTokenBinding}, as on Spring MVC.
 */
public final class ReactiveConsumesTokenInterceptor implements MethodInterceptor {

	private static final Log logger = LogFactory.getLog(ReactiveConsumesTokenInterceptor.class);

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final Supplier<ReactiveTokenService> tokens;

	private final ServerRequestTokenReader reader;

	private final Map<Method, ConsumesTokenBinding> bindings = new ConcurrentHashMap<>();

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
		Method method = ConsumesTokenBinding.targetMethod(invocation);
		ConsumesTokenBinding binding = this.bindings.computeIfAbsent(method, ConsumesTokenBinding::of);
		ConsumesToken annotation = binding.annotation();
		if (annotation == null) {
			return invocation.proceed();
		}
		Class<?> returnType = method.getReturnType();
		if (!Mono.class.isAssignableFrom(returnType) && !Flux.class.isAssignableFrom(returnType)) {
			throw new IllegalStateException("@ConsumesToken on " + binding.description() + " in a reactive application "
					+ "needs a Mono or Flux return type: the use is taken without blocking, before the method runs");
		}
		@Nullable Object[] arguments = invocation.getArguments();
		Expectation expected = binding.expectation();
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
				.onErrorResume((ex) -> binding.refundsOn(ex) ? refund(token, ex) : Mono.error(ex)));
		}
		return spent.flatMapMany((token) -> Flux.from(proceed(invocation))
			.onErrorResume((ex) -> binding.refundsOn(ex) ? refund(token, ex) : Mono.error(ex)));
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

	private Mono<String> tokenOf(ConsumesTokenBinding binding, ConsumesToken annotation,
			@Nullable Object[] arguments) {
		if (binding.tokenIndex() >= 0) {
			Object argument = arguments[binding.tokenIndex()];
			return (argument instanceof CharSequence text) ? Mono.just(text.toString()) : Mono.empty();
		}
		TokenSource source = annotation.source();
		if (binding.bodyIndex() >= 0 && (source == TokenSource.JSON_BODY || source == TokenSource.AUTO)) {
			String fromBody = property(arguments[binding.bodyIndex()], annotation.name());
			if (source == TokenSource.JSON_BODY || fromBody != null) {
				return Mono.justOrEmpty(fromBody);
			}
		}
		return Mono.deferContextual((context) -> {
			if (!context.hasKey(ServerWebExchangeContextFilter.EXCHANGE_CONTEXT_ATTRIBUTE)) {
				return Mono.error(new IllegalStateException("@ConsumesToken on " + binding.description()
						+ " needs the request: register a ServerWebExchangeContextFilter (the tempid auto-configuration "
						+ "does) or mark the parameter holding the token with @TokenValue"));
			}
			return ServerWebExchangeContextFilter.getExchange(context)
				.map((exchange) -> this.reader.read(exchange, source, annotation.name(), binding.bodyIndex() < 0))
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

	private <T> Mono<T> refund(VerifiedToken token, Throwable cause) {
		return this.tokens.get().release(token).onErrorResume((ex) -> {
			logger.warn("Could not give back a use of token " + token.id() + ": " + ex.getMessage());
			cause.addSuppressed(ex);
			return Mono.empty();
		}).then(Mono.error(cause));
	}

}
