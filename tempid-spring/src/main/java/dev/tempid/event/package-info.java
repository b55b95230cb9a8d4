/**
 * Spring application events for what a {@link dev.tempid.TokenService} does.
 */
@NullMarked
package dev.tempid.event;

import org.jspecify.annotations.NullMarked;
