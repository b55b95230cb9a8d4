package dev.tempid.autoconfigure;

/**
 * tempid cannot start as configured: a missing key or secret, or a store whose library
 * is absent. The failure analyzer turns it into a start-up report with the fix.
 */
public class TempIdConfigurationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String action;

	public TempIdConfigurationException(String problem, String action) {
		super(problem);
		this.action = action;
	}

	/** What to do about it. */
	public String getAction() {
		return this.action;
	}

}
