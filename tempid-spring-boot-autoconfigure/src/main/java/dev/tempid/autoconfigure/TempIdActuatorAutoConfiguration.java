package dev.tempid.autoconfigure;

import java.util.Locale;

import dev.tempid.TokenService;
import dev.tempid.actuate.TempIdEndpoint;
import dev.tempid.actuate.TempIdHealthIndicator;
import dev.tempid.actuate.TempIdMetrics;
import dev.tempid.store.UseStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * What operators see through Micrometer and Spring Boot Actuator: the
 * {@code tempid.tokens} observation (a timer, and a span with tracing), the
 * {@code tempid} health indicator, the {@code /actuator/tempid} endpoint, and the
 * sanitizing function that masks tempid's secrets in {@code /actuator/env} and
 * {@code /actuator/configprops}. Each part needs its library on the classpath.
 */
@AutoConfiguration(after = { MetricsAutoConfiguration.class, ObservationAutoConfiguration.class,
		CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class })
@EnableConfigurationProperties(TempIdProperties.class)
public final class TempIdActuatorAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ObservationRegistry.class, MeterRegistry.class })
	static class MetricsConfiguration {

		/**
		 * Observations through the application's registry; with only a MeterRegistry,
		 * through a registry that records each observation as a timer.
		 */
		@Bean
		@ConditionalOnMissingBean
		TempIdMetrics tempIdMetrics(ObjectProvider<ObservationRegistry> observations, ObjectProvider<MeterRegistry> meters,
				TempIdProperties properties) {
			ObservationRegistry registry = observations.getIfAvailable(() -> {
				MeterRegistry meterRegistry = meters.getIfAvailable();
				if (meterRegistry == null) {
					return ObservationRegistry.NOOP;
				}
				ObservationRegistry own = ObservationRegistry.create();
				own.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
				return own;
			});
			return new TempIdMetrics(registry, properties.getPurposes().keySet());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "tempidHealthIndicator")
		TempIdHealthIndicator tempidHealthIndicator(@Lazy UseStore store) {
			return new TempIdHealthIndicator(store);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TempIdEndpoint tempIdEndpoint(ObjectProvider<TokenService> tokens, TempIdProperties properties) {
			return new TempIdEndpoint(tokens::getObject, properties.getStore().getType().name().toLowerCase(Locale.ROOT));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class SanitizingConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "tempIdSanitizingFunction")
		TempIdSanitizingFunction tempIdSanitizingFunction() {
			return new TempIdSanitizingFunction();
		}

	}

}
