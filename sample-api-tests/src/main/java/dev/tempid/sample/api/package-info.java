/**
 * The samples' JSON API (ARCHITECTURE section 7) as one contract over real HTTP, run
 * against sample-app and sample-app-reactive: {@link dev.tempid.sample.api.SampleApiContractTests}
 * and the contracts of the rows added since ({@link dev.tempid.sample.api.SessionsContract},
 * {@link dev.tempid.sample.api.LoginCodeContract}, {@link dev.tempid.sample.api.SendLimitsContract}).
 */
@NullMarked
package dev.tempid.sample.api;

import org.jspecify.annotations.NullMarked;
