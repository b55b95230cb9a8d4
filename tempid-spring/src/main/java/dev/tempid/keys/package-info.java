/**
 * Distribution of {@code v4.public} verification keys: a signing service publishes its
 * public keys, verifying services fetch them (the JWKS flow, for PASETO).
 */
@NullMarked
package dev.tempid.keys;

import org.jspecify.annotations.NullMarked;
