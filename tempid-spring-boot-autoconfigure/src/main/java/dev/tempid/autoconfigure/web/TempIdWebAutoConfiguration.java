package dev.tempid.autoconfigure.web;

import java.util.List;

import dev.tempid.TokenService;
import dev.tempid.autoconfigure.TempIdAutoConfiguration;
import dev.tempid.web.ConsumedTokenArgumentResolver;
import dev.tempid.web.ConsumesTokenBeanPostProcessor;
import dev.tempid.web.JsonBodyCachingFilter;
import dev.tempid.web.LinkBuilder;
import dev.tempid.web.RequestTokenReader;
import dev.tempid.web.TempIdExceptionHandler;

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
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Auto-configuration of {@link dev.tempid.web.ConsumesToken} for Spring MVC: the advising
 * post-processor, the argument resolver for token parameters, the JSON body cache and
 * the problem-details exception handler.
 */
@AutoConfiguration(after = TempIdAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ DispatcherServlet.class, TokenService.class })
@EnableConfigurationProperties(TempIdWebProperties.class)
public final class TempIdWebAutoConfiguration {

	private static final Log logger = LogFactory.getLog(TempIdWebAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	LinkBuilder tempIdLinkBuilder(TempIdWebProperties properties) {
		if (properties.getBaseUrl() == null && properties.getAllowedHosts().isEmpty()) {
			logger.warn("No public base URL is set: links carrying tokens (magic links, reset links) cannot be built "
					+ "and building one fails. Set 'tempid.web.base-url' to the application's public URL, for example "
					+ "https://example.com (or list the hosts links may use in 'tempid.web.allowed-hosts').");
		}
		try {
			return new LinkBuilder(properties.getBaseUrl(), properties.getAllowedHosts());
		}
		catch (IllegalArgumentException ex) {
			throw new dev.tempid.autoconfigure.TempIdConfigurationException(
					"'tempid.web.base-url' is not usable: " + ex.getMessage(),
					"Set 'tempid.web.base-url' to the public URL users reach the application at, such as "
							+ "https://example.com.");
		}
	}

	@Bean
	@ConditionalOnMissingBean
	static ConsumesTokenBeanPostProcessor consumesTokenBeanPostProcessor(Environment environment) {
		return new ConsumesTokenBeanPostProcessor(new RequestTokenReader(maxJsonBodySize(environment)));
	}

	@Bean
	@ConditionalOnMissingBean
	JsonBodyCachingFilter tempIdJsonBodyCachingFilter(TempIdWebProperties properties) {
		return new JsonBodyCachingFilter(toInt(properties.getMaxJsonBodySize()));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "tempid.web.problem-details", matchIfMissing = true)
	TempIdExceptionHandler tempIdExceptionHandler() {
		return new TempIdExceptionHandler();
	}

	@Bean
	WebMvcConfigurer tempIdWebMvcConfigurer() {
		return new WebMvcConfigurer() {

			@Override
			public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
				resolvers.add(new ConsumedTokenArgumentResolver());
			}

		};
	}

	// post-processors are created before properties beans: bind the one setting directly
	private static int maxJsonBodySize(Environment environment) {
		return toInt(Binder.get(environment)
			.bind("tempid.web.max-json-body-size", DataSize.class)
			.orElse(DataSize.ofKilobytes(64)));
	}

	private static int toInt(DataSize size) {
		long bytes = size.toBytes();
		if (bytes <= 0 || bytes > Integer.MAX_VALUE - 1) {
			throw new IllegalArgumentException("tempid.web.max-json-body-size must be between 1B and 2GB");
		}
		return (int) bytes;
	}

}
