/**
 * tempid: short-lived, purpose-scoped PASETO v4 tokens.
 *
 * <p>Start with {@link dev.tempid.TokenService#builder()}. Every failure is a
 * {@link dev.tempid.TempIdException} whose {@link dev.tempid.TempIdException#reason()}
 * says why.
 */
@NullMarked
package dev.tempid;

import org.jspecify.annotations.NullMarked;
