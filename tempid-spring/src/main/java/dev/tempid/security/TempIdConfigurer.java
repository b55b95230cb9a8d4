package dev.tempid.security;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import dev.tempid.Expectation;
import dev.tempid.TokenService;
import dev.tempid.VerifiedToken;
import dev.tempid.web.BearerTokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.config.annotation.web.configurers.LogoutConfigurer;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * tempid for Spring Security, in one configurer:
 *
 * <pre>{@code
 * http.with(TempIdConfigurer.tempId(), tempId -> tempId
 *         .purpose("api").audience("myapp.api")           // bearer tokens
 *         .magicLink(magic -> magic.loginPage("/login"))  // GET confirms, POST signs in
 *         .session(Customizer.withDefaults()));           // stateless cookie sessions
 * }</pre>
 *
 * <ul>
 * <li>Bearer tokens (on by default): a {@link TempIdAuthenticationFilter} reads
 * {@code Authorization: Bearer}, verifies purpose and audience (and spends a use when
 * {@link #consume(boolean)} is on), and answers failures the RFC 6750 way through the
 * {@link TempIdAuthenticationEntryPoint}.</li>
 * <li>Magic links: see {@link MagicLinkAuthenticationFilter} and {@link MagicLinkGenerator}.</li>
 * <li>Cookie sessions: see {@link TempIdSecurityContextRepository}.</li>
 * </ul>
 * Beans are taken from the application context when not given: the {@link TokenService},
 * the {@link MagicLinkGenerator} (the one source of the magic-link purpose, audience,
 * login processing URL and {@link UserDetailsService}), the
 * {@link TempIdSecurityContextRepository} (with its {@code UserDetailsService}) and the
 * {@link AuthenticationEventPublisher}. A {@link #userDetailsService} given here applies to
 * bearer tokens, magic links and cookie sessions.
 */
public final class TempIdConfigurer extends AbstractHttpConfigurer<TempIdConfigurer, HttpSecurity> {

	private @Nullable TokenService tokens;

	private boolean bearer = true;

	private String purpose = "api";

	private @Nullable String audience;

	private boolean consume;

	private boolean allowQueryParameter;

	private String authorityPrefix = TempIdAuthenticationConverter.DEFAULT_AUTHORITY_PREFIX;

	private @Nullable UserDetailsService userDetailsService;

	private @Nullable String realmName;

	private @Nullable MagicLink magicLink;

	private @Nullable Session session;

	private @Nullable HttpSecurity http;

	private final TempIdAuthenticationEntryPoint entryPoint = new TempIdAuthenticationEntryPoint();

	static final String DEFAULT_LOGIN_PROCESSING_URL = MagicLinkSettings.DEFAULT_LOGIN_PROCESSING_URL;

	/** The configurer, for {@code http.with(tempId(), ...)}. */
	public static TempIdConfigurer tempId() {
		return new TempIdConfigurer();
	}

	/** The service to use instead of the application's {@link TokenService} bean. */
	public TempIdConfigurer tokenService(TokenService tokens) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
		return this;
	}

	/** Whether bearer tokens authenticate requests. On by default. */
	public TempIdConfigurer bearer(boolean enabled) {
		this.bearer = enabled;
		return this;
	}

	/** The purpose of bearer tokens, {@code api} by default. */
	public TempIdConfigurer purpose(String purpose) {
		this.purpose = Objects.requireNonNull(purpose, "purpose must not be null");
		return this;
	}

	/** The audience bearer tokens must name, instead of the purpose's or service's default. */
	public TempIdConfigurer audience(String audience) {
		this.audience = Objects.requireNonNull(audience, "audience must not be null");
		return this;
	}

	/** Whether each request spends one use of its bearer token (for use-limited tokens). Off by default. */
	public TempIdConfigurer consume(boolean consume) {
		this.consume = consume;
		return this;
	}

	/** Whether GET requests may carry the token as {@code access_token} query parameter. Off by default. */
	public TempIdConfigurer allowQueryParameter(boolean allow) {
		this.allowQueryParameter = allow;
		return this;
	}

	/** The prefix put before each {@code perms} entry to make an authority, none by default. */
	public TempIdConfigurer authorityPrefix(String prefix) {
		this.authorityPrefix = Objects.requireNonNull(prefix, "prefix must not be null");
		return this;
	}

	/** Loads the principal for the token's subject; missing, disabled or locked users are refused. */
	public TempIdConfigurer userDetailsService(UserDetailsService userDetailsService) {
		this.userDetailsService = Objects.requireNonNull(userDetailsService, "userDetailsService must not be null");
		return this;
	}

	/** The realm named in {@code WWW-Authenticate}. */
	public TempIdConfigurer realmName(String realmName) {
		this.realmName = realmName;
		return this;
	}

	/** Enables magic-link login. */
	public TempIdConfigurer magicLink(Customizer<MagicLink> customizer) {
		if (this.magicLink == null) {
			this.magicLink = new MagicLink();
		}
		customizer.customize(this.magicLink);
		return this;
	}

	/** Keeps logins in a tempid cookie instead of an HTTP session. */
	public TempIdConfigurer session(Customizer<Session> customizer) {
		if (this.session == null) {
			this.session = new Session();
		}
		customizer.customize(this.session);
		shareSessionRepository();
		return this;
	}

	@Override
	public void setBuilder(HttpSecurity http) {
		super.setBuilder(http);
		this.http = http;
		shareSessionRepository();
	}

	/**
	 * Shares a {@link SessionLookup} as the chain's {@link SecurityContextRepository} as soon
	 * as both the chain and {@link #session} are known, before any configurer's
	 * {@code init}: the {@code SessionManagementConfigurer} takes the repository it asks
	 * "is this request already signed in?" at its own {@code init}. With the null one that
	 * {@code sessionCreationPolicy(STATELESS)} brings, every cookie-session request would
	 * look like a new login and the session strategies would run again on each: the CSRF
	 * token would be cleared on every request. Our {@code init} then shares the real
	 * repository with everything else (the cookie sessions are resolved when the chain is
	 * built, so a {@link #tokenService} given after {@code session(...)} still counts).
	 */
	private void shareSessionRepository() {
		HttpSecurity http = this.http;
		if (http != null && this.session != null
				&& !(http.getSharedObject(SecurityContextRepository.class) instanceof SessionLookup)) {
			http.setSharedObject(SecurityContextRepository.class, new SessionLookup(() -> sessionRepository(http)));
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public void init(HttpSecurity http) {
		if (this.realmName != null) {
			this.entryPoint.setRealmName(this.realmName);
		}
		this.entryPoint.setUnauthenticatedDetail(unauthenticatedDetail());
		ExceptionHandlingConfigurer<HttpSecurity> exceptions = http.getConfigurer(ExceptionHandlingConfigurer.class);
		if (exceptions != null) {
			if (this.magicLink != null && this.magicLink.loginPage != null) {
				exceptions.defaultAuthenticationEntryPointFor(
						new LoginUrlAuthenticationEntryPoint(this.magicLink.loginPage), TempIdConfigurer::isBrowser);
			}
			exceptions.defaultAuthenticationEntryPointFor(this.entryPoint, (request) -> !isBrowser(request));
		}
		if (this.bearer) {
			// browsers never send bearer tokens by themselves: such requests need no CSRF token
			CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
			if (csrf != null) {
				csrf.ignoringRequestMatchers(bearerTokenRequests());
			}
		}
		if (this.session != null) {
			TempIdSecurityContextRepository repository = sessionRepository(http);
			http.setSharedObject(SecurityContextRepository.class, repository);
			LogoutConfigurer<HttpSecurity> logout = http.getConfigurer(LogoutConfigurer.class);
			if (logout != null) {
				logout.addLogoutHandler(repository);
			}
		}
	}

	@Override
	public void configure(HttpSecurity http) {
		TokenService service = tokenService(http);
		AuthenticationEventPublisher publisher = eventPublisher(http);
		Converter<VerifiedToken, TempIdAuthenticationToken> converter = new TempIdAuthenticationConverter(
				this.authorityPrefix, this.userDetailsService);
		if (this.session != null) {
			TempIdSecurityContextRepository repository = sessionRepository(http);
			repository.requireSubjectGenerations();
			http.addFilterAfter(postProcess(new TempIdSessionRenewalFilter(repository)),
					SecurityContextHolderFilter.class);
		}
		if (this.bearer) {
			Expectation expectation = Expectation.purpose(this.purpose);
			if (this.audience != null) {
				expectation = expectation.audience(this.audience);
			}
			TempIdAuthenticationFilter filter = new TempIdAuthenticationFilter(service, expectation);
			TempIdBearerTokenResolver resolver = new TempIdBearerTokenResolver();
			resolver.setAllowQueryParameter(this.allowQueryParameter);
			filter.setResolver(resolver);
			filter.setConsume(this.consume);
			filter.setConverter(converter);
			filter.setFailureHandler(this.entryPoint);
			filter.setEventPublisher(publisher);
			filter.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
			http.addFilterBefore(postProcess(filter), BasicAuthenticationFilter.class);
		}
		if (this.magicLink != null) {
			configureMagicLink(http, service, publisher);
		}
	}

	private void configureMagicLink(HttpSecurity http, TokenService service, AuthenticationEventPublisher publisher) {
		MagicLink settings = Objects.requireNonNull(this.magicLink);
		MagicLinkGenerator generator = bean(http, MagicLinkGenerator.class);
		String purpose = agree("purpose", settings.purpose, (generator != null) ? generator.getPurpose() : null,
				MagicLinkGenerator.DEFAULT_PURPOSE);
		String loginProcessingUrl = agree("loginProcessingUrl", settings.loginProcessingUrl,
				(generator != null) ? generator.getLoginProcessingUrl() : null, DEFAULT_LOGIN_PROCESSING_URL);
		String audience = (settings.audience != null || generator == null) ? settings.audience : generator.getAudience();
		if (generator != null && settings.audience != null && !settings.audience.equals(generator.getAudience())) {
			throw mismatch("audience", settings.audience, generator.getAudience());
		}
		Expectation expectation = Expectation.purpose(purpose);
		if (audience != null) {
			expectation = expectation.audience(audience);
		}
		UserDetailsService users = (this.userDetailsService != null) ? this.userDetailsService
				: (generator != null) ? generator.getUserDetailsService() : null;
		Converter<VerifiedToken, TempIdAuthenticationToken> converter = new TempIdAuthenticationConverter("", users);
		ProviderManager manager = new ProviderManager(
				List.of(new MagicLinkAuthenticationProvider(service, expectation, converter)));
		manager.setAuthenticationEventPublisher(publisher);
		MagicLinkAuthenticationFilter filter = new MagicLinkAuthenticationFilter(loginProcessingUrl, manager, service,
				expectation);
		filter.setPageRenderer(settings.pageRenderer);
		filter.setAuthenticationSuccessHandler(settings.successHandler());
		filter.setAuthenticationFailureHandler(settings.failureHandler(loginProcessingUrl));
		filter.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
		SecurityContextRepository repository = http.getSharedObject(SecurityContextRepository.class);
		if (repository != null) {
			filter.setSecurityContextRepository(repository);
		}
		SessionAuthenticationStrategy sessionStrategy = http.getSharedObject(SessionAuthenticationStrategy.class);
		if (sessionStrategy != null) {
			filter.setSessionAuthenticationStrategy(sessionStrategy);
		}
		http.addFilterBefore(postProcess(filter), UsernamePasswordAuthenticationFilter.class);
	}

	/** The DSL's value, the generator's, or the default; the DSL and the generator must agree. */
	private static String agree(String setting, @Nullable String configured, @Nullable String generator,
			String defaultValue) {
		if (configured != null && generator != null && !configured.equals(generator)) {
			throw mismatch(setting, configured, generator);
		}
		return (configured != null) ? configured : (generator != null) ? generator : defaultValue;
	}

	private static IllegalStateException mismatch(String setting, @Nullable String configured,
			@Nullable String generator) {
		return new IllegalStateException("magicLink(m -> m." + setting + "(\"" + configured + "\")) differs from the "
				+ "MagicLinkGenerator's " + setting + " \"" + generator + "\": the mailed links would not sign in. "
				+ "Set it in one place: on the MagicLinkGenerator (with Spring Boot: tempid.security.magic-link.*), "
				+ "which the configurer follows.");
	}

	private static <T> @Nullable T bean(HttpSecurity http, Class<T> type) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		return (context != null) ? context.getBeanProvider(type).getIfUnique() : null;
	}

	private TempIdSecurityContextRepository sessionRepository(HttpSecurity http) {
		Session settings = Objects.requireNonNull(this.session);
		if (settings.repository == null) {
			ApplicationContext context = http.getSharedObject(ApplicationContext.class);
			TempIdSecurityContextRepository bean = (context != null)
					? context.getBeanProvider(TempIdSecurityContextRepository.class).getIfUnique() : null;
			settings.repository = (bean != null) ? bean : new TempIdSecurityContextRepository(tokenService(http));
			if (this.userDetailsService != null && settings.repository.getUserDetailsService() == null) {
				settings.repository.setUserDetailsService(this.userDetailsService);
			}
		}
		return settings.repository;
	}

	private TokenService tokenService(HttpSecurity http) {
		if (this.tokens == null) {
			ApplicationContext context = http.getSharedObject(ApplicationContext.class);
			if (context == null) {
				throw new IllegalStateException("No TokenService: give one with tokenService(...)");
			}
			this.tokens = context.getBean(TokenService.class);
		}
		return this.tokens;
	}

	private static AuthenticationEventPublisher eventPublisher(HttpSecurity http) {
		ApplicationContext context = http.getSharedObject(ApplicationContext.class);
		if (context == null) {
			return new DefaultAuthenticationEventPublisher();
		}
		AuthenticationEventPublisher bean = context.getBeanProvider(AuthenticationEventPublisher.class).getIfUnique();
		AuthenticationEventPublisher publisher = (bean != null) ? bean : new DefaultAuthenticationEventPublisher(context);
		if (publisher instanceof DefaultAuthenticationEventPublisher defaults) {
			// it maps exceptions by exact class: teach it ours, or refusals publish nothing
			defaults.setAdditionalExceptionMappings(
					Map.of(TempIdAuthenticationException.class, TempIdAuthenticationFailureEvent.class));
		}
		return publisher;
	}

	/** What a request without credentials is told this chain accepts. */
	private String unauthenticatedDetail() {
		boolean signIn = this.magicLink != null || this.session != null;
		if (signIn && this.bearer) {
			return "This resource needs a signed-in session (sign in through the login page) or a bearer token.";
		}
		if (signIn) {
			return "This resource needs a signed-in session (sign in through the login page).";
		}
		return TempIdAuthenticationEntryPoint.DEFAULT_UNAUTHENTICATED_DETAIL;
	}

	private static boolean isBrowser(HttpServletRequest request) {
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		return request.getHeader(HttpHeaders.AUTHORIZATION) == null && accept != null && accept.contains("text/html");
	}

	/** Settings of magic-link login. */
	public static final class MagicLink {

		private @Nullable String loginProcessingUrl;

		private @Nullable String purpose;

		private @Nullable String audience;

		private @Nullable String loginPage = "/login";

		private String defaultSuccessUrl = "/";

		private @Nullable AuthenticationSuccessHandler successHandler;

		private @Nullable AuthenticationFailureHandler failureHandler;

		private MagicLinkPageRenderer pageRenderer = new DefaultMagicLinkPageRenderer();

		/**
		 * The URL serving the confirmation page (GET) and spending the token (POST), by default
		 * the {@link MagicLinkGenerator} bean's ({@code /login/magic}). It must agree with the
		 * generator's.
		 */
		public MagicLink loginProcessingUrl(String url) {
			this.loginProcessingUrl = Objects.requireNonNull(url, "url must not be null");
			return this;
		}

		/**
		 * The purpose of magic-link tokens, by default the {@link MagicLinkGenerator} bean's
		 * ({@code magic-link}). It must agree with the generator's.
		 */
		public MagicLink purpose(String purpose) {
			this.purpose = Objects.requireNonNull(purpose, "purpose must not be null");
			return this;
		}

		/** The audience of magic-link tokens, by default the {@link MagicLinkGenerator} bean's. */
		public MagicLink audience(String audience) {
			this.audience = audience;
			return this;
		}

		/** The application's login page; failures go to {@code <loginPage>?error}. {@code /login} by default. */
		public MagicLink loginPage(@Nullable String loginPage) {
			this.loginPage = loginPage;
			return this;
		}

		/** Where a signed-in user goes when no saved request says otherwise, {@code /} by default. */
		public MagicLink defaultSuccessUrl(String url) {
			this.defaultSuccessUrl = Objects.requireNonNull(url, "url must not be null");
			return this;
		}

		public MagicLink successHandler(AuthenticationSuccessHandler handler) {
			this.successHandler = handler;
			return this;
		}

		public MagicLink failureHandler(AuthenticationFailureHandler handler) {
			this.failureHandler = handler;
			return this;
		}

		/** Replaces the generated confirmation page. */
		public MagicLink pageRenderer(MagicLinkPageRenderer renderer) {
			this.pageRenderer = Objects.requireNonNull(renderer, "renderer must not be null");
			return this;
		}

		AuthenticationSuccessHandler successHandler() {
			if (this.successHandler != null) {
				return this.successHandler;
			}
			SavedRequestAwareAuthenticationSuccessHandler handler = new SavedRequestAwareAuthenticationSuccessHandler();
			handler.setDefaultTargetUrl(this.defaultSuccessUrl);
			return handler;
		}

		AuthenticationFailureHandler failureHandler(String loginProcessingUrl) {
			if (this.failureHandler != null) {
				return this.failureHandler;
			}
			String page = (this.loginPage != null) ? this.loginPage : loginProcessingUrl;
			return new SimpleUrlAuthenticationFailureHandler(page + "?error");
		}

	}

	/**
	 * What {@code SessionManagementFilter} is given: it tells whether a request carries a
	 * valid cookie session, and saves nothing. A login is saved by the filter that performs
	 * it (magic link, form login), with the real repository; the session management filter
	 * would otherwise also save whatever a stateless mechanism authenticated (a bearer token,
	 * HTTP Basic) into a session cookie, turning a short-lived token into an 8-hour session.
	 * Resolved on first use, after the chain is built.
	 */
	private static final class SessionLookup implements SecurityContextRepository {

		private final Supplier<TempIdSecurityContextRepository> repository;

		SessionLookup(Supplier<TempIdSecurityContextRepository> repository) {
			this.repository = repository;
		}

		@Override
		@Deprecated
		public SecurityContext loadContext(HttpRequestResponseHolder holder) {
			return this.repository.get().loadContext(holder);
		}

		@Override
		public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
			return this.repository.get().loadDeferredContext(request);
		}

		@Override
		public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
			// saves nothing: see the class comment
		}

		@Override
		public boolean containsContext(HttpServletRequest request) {
			return this.repository.get().containsContext(request);
		}

	}

	/** Settings of cookie sessions. */
	public static final class Session {

		private @Nullable TempIdSecurityContextRepository repository;

		/** The repository to use instead of the application's bean (or a default one). */
		public Session repository(TempIdSecurityContextRepository repository) {
			this.repository = Objects.requireNonNull(repository, "repository must not be null");
			return this;
		}

	}

	/** A request matcher for requests that carry a bearer token, for {@code securityMatcher}s and CSRF exemptions. */
	public static RequestMatcher bearerTokenRequests() {
		return (request) -> BearerTokens.isBearer(request.getHeader(HttpHeaders.AUTHORIZATION));
	}

}
