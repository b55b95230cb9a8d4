package dev.tempid.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Spends one use of a tempid token before the annotated method runs.
 *
 * <pre>{@code
 * @PostMapping("/password-reset/confirm")
 * @ConsumesToken(purpose = "password-reset", source = TokenSource.JSON_BODY)
 * void confirm(@RequestBody ResetForm form, @TokenSubject String userId) { ... }
 * }</pre>
 *
 * <p>The token is verified (tag or signature, lifetime, purpose, audience, issuer, state
 * binding) and one use is taken atomically in the {@link dev.tempid.store.UseStore}
 * before the method body starts, so two concurrent requests can never both spend a
 * single-use token. When the method throws, the use is given back (unless
 * {@link #refundOnException()} is {@code false} or the exception is listed in
 * {@link #noRefundFor()}), so a rejected password or a failed mail send does not burn the
 * link.
 *
 * <p>On a controller method the token is read from the current request as
 * {@link #source()} and {@link #name()} say. On any other Spring bean, mark the
 * {@code String} parameter holding the token with {@link TokenValue}. Parameters of type
 * {@link dev.tempid.VerifiedToken}, and parameters annotated {@link TokenSubject} or
 * {@link TokenClaim}, receive the spent token, its subject and its claims.
 *
 * <p>A refused token surfaces as a {@link dev.tempid.TempIdException}; in Spring MVC it
 * becomes an RFC 9457 problem detail (400, 401, 410 or 503, see
 * {@link TempIdProblemDetails}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ConsumesToken {

	/** The purpose the token must have been issued for. */
	String purpose();

	/**
	 * The audience the token must name. Empty (the default) means the purpose's or the
	 * service's default audience.
	 */
	String audience() default "";

	/** Where the token is read from in a web request. */
	TokenSource source() default TokenSource.AUTO;

	/** The parameter, header, path variable, form field or JSON property holding the token. */
	String name() default "token";

	/** Whether a use is given back when the method throws. */
	boolean refundOnException() default true;

	/** Exceptions after which the use is kept even though {@link #refundOnException()} is on. */
	Class<? extends Throwable>[] noRefundFor() default {};

	/**
	 * The exceptions after which the use is given back; none by default: a method that did
	 * its work and then failed must not hand out a free second use. On WebFlux controllers
	 * (a {@code Mono} or {@code Flux} that fails, or a method that throws) this is the whole
	 * refund rule.
	 */
	Class<? extends Throwable>[] refundOn() default {};

}
