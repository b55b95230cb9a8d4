package dev.tempid.test;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import dev.tempid.IssuedToken;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import org.jspecify.annotations.Nullable;

/**
 * Issues real tokens in tests from the application's own {@link TokenService}, so that
 * tests exercise exactly the keys, issuer, audiences and purposes production uses.
 *
 * <pre>{@code
 * @Autowired TokenService tokens;
 *
 * String reset = TestTokens.with(tokens).purpose("password-reset").subject("user:42").maxUses(1).value();
 * }</pre>
 *
 * Every setting goes straight to a {@link TokenRequest.Builder}, which checks it at once.
 * What a test leaves out is what production leaves out: the purpose's or the service's
 * lifetime, use limit and audience apply. Mutable, not thread-safe.
 */
public final class TestTokens {

	/** The purpose of a token whose test names none. */
	public static final String DEFAULT_PURPOSE = "api";

	private final TokenService tokens;

	private TokenRequest.@Nullable Builder request;

	private TestTokens(TokenService tokens) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
	}

	/**
	 * Starts a token for {@code tokens}: purpose {@value #DEFAULT_PURPOSE} unless
	 * {@link #purpose(String)} says otherwise; lifetime, use limit and audience from the
	 * purpose's policy or the service, as for any {@link TokenRequest}.
	 */
	public static TestTokens with(TokenService tokens) {
		return new TestTokens(tokens);
	}

	/**
	 * The token's purpose; comes before any other setting.
	 * @throws IllegalStateException when another setting came first
	 */
	public TestTokens purpose(String purpose) {
		if (this.request != null) {
			throw new IllegalStateException("purpose(...) comes before the token's other settings");
		}
		this.request = TokenRequest.forPurpose(purpose);
		return this;
	}

	/** See {@link TokenRequest.Builder#subject(String)}. */
	public TestTokens subject(String subject) {
		request().subject(subject);
		return this;
	}

	/** See {@link TokenRequest.Builder#audience(String)}. */
	public TestTokens audience(String audience) {
		request().audience(audience);
		return this;
	}

	/** See {@link TokenRequest.Builder#ttl(Duration)}. */
	public TestTokens ttl(Duration ttl) {
		request().ttl(ttl);
		return this;
	}

	/** See {@link TokenRequest.Builder#maxUses(int)}. */
	public TestTokens maxUses(int maxUses) {
		request().maxUses(maxUses);
		return this;
	}

	/** See {@link TokenRequest.Builder#unlimitedUses()}. */
	public TestTokens unlimitedUses() {
		request().unlimitedUses();
		return this;
	}

	/** See {@link TokenRequest.Builder#permissions(String...)}. */
	public TestTokens permissions(String... permissions) {
		request().permissions(permissions);
		return this;
	}

	/** See {@link TokenRequest.Builder#claim(String, Object)}. */
	public TestTokens claim(String name, @Nullable Object value) {
		request().claim(name, value);
		return this;
	}

	/**
	 * Applies any other setting of the request, for example
	 * {@code request((r) -> r.bindTo(passwordHash).notBefore(later))}.
	 */
	public TestTokens request(Consumer<TokenRequest.Builder> customizer) {
		customizer.accept(request());
		return this;
	}

	/** Issues the token. */
	public IssuedToken issue() {
		return this.tokens.issue(request().build());
	}

	/** Issues the token and returns its value. */
	public String value() {
		return issue().value();
	}

	private TokenRequest.Builder request() {
		if (this.request == null) {
			this.request = TokenRequest.forPurpose(DEFAULT_PURPOSE);
		}
		return this.request;
	}

}
