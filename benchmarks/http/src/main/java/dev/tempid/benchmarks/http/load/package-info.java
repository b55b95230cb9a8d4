@NullMarked
package dev.tempid.benchmarks.http.load;

import org.jspecify.annotations.NullMarked;
