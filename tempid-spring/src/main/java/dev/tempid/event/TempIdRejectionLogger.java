package dev.tempid.event;

import dev.tempid.TokenEvent;
import dev.tempid.TokenListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs one DEBUG line per refused token, with the operation, purpose, reason and token
 * id (when known): never the token value, which the listener never sees.
 */
public class TempIdRejectionLogger implements TokenListener {

	private static final Log logger = LogFactory.getLog("dev.tempid.rejections");

	@Override
	public void onEvent(TokenEvent event) {
		if (!event.succeeded() && logger.isDebugEnabled()) {
			logger.debug("tempid refused a token: operation=" + event.operation() + " purpose=" + event.purpose()
					+ " reason=" + event.reason() + " tokenId=" + ((event.tokenId() != null) ? event.tokenId() : "unknown"));
		}
	}

}
