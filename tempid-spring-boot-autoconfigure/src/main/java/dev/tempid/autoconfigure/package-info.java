/**
 * Spring Boot auto-configuration for tempid.
 */
@NullMarked
package dev.tempid.autoconfigure;

import org.jspecify.annotations.NullMarked;
