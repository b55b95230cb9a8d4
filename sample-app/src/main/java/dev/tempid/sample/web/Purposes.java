package dev.tempid.sample.web;

/**
 * The token purposes of the sample. Each flow has its own, so a token of one flow is
 * worthless in another.
 */
public final class Purposes {

	public static final String PASSWORD_RESET = "password-reset";

	public static final String EMAIL_VERIFICATION = "email-verification";

	public static final String APPROVAL = "approval";

	public static final String API = "api";

	private Purposes() {
	}

}
