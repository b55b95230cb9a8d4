/**
 * Auto-configuration of {@link dev.tempid.web.ConsumesToken} and tempid's problem details for Spring MVC.
 */
@NullMarked
package dev.tempid.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
