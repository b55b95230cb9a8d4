/**
 * The tempid sample on Spring WebFlux: the servlet sample's JSON API with reactive stores.
 */
@NullMarked
package dev.tempid.sample.reactive;

import org.jspecify.annotations.NullMarked;
