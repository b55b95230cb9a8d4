package dev.tempid.autoconfigure.security;

import dev.tempid.security.TempIdOneTimeTokenService;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the tempid-backed {@code OneTimeTokenService} behind Spring Security's
 * {@code oneTimeTokenLogin()}.
 */
@ConfigurationProperties("tempid.security.one-time-token")
public class TempIdOneTimeTokenProperties {

	/**
	 * Purpose of the tokens behind Spring Security's one-time-token login. Their lifetime
	 * is the one Spring Security asks for (5 minutes unless its generation request says
	 * otherwise).
	 */
	private String purpose = TempIdOneTimeTokenService.DEFAULT_PURPOSE;

	public String getPurpose() {
		return this.purpose;
	}

	public void setPurpose(String purpose) {
		this.purpose = purpose;
	}

}
