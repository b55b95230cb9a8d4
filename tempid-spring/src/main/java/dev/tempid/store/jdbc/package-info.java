/**
 * A {@link dev.tempid.store.UseStore} on any JDBC database: one statement per operation.
 */
@NullMarked
package dev.tempid.store.jdbc;

import org.jspecify.annotations.NullMarked;
