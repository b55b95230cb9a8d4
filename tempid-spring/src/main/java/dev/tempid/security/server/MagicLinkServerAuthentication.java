package dev.tempid.security.server;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import dev.tempid.Expectation;
import dev.tempid.Reason;
import dev.tempid.TempIdException;
import dev.tempid.VerifiedToken;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.security.DefaultMagicLinkPageRenderer;
import dev.tempid.security.MagicLinkAuthenticationToken;
import dev.tempid.security.MagicLinkSettings;
import dev.tempid.security.MagicLinkPageRenderer.MagicLinkPage;
import dev.tempid.security.TempIdAuthenticationConverter;
import dev.tempid.security.TempIdAuthenticationException;
import dev.tempid.security.TempIdAuthenticationToken;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;

/**
 * Magic-link login on WebFlux, Spring Security's scanner-safe pattern as on servlets: a
 * {@code GET} of the link ({@code /login/magic?token=…}) shows a confirmation page that
 * spends nothing (mail scanners and link previews follow links); its {@code POST} (form
 * field {@code token}, with the CSRF field) spends the token once, atomically through the
 * reactive store, signs its subject in, saves the login in the security context
 * repository (the tempid cookie session) and redirects; a spent or invalid link goes back
 * to the login page with {@code ?error}.
 */
public final class MagicLinkServerAuthentication {

	private static final Log logger = LogFactory.getLog(MagicLinkServerAuthentication.class);

	private final ReactiveTokenService tokens;

	private Expectation expectation = Expectation.purpose(MagicLinkSettings.DEFAULT_PURPOSE);

	private String loginProcessingUrl = MagicLinkSettings.DEFAULT_LOGIN_PROCESSING_URL;

	private String loginPage = "/login";

	private String defaultSuccessUrl = "/";

	private Converter<VerifiedToken, TempIdAuthenticationToken> converter = new TempIdAuthenticationConverter();

	private @Nullable ReactiveUserDetailsService users;

