package dev.tempid.test;

import java.time.Duration;
import java.util.Objects;

import dev.tempid.TokenService;
import jakarta.servlet.ServletContext;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;

/**
 * MockMvc request post-processors that attach a real tempid token, issued by the
 * application's own {@link TokenService} bean, so the request goes through the real
 * filter or {@code @ConsumesToken} check:
 *
 * <pre>{@code
 * mvc.perform(get("/api/me").with(tempIdToken("api").subject("alice").permissions("read")))
 *     .andExpect(status().isOk());
 * mvc.perform(post("/reset").with(tempIdToken("password-reset").subject("user:42").maxUses(1).asParameter("token")));
 * }</pre>
 */
public final class TempIdRequestPostProcessors {

	private TempIdRequestPostProcessors() {
	}

	/** A token of {@code purpose}, sent as {@code Authorization: Bearer} unless told otherwise. */
	public static TokenPostProcessor tempIdToken(String purpose) {
		return new TokenPostProcessor(purpose);
	}

	/** Issues the token and attaches it to the request. */
	public static final class TokenPostProcessor implements RequestPostProcessor {

		private final String purpose;

		private @Nullable String subject;

		private @Nullable String audience;

		private String[] permissions = new String[0];

		private int maxUses;

		private Duration ttl = Duration.ofMinutes(5);

		private @Nullable TokenService tokens;

		private Placement placement = Placement.BEARER;

		private String name = HttpHeaders.AUTHORIZATION;

		private TokenPostProcessor(String purpose) {
			this.purpose = Objects.requireNonNull(purpose, "purpose must not be null");
		}

		public TokenPostProcessor subject(String subject) {
			this.subject = subject;
			return this;
		}

		public TokenPostProcessor audience(String audience) {
			this.audience = audience;
			return this;
		}

		public TokenPostProcessor permissions(String... permissions) {
			this.permissions = permissions.clone();
			return this;
		}

		public TokenPostProcessor maxUses(int maxUses) {
			this.maxUses = maxUses;
			return this;
		}

		public TokenPostProcessor ttl(Duration ttl) {
			this.ttl = ttl;
			return this;
		}

		/** Uses this service instead of the application context's {@link TokenService} bean. */
		public TokenPostProcessor tokenService(TokenService tokens) {
			this.tokens = tokens;
			return this;
		}

		/** Sends the token as a request parameter instead of a bearer header. */
		public TokenPostProcessor asParameter(String name) {
			this.placement = Placement.PARAMETER;
			this.name = Objects.requireNonNull(name, "name must not be null");
			return this;
		}

		/** Sends the bare token in a header instead of {@code Authorization: Bearer}. */
		public TokenPostProcessor asHeader(String name) {
			this.placement = Placement.HEADER;
			this.name = Objects.requireNonNull(name, "name must not be null");
			return this;
		}

		@Override
		public MockHttpServletRequest postProcessRequest(MockHttpServletRequest request) {
			TestTokens token = TestTokens.with(tokenService(request.getServletContext()))
				.purpose(this.purpose)
				.ttl(this.ttl)
				.maxUses(this.maxUses)
				.permissions(this.permissions);
			if (this.subject != null) {
				token.subject(this.subject);
			}
			if (this.audience != null) {
				token.audience(this.audience);
			}
			String value = token.value();
			switch (this.placement) {
				case BEARER -> request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + value);
				case HEADER -> request.addHeader(this.name, value);
				case PARAMETER -> request.addParameter(this.name, value);
			}
			return request;
		}

		private TokenService tokenService(ServletContext servletContext) {
			if (this.tokens != null) {
				return this.tokens;
			}
			WebApplicationContext context = WebApplicationContextUtils.findWebApplicationContext(servletContext);
			if (context == null) {
				throw new IllegalStateException(
						"No web application context: use MockMvc built from a context, or give tokenService(...)");
			}
			return context.getBean(TokenService.class);
		}

		private enum Placement {

			BEARER, HEADER, PARAMETER

		}

	}

}
