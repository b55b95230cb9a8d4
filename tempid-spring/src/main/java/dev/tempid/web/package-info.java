/**
 * Spending tempid tokens in Spring MVC and in any Spring bean: {@link dev.tempid.web.ConsumesToken},
 * injectable token arguments and RFC 9457 problem details keyed on {@link dev.tempid.Reason}.
 */
@NullMarked
package dev.tempid.web;

import org.jspecify.annotations.NullMarked;
