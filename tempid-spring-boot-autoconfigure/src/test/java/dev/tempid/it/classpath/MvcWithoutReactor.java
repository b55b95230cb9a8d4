package dev.tempid.it.classpath;

import java.util.Map;

import dev.tempid.Secrets;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.security.MagicLinkGenerator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring MVC application run by {@link LeanClassPathTests} in a JVM of its own whose class
 * path has no Reactor, WebFlux, Netty or Redis client: it starts on the in-memory store,
 * spends a token twice and reports what happened on its standard output.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class MvcWithoutReactor {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(MvcWithoutReactor.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		application.setDefaultProperties(Map.of("server.port", "0", "spring.main.banner-mode", "off", "tempid.secret",
				Secrets.generate()));
		try (ConfigurableApplicationContext context = application.run(args)) {
			WebFluxWithoutJdbc.report("reactor-on-class-path", WebFluxWithoutJdbc.present("reactor.core.publisher.Mono"));
			TokenService tokens = context.getBean(TokenService.class);
			WebFluxWithoutJdbc.report("blocking-store", tokens.store().getClass().getSimpleName());
			WebFluxWithoutJdbc.report("magic-links", context.getBeanNamesForType(MagicLinkGenerator.class).length);
			String token = tokens.issue(TokenRequest.forPurpose("once").subject("alice").maxUses(1).build()).value();
			WebFluxWithoutJdbc.report("blocking-consume", tokens.consume(token, "once").subject());
			WebFluxWithoutJdbc.report("second-consume", tokens.tryConsume(token, "once").isPresent());
		}
	}

}
