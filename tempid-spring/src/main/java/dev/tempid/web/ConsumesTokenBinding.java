package dev.tempid.web;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;

import dev.tempid.Expectation;
import dev.tempid.MalformedTokenException;
import dev.tempid.VerifiedToken;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * What {@link ConsumesToken} asks of one method, read once from its annotations, for
 * {@link ConsumesTokenInterceptor} (Spring MVC) and
 * {@link dev.tempid.web.server.ReactiveConsumesTokenInterceptor} (WebFlux), which only
 * differ in how they read the token and spend it: the expectation (purpose, audience),
 * which exceptions give the use back ({@link ConsumesToken#refundOn()}), the parameter
 * that holds the token ({@link TokenValue}) or the request body, and the
 * {@link VerifiedToken}, {@link TokenSubject} and {@link TokenClaim} arguments that the
 * spent token fills (a claim of the wrong type, or a required one missing, is a
 * {@link MalformedTokenException}).
 *
 * <p>This class is public only so that the MVC and WebFlux packages can share it, and is
 * not an extension point.
 */
public final class ConsumesTokenBinding {

	private final @Nullable ConsumesToken annotation;

	private final String description;

	private int tokenIndex = -1;

	private int bodyIndex = -1;

	private final @Nullable Slot[] slots;

	private ConsumesTokenBinding(@Nullable ConsumesToken annotation, String description, @Nullable Slot[] slots) {
		this.annotation = annotation;
		this.description = description;
		this.slots = slots;
	}

	/**
	 * The methods that {@link ConsumesToken} proxies: annotated methods, the annotation
	 * found on superclasses and interfaces too.
	 */
	public static Pointcut pointcut() {
		return new AnnotationMatchingPointcut(null, ConsumesToken.class, true);
	}

	/** The method an invocation runs: the target class's own, where its annotations are. */
	public static Method targetMethod(MethodInvocation invocation) {
		Object target = invocation.getThis();
		return (target != null)
				? AopUtils.getMostSpecificMethod(invocation.getMethod(), AopUtils.getTargetClass(target))
				: invocation.getMethod();
	}

	/** Reads {@code method}'s {@link ConsumesToken} and its parameters. */
	public static ConsumesTokenBinding of(Method method) {
		ConsumesToken annotation = AnnotatedElementUtils.findMergedAnnotation(method, ConsumesToken.class);
		Class<?>[] types = method.getParameterTypes();
		Annotation[][] annotations = method.getParameterAnnotations();
		@Nullable Slot[] slots = new Slot[types.length];
		ConsumesTokenBinding binding = new ConsumesTokenBinding(annotation, method.toGenericString(), slots);
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

	/** The method's {@link ConsumesToken}, {@code null} when it has none (it then runs as it is). */
	public @Nullable ConsumesToken annotation() {
		return this.annotation;
	}

	/**
	 * What the token must satisfy: the annotation's purpose, and its audience when set.
	 * @throws IllegalStateException for a method without {@link ConsumesToken}
	 * @throws IllegalArgumentException when the annotation names an invalid purpose or audience
	 */
	public Expectation expectation() {
		ConsumesToken annotation = this.annotation;
		if (annotation == null) {
			throw new IllegalStateException(this.description + " has no @ConsumesToken");
		}
		Expectation expectation = Expectation.purpose(annotation.purpose());
		return annotation.audience().isEmpty() ? expectation : expectation.audience(annotation.audience());
	}

	/** The method, for messages. */
	public String description() {
		return this.description;
	}

	/** The index of the {@link TokenValue} parameter that holds the token, {@code -1} for none. */
	public int tokenIndex() {
		return this.tokenIndex;
	}

	/** The index of the {@link RequestBody} parameter, {@code -1} for none. */
	public int bodyIndex() {
		return this.bodyIndex;
	}

	/** Whether {@code ex}, thrown by the method, gives the use back: it is one of {@link ConsumesToken#refundOn()}. */
	public boolean refundsOn(Throwable ex) {
		if (this.annotation == null) {
			return false;
		}
		for (Class<? extends Throwable> type : this.annotation.refundOn()) {
			if (type.isInstance(ex)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Puts the spent token and its claims in the arguments that take them.
	 * @throws MalformedTokenException when a claim has the wrong type, or a required or
	 * primitive one is missing
	 */
	public void fill(@Nullable Object[] arguments, VerifiedToken token) {
		for (int i = 0; i < this.slots.length; i++) {
			Slot slot = this.slots[i];
			if (slot != null) {
				arguments[i] = slot.valueOf(token);
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
