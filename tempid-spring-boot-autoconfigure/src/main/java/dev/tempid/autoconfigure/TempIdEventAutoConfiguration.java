package dev.tempid.autoconfigure;

import dev.tempid.TokenListener;
import dev.tempid.event.TempIdEventPublisher;
import dev.tempid.event.TempIdRejectionLogger;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * What every application gets, with or without Actuator and Micrometer: each token
 * operation published as an application event, and each rejection logged at DEBUG with
 * its reason and token id (never the token). Both are {@link TokenListener} beans, which
 * {@link TempIdAutoConfiguration} applies to the {@code TokenService}.
 */
@AutoConfiguration
public final class TempIdEventAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TempIdEventPublisher tempIdEventPublisher(ApplicationEventPublisher publisher) {
		return new TempIdEventPublisher(publisher);
	}

	@Bean
	@ConditionalOnMissingBean
	TempIdRejectionLogger tempIdRejectionLogger() {
		return new TempIdRejectionLogger();
	}

}
