package dev.tempid.store.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JdbcUseStoreSchemaTests {

	@Test
	void renameWhenTableNameEndsWithTheDefaultNameThenTheIndexIsNamedOnce() {
		String sql = JdbcUseStoreSchema.rename(
				"CREATE TABLE tempid_uses (id INT);\nCREATE INDEX tempid_uses_expires_at_idx ON tempid_uses (expires_at);",
				"userapp_tempid_uses");
		assertThat(sql).isEqualTo("CREATE TABLE userapp_tempid_uses (id INT);\n"
				+ "CREATE INDEX userapp_tempid_uses_expires_at_idx ON userapp_tempid_uses (expires_at);");
	}

	@Test
	void renameWhenTableIsSchemaQualifiedThenTheIndexNameHasNoDot() {
		assertThat(JdbcUseStoreSchema.rename("CREATE INDEX tempid_uses_expires_at_idx ON tempid_uses (x);", "app.uses"))
			.isEqualTo("CREATE INDEX app_uses_expires_at_idx ON app.uses (x);");
	}

	@Test
	void createWhenPlatformIsMariaDbThenTheMySqlScriptIsUsed() throws IOException {
		String sql = JdbcUseStoreSchema.create("mariadb", "my_uses").getContentAsString(StandardCharsets.UTF_8);
		assertThat(sql).contains("my_uses").contains("my_uses_expires_at_idx").doesNotContain("tempid_uses");
	}

	@Test
	void createWhenPlatformIsUnknownThenSaysWhichAreBundled() {
		assertThatIllegalArgumentException().isThrownBy(() -> JdbcUseStoreSchema.create("oracle", "t"))
			.withMessageContaining("postgresql, mysql");
	}

	@Test
	void createWhenTableNameIsNotAnIdentifierThenRefuses() {
		assertThatIllegalArgumentException().isThrownBy(() -> JdbcUseStoreSchema.create("h2", "t; DROP TABLE x"));
	}

}
