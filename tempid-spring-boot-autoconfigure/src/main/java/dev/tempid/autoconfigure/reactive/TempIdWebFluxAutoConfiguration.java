package dev.tempid.autoconfigure.reactive;

import dev.tempid.autoconfigure.TempIdConfigurationException;
import dev.tempid.autoconfigure.web.TempIdWebProperties;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.web.server.ReactiveConsumedTokenArgumentResolver;
import dev.tempid.web.server.ReactiveConsumesTokenBeanPostProcessor;
import dev.tempid.web.server.ServerRequestTokenReader;
import dev.tempid.web.server.ServerLinkBuilder;
import dev.tempid.web.server.ServerTempIdExceptionHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Auto-configuration of {@link dev.tempid.web.ConsumesToken} for Spring WebFlux: the
 * advising post-processor, the argument resolver for token parameters, the filter that
 * makes the exchange reachable from the controller's publisher, the problem-details
 * exception handler, and the {@link ServerLinkBuilder} of links that carry tokens. The
 * same {@code tempid.web.*} properties as Spring MVC.
 */
@AutoConfiguration(afterName = "dev.tempid.autoconfigure.reactive.TempIdReactiveAutoConfiguration")
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ WebFluxConfigurer.class, ReactiveTokenService.class })
@EnableConfigurationProperties(TempIdWebProperties.class)
public final class TempIdWebFluxAutoConfiguration {

	private static final Log logger = LogFactory.getLog(TempIdWebFluxAutoConfiguration.class);

	/** Builds the links that carry tokens from {@code tempid.web.base-url}, as on Spring MVC. */
	@Bean
	@ConditionalOnMissingBean
	ServerLinkBuilder tempIdServerLinkBuilder(TempIdWebProperties properties) {
		if (properties.getBaseUrl() == null && properties.getAllowedHosts().isEmpty()) {
			logger.warn("No public base URL is set: links carrying tokens (magic links, reset links) cannot be built "
					+ "and building one fails. Set 'tempid.web.base-url' to the application's public URL, for example "
					+ "https://example.com (or list the hosts links may use in 'tempid.web.allowed-hosts').");
		}
		try {
			return new ServerLinkBuilder(properties.getBaseUrl(), properties.getAllowedHosts());
		}
		catch (IllegalArgumentException ex) {
			throw new TempIdConfigurationException("'tempid.web.base-url' is not usable: " + ex.getMessage(),
					"Set 'tempid.web.base-url' to the public URL users reach the application at, such as "
							+ "https://example.com.");
		}
	}

	@Bean
	@ConditionalOnMissingBean
	static ReactiveConsumesTokenBeanPostProcessor reactiveConsumesTokenBeanPostProcessor(Environment environment) {
		return new ReactiveConsumesTokenBeanPostProcessor(new ServerRequestTokenReader(maxJsonBodySize(environment)));
	}

	@Bean
	@ConditionalOnMissingBean
	ServerWebExchangeContextFilter serverWebExchangeContextFilter() {
		return new ServerWebExchangeContextFilter();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "tempid.web.problem-details", matchIfMissing = true)
	ServerTempIdExceptionHandler serverTempIdExceptionHandler() {
		return new ServerTempIdExceptionHandler();
	}

	@Bean
	WebFluxConfigurer tempIdWebFluxConfigurer() {
		return new WebFluxConfigurer() {

			@Override
			public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
				configurer.addCustomResolver(new ReactiveConsumedTokenArgumentResolver());
			}

		};
	}

	// post-processors are created before properties beans: bind the one setting directly
	private static int maxJsonBodySize(Environment environment) {
		long bytes = Binder.get(environment)
			.bind("tempid.web.max-json-body-size", DataSize.class)
			.orElse(DataSize.ofKilobytes(64))
			.toBytes();
		if (bytes <= 0 || bytes > Integer.MAX_VALUE - 1) {
			throw new IllegalArgumentException("tempid.web.max-json-body-size must be between 1B and 2GB");
		}
		return (int) bytes;
	}

}
