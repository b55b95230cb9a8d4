/**
 * The reactive sample's JSON API, its plain pages and its security.
 */
@NullMarked
package dev.tempid.sample.reactive.web;

import org.jspecify.annotations.NullMarked;
