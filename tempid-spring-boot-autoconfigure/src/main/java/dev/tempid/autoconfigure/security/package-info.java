/**
 * Auto-configuration of tempid's Spring Security integration: magic links and cookie sessions.
 */
@NullMarked
package dev.tempid.autoconfigure.security;

import org.jspecify.annotations.NullMarked;
