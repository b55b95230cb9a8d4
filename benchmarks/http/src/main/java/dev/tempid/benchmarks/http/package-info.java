/**
 * End-to-end HTTP benchmarks (issue 14): minimal Spring Boot applications, tempid beside
 * what a Spring user would otherwise deploy, started and loaded by
 * {@code benchmarks/http/run.sh}. Nothing here runs in the build.
 */
@NullMarked
package dev.tempid.benchmarks.http;

import org.jspecify.annotations.NullMarked;
