package dev.tempid.security;

import java.io.IOException;
import java.util.Objects;

import dev.tempid.Expectation;
import dev.tempid.Reason;
import dev.tempid.TempIdException;
import dev.tempid.TokenService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AbstractAuthenticationProcessingFilter;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Magic-link sign-in at one URL, scanner-safe as Spring Security's one-time-token login:
 * {@code GET /login/magic?token=...} shows a confirmation page and spends nothing (mail
 * scanners and link previews follow GETs); {@code POST /login/magic} with the form field
 * {@code token} (and the CSRF token) spends it and signs the user in.
 */
public final class MagicLinkAuthenticationFilter extends AbstractAuthenticationProcessingFilter {

	private final RequestMatcher pageMatcher;

	private final String loginProcessingUrl;

	private final TokenService tokens;

	private final Expectation expectation;

	private MagicLinkPageRenderer pageRenderer = new DefaultMagicLinkPageRenderer();

	public MagicLinkAuthenticationFilter(String loginProcessingUrl, AuthenticationManager authenticationManager,
			TokenService tokens, Expectation expectation) {
		super(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, loginProcessingUrl),
				authenticationManager);
		this.pageMatcher = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, loginProcessingUrl);
		this.loginProcessingUrl = loginProcessingUrl;
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
		this.expectation = Objects.requireNonNull(expectation, "expectation must not be null");
	}

	public void setPageRenderer(MagicLinkPageRenderer pageRenderer) {
		this.pageRenderer = Objects.requireNonNull(pageRenderer, "pageRenderer must not be null");
	}

	@Override
	public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest request = (HttpServletRequest) req;
		HttpServletResponse response = (HttpServletResponse) res;
		if (this.pageMatcher.matches(request)) {
			renderPage(request, response);
			return;
		}
		super.doFilter(req, res, chain);
	}

	private void renderPage(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String token = request.getParameter("token");
		if (token == null) {
			token = "";
		}
		// stateless check only: never spends, never touches the store
		boolean valid = !token.isEmpty() && this.tokens.tryVerify(token, this.expectation).isPresent();
		CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
		String action = request.getContextPath() + this.loginProcessingUrl;
		MagicLinkPageRenderer.MagicLinkPage page = new MagicLinkPageRenderer.MagicLinkPage(action, valid ? token : "",
				(csrf != null) ? csrf.getParameterName() : null, (csrf != null) ? csrf.getToken() : null, valid);
		this.pageRenderer.render(page, request, response);
	}

	/**
	 * Keeps the login as Spring Security does; when the store fails while the login is
	 * being kept (the cookie session reads the user's generation), the spent link's use is
	 * given back where the store allows it, so the same link can be tried again, and the
	 * attempt ends as a failed login (the failure handler) instead of a server error.
	 */
	@Override
	protected void successfulAuthentication(HttpServletRequest request, HttpServletResponse response,
			FilterChain chain, Authentication authResult) throws IOException, ServletException {
		try {
			super.successfulAuthentication(request, response, chain, authResult);
		}
		catch (TempIdException ex) {
			if (ex.reason() != Reason.STORE_UNAVAILABLE || response.isCommitted()) {
				throw ex;
			}
			this.logger.warn("Magic-link login not kept: the token store is unavailable");
			giveBack(authResult);
			unsuccessfulAuthentication(request, response, new TempIdAuthenticationException(ex));
		}
	}

	private void giveBack(Authentication authentication) {
		if (authentication instanceof TempIdAuthenticationToken login && login.getToken() != null) {
			try {
				this.tokens.release(login.getToken());
			}
			catch (RuntimeException ex) {
				this.logger.debug("The magic link's use could not be given back (" + ex.getClass().getName() + ")");
			}
		}
	}

	@Override
	public Authentication attemptAuthentication(HttpServletRequest request, HttpServletResponse response)
			throws AuthenticationException {
		String token = request.getParameter("token");
		MagicLinkAuthenticationToken attempt = new MagicLinkAuthenticationToken((token != null) ? token : "");
		attempt.setDetails(this.authenticationDetailsSource.buildDetails(request));
		return getAuthenticationManager().authenticate(attempt);
	}

}
