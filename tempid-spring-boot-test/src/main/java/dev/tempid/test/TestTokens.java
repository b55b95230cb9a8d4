package dev.tempid.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 */
public final class TestTokens {

	private final TokenService tokens;

	private String purpose = "api";

	private @Nullable String subject;

	private @Nullable String audience;

	private Duration ttl = Duration.ofMinutes(5);

	private int maxUses;

	private final List<String> permissions = new ArrayList<>();

	private final Map<String, Object> claims = new LinkedHashMap<>();

	private TestTokens(TokenService tokens) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
	}

	/** Starts a token for {@code tokens}; purpose {@code api}, five minutes, unlimited uses by default. */
	public static TestTokens with(TokenService tokens) {
		return new TestTokens(tokens);
	}

	public TestTokens purpose(String purpose) {
		this.purpose = Objects.requireNonNull(purpose, "purpose must not be null");
		return this;
	}

	public TestTokens subject(String subject) {
		this.subject = Objects.requireNonNull(subject, "subject must not be null");
		return this;
	}

	public TestTokens audience(String audience) {
		this.audience = Objects.requireNonNull(audience, "audience must not be null");
		return this;
	}

	public TestTokens ttl(Duration ttl) {
		this.ttl = Objects.requireNonNull(ttl, "ttl must not be null");
		return this;
	}

	public TestTokens maxUses(int maxUses) {
		this.maxUses = maxUses;
		return this;
	}

	public TestTokens permissions(String... permissions) {
		this.permissions.addAll(List.of(permissions));
		return this;
	}

	public TestTokens claim(String name, Object value) {
		this.claims.put(name, value);
		return this;
	}

	/** Issues the token. */
	public IssuedToken issue() {
		TokenRequest.Builder request = TokenRequest.forPurpose(this.purpose).ttl(this.ttl);
		if (this.subject != null) {
			request.subject(this.subject);
		}
		if (this.audience != null) {
			request.audience(this.audience);
		}
		if (this.maxUses > 0) {
			request.maxUses(this.maxUses);
		}
		if (!this.permissions.isEmpty()) {
			request.permissions(this.permissions);
		}
		if (!this.claims.isEmpty()) {
			request.claims(this.claims);
		}
		return this.tokens.issue(request.build());
	}

	/** Issues the token and returns its value. */
	public String value() {
		return issue().value();
	}

}
