/**
 * The sample's users.
 */
@NullMarked
package dev.tempid.sample.users;

import org.jspecify.annotations.NullMarked;
