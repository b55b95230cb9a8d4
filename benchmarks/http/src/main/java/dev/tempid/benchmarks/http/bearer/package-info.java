@NullMarked
package dev.tempid.benchmarks.http.bearer;

import org.jspecify.annotations.NullMarked;
