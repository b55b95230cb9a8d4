/**
 * A {@link dev.tempid.store.reactive.ReactiveUseStore} on PostgreSQL or MySQL/MariaDB
 * through Spring R2DBC, running the same statements as the JDBC store on the same table.
 */
@NullMarked
package dev.tempid.store.r2dbc;

import org.jspecify.annotations.NullMarked;
