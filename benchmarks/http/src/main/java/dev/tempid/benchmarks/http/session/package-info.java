@NullMarked
package dev.tempid.benchmarks.http.session;

import org.jspecify.annotations.NullMarked;
