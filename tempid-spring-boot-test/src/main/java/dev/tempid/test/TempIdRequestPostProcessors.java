package dev.tempid.test;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

import dev.tempid.TokenRequest;
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

	/**
	 * Issues the token and attaches it to the request. Every setting goes straight to a
	 * {@link TokenRequest.Builder}, which checks it at once; what a test leaves out (the
	 * lifetime, use limit, audience) is what the purpose's policy or the service gives, as
	 * in production.
	 */
	public static final class TokenPostProcessor implements RequestPostProcessor {

		private final TokenRequest.Builder request;

		private @Nullable TokenService tokens;

		private Placement placement = Placement.BEARER;

		private String name = HttpHeaders.AUTHORIZATION;

		private TokenPostProcessor(String purpose) {
			this.request = TokenRequest.forPurpose(purpose);
		}

		/** See {@link TokenRequest.Builder#subject(String)}. */
		public TokenPostProcessor subject(String subject) {
			this.request.subject(subject);
			return this;
		}

		/** See {@link TokenRequest.Builder#audience(String)}. */
		public TokenPostProcessor audience(String audience) {
			this.request.audience(audience);
			return this;
		}

		/** See {@link TokenRequest.Builder#permissions(String...)}. */
		public TokenPostProcessor permissions(String... permissions) {
			this.request.permissions(permissions);
			return this;
		}

		/** See {@link TokenRequest.Builder#maxUses(int)}. */
		public TokenPostProcessor maxUses(int maxUses) {
			this.request.maxUses(maxUses);
			return this;
		}

		/** See {@link TokenRequest.Builder#unlimitedUses()}. */
		public TokenPostProcessor unlimitedUses() {
			this.request.unlimitedUses();
			return this;
		}

		/** See {@link TokenRequest.Builder#ttl(Duration)}. */
		public TokenPostProcessor ttl(Duration ttl) {
			this.request.ttl(ttl);
			return this;
		}

		/**
		 * Applies any other setting of the request, for example
		 * {@code request((r) -> r.claim("email", "a@example.com").bindTo(passwordHash))}.
		 */
		public TokenPostProcessor request(Consumer<TokenRequest.Builder> customizer) {
			customizer.accept(this.request);
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
			String value = tokenService(request.getServletContext()).issue(this.request.build()).value();
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
