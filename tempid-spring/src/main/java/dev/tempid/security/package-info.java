/**
 * Spring Security integration: bearer-token authentication with tempid tokens
 * ({@link dev.tempid.security.TempIdConfigurer}), scanner-safe magic-link login and
 * stateless cookie sessions ({@link dev.tempid.security.TempIdSecurityContextRepository}).
 */
@NullMarked
package dev.tempid.security;

import org.jspecify.annotations.NullMarked;
