/**
 * The tempid sample application: password reset, magic-link login, email verification
 * and multi-use approvals.
 */
@NullMarked
package dev.tempid.sample;

import org.jspecify.annotations.NullMarked;
