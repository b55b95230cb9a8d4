/**
 * Auto-configuration for reactive (WebFlux) applications: the reactive use store and
 * {@code ReactiveTokenService}, {@code @ConsumesToken} on WebFlux, and the Spring Security
 * for WebFlux beans. The same {@code tempid.*} properties as the servlet side.
 */
@NullMarked
package dev.tempid.autoconfigure.reactive;

import org.jspecify.annotations.NullMarked;
