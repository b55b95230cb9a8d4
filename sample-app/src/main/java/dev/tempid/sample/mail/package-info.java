/**
 * The sample's mail.
 */
@NullMarked
package dev.tempid.sample.mail;

import org.jspecify.annotations.NullMarked;
