package dev.tempid.autoconfigure;

import dev.tempid.TokenFormat;
import dev.tempid.actuate.TempIdEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

class TempIdRuntimeHintsTests {

	@Test
	void registeredThroughAotFactoriesThenCoversSchemaScriptsEnumsAndTheEndpoint() {
		RuntimeHints hints = new RuntimeHints();
		SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(hints, getClass().getClassLoader()));
		for (String platform : new String[] { "postgresql", "mysql", "h2", "sqlite" }) {
			assertThat(RuntimeHintsPredicates.resource().forResource("dev/tempid/store/jdbc/schema-" + platform + ".sql"))
				.accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onType(TempIdProperties.StoreType.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(TokenFormat.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(dev.tempid.IssueLimit.class, "valueOf"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(TempIdEndpoint.class)).accepts(hints);
	}

}
