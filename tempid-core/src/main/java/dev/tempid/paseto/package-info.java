/**
 * PASETO version 4 and PASERK k4 on Bouncy Castle primitives: the wire format of tempid.
 *
 * <p>Internal: public only so that the other tempid packages can reach it. Applications
 * use {@link dev.tempid.TokenService} instead; nothing here is a stable API.
 */
@NullMarked
package dev.tempid.paseto;

import org.jspecify.annotations.NullMarked;
