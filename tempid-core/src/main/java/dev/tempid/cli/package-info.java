/**
 * The command line of tempid-core: key generation and import for operators, with no code
 * to write ({@link dev.tempid.cli.KeyTool}).
 */
@NullMarked
package dev.tempid.cli;

import org.jspecify.annotations.NullMarked;
