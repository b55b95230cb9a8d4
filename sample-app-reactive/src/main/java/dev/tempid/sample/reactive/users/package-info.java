/**
 * The sample's users.
 */
@NullMarked
package dev.tempid.sample.reactive.users;

import org.jspecify.annotations.NullMarked;
