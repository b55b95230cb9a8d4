package dev.tempid.autoconfigure;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md documents every property of the generated configuration
 * metadata, and the metadata describes every property.
 */
class ConfigurationDocTests {

	@Test
	void everyTempIdPropertyIsDescribedAndDocumented() throws Exception {
		JsonNode metadata;
		try (InputStream in = TempIdProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI()
			.resolve("META-INF/spring-configuration-metadata.json").toURL().openStream()) {
			metadata = JsonMapper.builder().build().readTree(in);
		}
		String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
		List<String> names = new ArrayList<>();
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			if (name.startsWith("tempid.") && !name.equals("tempid.purposes")) {
				names.add(name);
				assertThat(docs).as("docs/configuration.md documents %s", name).contains("`" + name + "`");
			}
		}
		assertThat(names).hasSizeGreaterThan(30).contains("tempid.secret", "tempid.store.type",
				"tempid.store.jdbc.table-name", "tempid.session.secure");
	}

}
