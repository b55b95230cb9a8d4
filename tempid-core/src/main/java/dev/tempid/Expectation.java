package dev.tempid;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a verifier expects of a token beyond its signature and lifetime: its purpose,
 * and optionally its audience and the application state it is bound to.
 *
 * <pre>{@code
 * tokens.verify(value, Expectation.purpose("password-reset").audience("web").state(currentHash));
 * }</pre>
 *
 * Immutable: every method returns a new expectation.
 */
public final class Expectation {

	private final String purpose;

	private final @Nullable String audience;

	private final byte @Nullable [] state;

	private Expectation(String purpose, @Nullable String audience, byte @Nullable [] state) {
		this.purpose = purpose;
		this.audience = audience;
		this.state = state;
	}

	/** Expects a token of this purpose. */
	public static Expectation purpose(String purpose) {
		return new Expectation(TokenRequest.checkName("purpose", purpose), null, null);
	}

	/** Also expects this audience, instead of the purpose's or service's default. */
	public Expectation audience(String audience) {
		return new Expectation(this.purpose, TokenRequest.checkName("audience", audience), this.state);
	}

	/** Also expects the token to be bound to this state fingerprint, instead of asking the purpose's {@link StateResolver}. */
	public Expectation state(String fingerprint) {
		Objects.requireNonNull(fingerprint, "fingerprint must not be null");
		return state(fingerprint.getBytes(StandardCharsets.UTF_8));
	}

	/** Also expects the token to be bound to this state fingerprint, given as bytes. */
	public Expectation state(byte[] fingerprint) {
		Objects.requireNonNull(fingerprint, "fingerprint must not be null");
		return new Expectation(this.purpose, this.audience, fingerprint.clone());
	}

	public String purpose() {
		return this.purpose;
	}

	public @Nullable String audience() {
		return this.audience;
	}

	byte @Nullable [] state() {
		return this.state;
	}

	@Override
	public String toString() {
		return "Expectation[purpose=" + this.purpose + ", audience=" + this.audience + ", state="
				+ ((this.state != null) ? "given" : "none") + "]";
	}

}
