package dev.tempid.autoconfigure.web;

import dev.tempid.LocalKey;
import dev.tempid.TokenService;
import dev.tempid.web.ConsumesTokenBeanPostProcessor;
import dev.tempid.web.JsonBodyCachingFilter;
import dev.tempid.web.TempIdExceptionHandler;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

import static org.assertj.core.api.Assertions.assertThat;

class TempIdWebAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TempIdWebAutoConfiguration.class))
		.withUserConfiguration(Tokens.class);

	@Test
	void inAServletWebApplicationEveryPieceIsConfigured() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ConsumesTokenBeanPostProcessor.class)
			.hasSingleBean(JsonBodyCachingFilter.class)
			.hasSingleBean(TempIdExceptionHandler.class)
			.hasBean("tempIdWebMvcConfigurer"));
	}

	@Test
	void whenProblemDetailsAreSwitchedOffTheExceptionHandlerIsNotConfigured() {
		this.runner.withPropertyValues("tempid.web.problem-details=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TempIdExceptionHandler.class));
	}

	@Test
	void whenTheUserDefinesTheirOwnExceptionHandlerTheAutoConfiguredOneBacksOff() {
		this.runner.withUserConfiguration(OwnHandler.class)
			.run((context) -> assertThat(context).hasSingleBean(TempIdExceptionHandler.class)
				.hasBean("ownHandler"));
	}

	@Test
	void maxJsonBodySizeIsBound() {
		this.runner.withPropertyValues("tempid.web.max-json-body-size=1KB")
			.run((context) -> assertThat(context.getBean(TempIdWebProperties.class).getMaxJsonBodySize().toBytes())
				.isEqualTo(1024));
	}

	@Test
	void aBadMaxJsonBodySizeFailsStartUp() {
		this.runner.withPropertyValues("tempid.web.max-json-body-size=0B")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void withoutSpringMvcNothingIsConfigured() {
		this.runner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ConsumesTokenBeanPostProcessor.class));
	}

	@Test
	void outsideAWebApplicationNothingIsConfigured() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TempIdWebAutoConfiguration.class))
			.withUserConfiguration(Tokens.class)
			.run((context) -> assertThat(context).doesNotHaveBean(ConsumesTokenBeanPostProcessor.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class Tokens {

		@Bean
		TokenService tokenService() {
			return TokenService.builder().localKey(LocalKey.generate()).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnHandler {

		@Bean
		TempIdExceptionHandler ownHandler() {
			return new TempIdExceptionHandler();
		}

	}

}
