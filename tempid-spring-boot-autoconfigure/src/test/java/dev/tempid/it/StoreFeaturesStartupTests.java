package dev.tempid.it;

import dev.tempid.Secrets;
import dev.tempid.security.TempIdConfigurer;
import dev.tempid.store.BareUseStore;
import dev.tempid.store.UseStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * An application's own store that cannot serve what the application configured fails at
 * start-up with what to do, never at a user's first login.
 */
class StoreFeaturesStartupTests {

	private static final String SECRET = "tempid.secret=" + Secrets.generate();

	@Test
	void whenCookieSessionsRunOnAStoreWithoutGenerationsThenStartUpFails() {
		assertThatException().isThrownBy(() -> start(SessionsApplication.class))
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains("tempid cookie sessions need a store that keeps "
					+ "subject generations").contains(BareUseStore.class.getName()));
	}

	@Test
	void whenASingleActivePurposeRunsOnAStoreWithoutGenerationsThenStartUpFails() {
		assertThatException()
			.isThrownBy(() -> start(BareStoreApplication.class, "tempid.purposes.password-reset.single-active=true"))
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains("keeps no subject generations")
				.contains("[password-reset]"));
	}

	@Test
	void whenAnIssueLimitRunsOnAStoreThatCountsNothingThenStartUpFails() {
		assertThatException()
			.isThrownBy(() -> start(BareStoreApplication.class, "tempid.purposes.magic-link.issue-limit=3 per 15m"))
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains("does not count events").contains("[magic-link]"));
	}

	@Test
	void whenTheBareStoreIsAskedForNothingItCannotDoThenTheApplicationStarts() {
		try (ConfigurableApplicationContext app = start(BareStoreApplication.class)) {
			assertThat(app.getBean(UseStore.class)).isInstanceOf(BareUseStore.class);
		}
	}

	private static ConfigurableApplicationContext start(Class<?> application, String... properties) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.SERVLET)
			.properties("server.port=0", SECRET, "spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return String.valueOf(root.getMessage());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class BareStoreApplication {

		@Bean
		BareUseStore useStore() {
			return new BareUseStore();
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class SessionsApplication extends BareStoreApplication {

		@Bean
		SecurityFilterChain security(HttpSecurity http) throws Exception {
			return http.with(TempIdConfigurer.tempId(), (tempId) -> tempId.session(Customizer.withDefaults())).build();
		}

	}

}
