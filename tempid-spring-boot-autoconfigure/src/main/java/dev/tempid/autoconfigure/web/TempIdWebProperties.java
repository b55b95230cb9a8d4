package dev.tempid.autoconfigure.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of tempid's Spring MVC integration.
 */
@ConfigurationProperties("tempid.web")
public class TempIdWebProperties {

	/**
	 * Largest JSON request body that is cached so that @ConsumesToken can read its token
	 * from a body property. Larger bodies pass through, but carry no token.
	 */
	private DataSize maxJsonBodySize = DataSize.ofKilobytes(64);

	/**
	 * Whether refused tokens escaping a controller are answered with RFC 9457 problem
	 * details (400, 401, 410 or 503) by the auto-configured exception handler.
	 */
	private boolean problemDetails = true;

	public DataSize getMaxJsonBodySize() {
		return this.maxJsonBodySize;
	}

	public void setMaxJsonBodySize(DataSize maxJsonBodySize) {
		this.maxJsonBodySize = maxJsonBodySize;
	}

	public boolean isProblemDetails() {
		return this.problemDetails;
	}

	public void setProblemDetails(boolean problemDetails) {
		this.problemDetails = problemDetails;
	}

}