	public MagicLinkServerAuthentication(ReactiveTokenService tokens) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
	}

	/** The purpose of magic-link tokens, {@code magic-link} by default. */
	public MagicLinkServerAuthentication purpose(String purpose) {
		this.expectation = Expectation.purpose(purpose);
		return this;
	}

	/** What magic-link tokens must satisfy (purpose, audience). */
	public MagicLinkServerAuthentication expectation(Expectation expectation) {
		this.expectation = Objects.requireNonNull(expectation, "expectation must not be null");
		return this;
	}

	/** The URL serving the confirmation page (GET) and spending the token (POST), {@code /login/magic}. */
	public MagicLinkServerAuthentication loginProcessingUrl(String url) {
		this.loginProcessingUrl = Objects.requireNonNull(url, "url must not be null");
		return this;
	}

	/** The application's login page; failures go to {@code <loginPage>?error}. {@code /login} by default. */
	public MagicLinkServerAuthentication loginPage(String loginPage) {
		this.loginPage = Objects.requireNonNull(loginPage, "loginPage must not be null");
		return this;
	}

	/** Where a successful login goes, {@code /} by default. */
	public MagicLinkServerAuthentication defaultSuccessUrl(String url) {
		this.defaultSuccessUrl = Objects.requireNonNull(url, "url must not be null");
		return this;
	}

	/**
	 * Takes the purpose, audience and login processing URL of the generator that issues
	 * the links, so that every mailed link signs in.
	 */
	public MagicLinkServerAuthentication settingsOf(ServerMagicLinkGenerator generator) {
		Objects.requireNonNull(generator, "generator must not be null");
		this.expectation = generator.expectation();
		this.loginProcessingUrl = generator.getLoginProcessingUrl();
		return this;
	}

	/**
	 * Loads and checks the link's user at sign-in: a user who does not exist or is
	 * disabled, locked or expired is refused (the link is spent all the same), and the
	 * principal is the {@code UserDetails}; a link without {@code perms} gets the user's
	 * authorities.
	 */
	public MagicLinkServerAuthentication userDetailsService(@Nullable ReactiveUserDetailsService users) {
		this.users = users;
		return this;
	}

	/** Turns the spent token into the authentication; must not block. */
	public MagicLinkServerAuthentication converter(Converter<VerifiedToken, TempIdAuthenticationToken> converter) {
		this.converter = Objects.requireNonNull(converter, "converter must not be null");
		return this;
	}

	/** Spends a posted magic-link token, once. */
	public ReactiveAuthenticationManager authenticationManager() {
		return (authentication) -> {
			String value = ((MagicLinkAuthenticationToken) authentication).getToken();
			if (value == null || value.isEmpty()) {
				return Mono.error(new TempIdAuthenticationException(Reason.MALFORMED, "no token was posted"));
			}
			return this.tokens.consume(value, this.expectation)
				.flatMap(this::authentication)
				.onErrorMap(TempIdException.class, TempIdAuthenticationException::new);
		};
	}

	private Mono<Authentication> authentication(VerifiedToken token) {
		TempIdAuthenticationToken converted = Objects.requireNonNull(this.converter.convert(token));
		ReactiveUserDetailsService users = this.users;
		String subject = token.subject();
		if (users == null || subject == null) {
			return Mono.just(converted);
		}
		return users.findByUsername(subject)
			.filter((user) -> user.isEnabled() && user.isAccountNonLocked() && user.isAccountNonExpired()
					&& user.isCredentialsNonExpired())
			.<Authentication>map((user) -> TempIdAuthenticationToken.authenticated(user, token,
					converted.getAuthorities().isEmpty() ? user.getAuthorities() : converted.getAuthorities()))
			.switchIfEmpty(Mono.error(() -> new TempIdAuthenticationException(Reason.STATE_CHANGED,
					"the token's user cannot sign in")));
	}

	/** Reads the {@code token} form field of the POST. */
	public ServerAuthenticationConverter authenticationConverter() {
		return (exchange) -> exchange.getFormData()
			.map((form) -> new MagicLinkAuthenticationToken(String.valueOf(form.getFirst("token"))));
	}

	/**
	 * The filter that spends the token on {@code POST}: an {@link AuthenticationWebFilter}
	 * saving the login in {@code repository}.
	 */
	public AuthenticationWebFilter authenticationFilter(ServerSecurityContextRepository repository) {
		AuthenticationWebFilter filter = new AuthenticationWebFilter(authenticationManager());
		filter.setServerAuthenticationConverter(authenticationConverter());
		filter.setRequiresAuthenticationMatcher(
				ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, this.loginProcessingUrl));
		filter.setAuthenticationSuccessHandler(new RedirectServerAuthenticationSuccessHandler(this.defaultSuccessUrl));
		filter.setAuthenticationFailureHandler(new RedirectServerAuthenticationFailureHandler(this.loginPage + "?error"));
		filter.setSecurityContextRepository(new KeepingLogin(repository, this.tokens));
		return filter;
	}

	/**
	 * Keeps the login in the application's repository; when the store fails while it is
	 * kept (the cookie session reads the user's generation), gives the spent link's use back
	 * where the store allows it, so the same link can be tried again, and fails the attempt
	 * as a failed login (the failure handler) instead of a server error.
	 */
	private static final class KeepingLogin implements ServerSecurityContextRepository {

		private final ServerSecurityContextRepository repository;

		private final ReactiveTokenService tokens;

		KeepingLogin(ServerSecurityContextRepository repository, ReactiveTokenService tokens) {
			this.repository = repository;
			this.tokens = tokens;
		}

		@Override
		public Mono<Void> save(ServerWebExchange exchange, @Nullable SecurityContext context) {
			return this.repository.save(exchange, context)
				.onErrorResume((ex) -> ex instanceof TempIdException failure
						&& failure.reason() == Reason.STORE_UNAVAILABLE, (ex) -> {
					logger.warn("Magic-link login not kept: the token store is unavailable");
					return giveBack(context).then(Mono.error(new TempIdAuthenticationException((TempIdException) ex)));
				});
		}

		private Mono<Void> giveBack(@Nullable SecurityContext context) {
			if (context != null && context.getAuthentication() instanceof TempIdAuthenticationToken login
					&& login.getToken() != null) {
				return this.tokens.release(login.getToken())
					.onErrorResume((ex) -> {
						logger.debug("The magic link's use could not be given back (" + ex.getClass().getName() + ")");
						return Mono.empty();
					})
					.then();
			}
			return Mono.empty();
		}

		@Override
		public Mono<SecurityContext> load(ServerWebExchange exchange) {
			return this.repository.load(exchange);
		}

	}

	/** The filter that shows the confirmation page on {@code GET}, spending nothing. */
	public WebFilter confirmationPageFilter() {
		return (exchange, chain) -> {
			if (exchange.getRequest().getMethod() != HttpMethod.GET
					|| !exchange.getRequest().getPath().pathWithinApplication().value().equals(this.loginProcessingUrl)) {
				return chain.filter(exchange);
			}
			String token = exchange.getRequest().getQueryParams().getFirst("token");
			Mono<CsrfToken> csrf = exchange.getAttribute(CsrfToken.class.getName());
			return isValid(token).flatMap((valid) -> {
				String shown = valid ? token : "";
				return ((csrf != null) ? csrf : Mono.<CsrfToken>empty())
					.map((c) -> new MagicLinkPage(this.loginProcessingUrl, shown, c.getParameterName(), c.getToken(),
							valid))
					.defaultIfEmpty(new MagicLinkPage(this.loginProcessingUrl, shown, null, null, valid))
					.flatMap((page) -> render(page, exchange));
			});
		};
	}

	/**
	 * Verified as the servlet page verifies it: spends nothing, and reads the store only
	 * where verify does (revocation checks, or a link of a single-active purpose, which a
	 * later link supersedes). Any refusal, the store's absence included, shows the page
	 * for an invalid link.
	 */
	private Mono<Boolean> isValid(@Nullable String token) {
		if (token == null || token.isEmpty()) {
			return Mono.just(false);
		}
		return this.tokens.verify(token, this.expectation)
			.thenReturn(true)
			.onErrorResume(TempIdException.class, (ex) -> Mono.just(false));
	}

	private static Mono<Void> render(MagicLinkPage page, ServerWebExchange exchange) {
		ServerHttpResponse response = exchange.getResponse();
		response.getHeaders().setContentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
		response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
		response.getHeaders().set("Referrer-Policy", "no-referrer");
		response.getHeaders().set("X-Robots-Tag", "noindex");
		byte[] html = DefaultMagicLinkPageRenderer.html(page).getBytes(StandardCharsets.UTF_8);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(html)));
	}

}
