/**
 * A {@link dev.tempid.store.UseStore} on Redis: one Lua script per operation.
 */
@NullMarked
package dev.tempid.store.redis;

import org.jspecify.annotations.NullMarked;
