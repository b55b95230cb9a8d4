package dev.tempid.sample.reactive.web;

/**
 * The token purposes of the sample, the servlet sample's. Each flow has its own, so a
 * token of one flow is worthless in another.
 */
public final class Purposes {

	public static final String PASSWORD_RESET = "password-reset";

	public static final String EMAIL_VERIFICATION = "email-verification";

	public static final String MAGIC_LINK = "magic-link";

	public static final String APPROVAL = "approval";

	public static final String API = "api";

	private Purposes() {
	}

}
