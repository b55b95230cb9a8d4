package dev.tempid.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the subject ({@code sub}) of the token spent by a {@link ConsumesToken} method
 * into a {@code String} parameter; {@code null} when the token has none.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TokenSubject {

}
