/**
 * The reactive face of {@link dev.tempid.TokenService} for applications on Spring
 * WebFlux: {@link dev.tempid.reactive.ReactiveTokenService}.
 */
@NullMarked
package dev.tempid.reactive;

import org.jspecify.annotations.NullMarked;
