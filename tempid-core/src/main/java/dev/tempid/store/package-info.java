/**
 * The use store SPI: where use counts and revocations of tokens live, keyed by token id.
 *
 * <p>Stateless verification never touches a store. A store is consulted only for tokens
 * with a use limit, for revocation and for refunds.
 */
@NullMarked
package dev.tempid.store;

import org.jspecify.annotations.NullMarked;
