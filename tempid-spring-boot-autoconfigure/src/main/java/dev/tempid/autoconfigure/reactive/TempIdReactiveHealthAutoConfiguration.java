package dev.tempid.autoconfigure.reactive;

import dev.tempid.actuate.TempIdReactiveHealthIndicator;
import dev.tempid.store.reactive.ReactiveUseStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;

/**
 * The {@code tempidReactive} health of an application with a reactive use store: UP
 * when the store answers a ping, checked without blocking (beside the {@code tempid}
 * health of the blocking store, when the application has one too).
 */
@AutoConfiguration(after = TempIdReactiveAutoConfiguration.class)
@ConditionalOnClass({ Mono.class, ReactiveUseStore.class, AbstractReactiveHealthIndicator.class })
@ConditionalOnBean(ReactiveUseStore.class)
public final class TempIdReactiveHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "tempidReactiveHealthIndicator")
	TempIdReactiveHealthIndicator tempidReactiveHealthIndicator(ReactiveUseStore store) {
		return new TempIdReactiveHealthIndicator(store);
	}

}
