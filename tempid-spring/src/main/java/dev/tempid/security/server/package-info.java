/**
 * The Spring Security integration for WebFlux, beside the servlet one in
 * {@code dev.tempid.security} (as Spring Security keeps {@code web.server} beside
 * {@code web}): the bearer-token {@code WebFilter}, magic-link login, cookie sessions as a
 * {@code ServerSecurityContextRepository}, and {@link dev.tempid.security.server.TempIdServerSecurity}
 * that adds them to a {@code ServerHttpSecurity}.
 */
@NullMarked
package dev.tempid.security.server;

import org.jspecify.annotations.NullMarked;
