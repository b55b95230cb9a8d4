@NullMarked
package dev.tempid.benchmarks.http.magic;

import org.jspecify.annotations.NullMarked;
