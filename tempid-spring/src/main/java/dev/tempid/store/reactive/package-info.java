/**
 * The reactive use-store SPI, {@link dev.tempid.store.reactive.ReactiveUseStore}, beside
 * the blocking {@link dev.tempid.store.UseStore} of tempid-core, and its in-memory
 * implementation. The Redis and R2DBC implementations live in
 * {@code dev.tempid.store.redis} and {@code dev.tempid.store.r2dbc}.
 */
@NullMarked
package dev.tempid.store.reactive;

import org.jspecify.annotations.NullMarked;
