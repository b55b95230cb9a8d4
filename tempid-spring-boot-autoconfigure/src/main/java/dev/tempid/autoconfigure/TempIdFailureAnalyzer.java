package dev.tempid.autoconfigure;

import dev.tempid.WeakSecretException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains why tempid could not start (missing or weak secret, unreadable key, store
 * library missing) and how to fix it. Never repeats a secret.
 */
class TempIdFailureAnalyzer implements FailureAnalyzer {

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		Throwable cause = failure;
		while (cause != null) {
			if (cause instanceof TempIdConfigurationException ex) {
				return new FailureAnalysis(ex.getMessage(), ex.getAction(), ex);
			}
			if (cause instanceof WeakSecretException ex) {
				return new FailureAnalysis("The secret in 'tempid.secret' is too weak: " + ex.getMessage(),
						"Set 'tempid.secret' (for example through the TEMPID_SECRET environment variable) to at least 32 "
								+ "random characters, such as the output of 'openssl rand -base64 48'. Every instance "
								+ "that shares the secret can verify the others' tokens.",
						ex);
			}
			cause = cause.getCause();
		}
		return null;
	}

}
