/**
 * Test support for applications using tempid: real tokens for MockMvc requests
 * ({@link dev.tempid.test.TempIdRequestPostProcessors}) and for any other test
 * ({@link dev.tempid.test.TestTokens}), issued by the application's own
 * {@link dev.tempid.TokenService}.
 */
@NullMarked
package dev.tempid.test;

import org.jspecify.annotations.NullMarked;
