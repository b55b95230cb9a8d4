package dev.tempid;

/** What a {@link TokenService} did, for {@link TokenEvent}s and metrics. */
public enum Operation {

	ISSUE, VERIFY, CONSUME, RELEASE, REVOKE, REFRESH, USAGE, INSPECT

}
