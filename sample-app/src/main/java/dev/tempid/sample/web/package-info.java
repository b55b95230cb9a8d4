/**
 * The sample's web.
 */
@NullMarked
package dev.tempid.sample.web;

import org.jspecify.annotations.NullMarked;
