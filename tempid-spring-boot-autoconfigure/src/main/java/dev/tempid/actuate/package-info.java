/**
 * Operations: metrics, health, the {@code tempid} actuator endpoint, events and logging.
 */
@NullMarked
package dev.tempid.actuate;

import org.jspecify.annotations.NullMarked;
