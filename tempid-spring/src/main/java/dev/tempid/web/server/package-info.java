/**
 * {@link dev.tempid.web.ConsumesToken} and its argument annotations on Spring WebFlux
 * controllers, and refused tokens as RFC 9457 problem details: the reactive counterparts
 * of {@code dev.tempid.web}, as Spring Security keeps {@code web.server} beside
 * {@code web}.
 */
@NullMarked
package dev.tempid.web.server;

import org.jspecify.annotations.NullMarked;
