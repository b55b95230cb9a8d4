package dev.tempid.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects one claim of the token spent by a {@link ConsumesToken} method: a registered
 * claim ({@code sub}, {@code aud}, {@code iss}, {@code jti}, {@code pur}) or a property of
 * the application payload ({@code data}), converted to the parameter's type as
 * {@link dev.tempid.VerifiedToken#claim(String, Class)} does.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TokenClaim {

	/** The claim's name. */
	String value();

	/** Whether a missing claim is refused as a malformed token (400) instead of injecting {@code null}. */
	boolean required() default true;

}
