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
 * single-use token. The use stays spent whatever the method does, unless it throws one of
 * the exceptions named in {@link #refundOn()}: a method that did its work (approved,
 * transferred) and then failed must not hand out a free second use. Name the exceptions
 * that are thrown before any side effect, such as a rejected password:
 *
 * <pre>{@code
 * @ConsumesToken(purpose = "password-reset", refundOn = WeakPasswordException.class)
 * }</pre>
 *
 * For all-or-nothing behaviour, run the method in a transaction with a JDBC use store on
 * the same data source: the consume joins the caller's transaction and rolls back with it.
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

	/**
	 * The exceptions (and their subclasses) after which the use is given back, once. None by
	 * default: any exception keeps the use spent. On WebFlux controllers this applies to a
	 * {@code Mono} or {@code Flux} that fails as to a method that throws.
	 */
	Class<? extends Throwable>[] refundOn() default {};

}
