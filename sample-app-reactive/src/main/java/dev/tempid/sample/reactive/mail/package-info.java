/**
 * The sample's mail.
 */
@NullMarked
package dev.tempid.sample.reactive.mail;

import org.jspecify.annotations.NullMarked;
