package dev.tempid.autoconfigure;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.sql.DataSource;

import dev.tempid.store.jdbc.JdbcUseStoreSchema;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.jdbc.init.PlatformPlaceholderDatabaseDriverResolver;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.core.io.Resource;

/**
 * Creates the tempid use table with the platform's bundled script
 * ({@code dev/tempid/store/jdbc/schema-<platform>.sql}; MariaDB uses MySQL's), under the
 * configured table name, as Spring Session JDBC does for its tables.
 */
public class TempIdJdbcStoreSchemaInitializer extends DataSourceScriptDatabaseInitializer {

	private final String tableName;

	public TempIdJdbcStoreSchemaInitializer(DataSource dataSource, TempIdJdbcStoreProperties properties) {
		super(dataSource, settings(dataSource, properties));
		this.tableName = properties.getTableName();
	}

	/** As Spring Boot reads its own initialization properties; MariaDB runs MySQL's script. */
	private static DatabaseInitializationSettings settings(DataSource dataSource, TempIdJdbcStoreProperties properties) {
		PlatformPlaceholderDatabaseDriverResolver platforms = new PlatformPlaceholderDatabaseDriverResolver()
			.withDriverPlatform(DatabaseDriver.MARIADB, "mysql");
		String platform = properties.getPlatform();
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setSchemaLocations((platform != null && !platform.isBlank())
				? platforms.resolveAll(platform, properties.getSchema())
				: platforms.resolveAll(dataSource, properties.getSchema()));
		settings.setMode(properties.getInitializeSchema());
		settings.setContinueOnError(properties.isContinueOnError());
		return settings;
	}

	@Override
	protected void runScripts(Scripts scripts) {
		Charset charset = (scripts.getEncoding() != null) ? scripts.getEncoding() : StandardCharsets.UTF_8;
		List<Resource> renamed = JdbcUseStoreSchema.rename(scripts, charset, this.tableName);
		super.runScripts(new Scripts(renamed).continueOnError(scripts.isContinueOnError())
			.separator(scripts.getSeparator()).encoding(charset));
	}

}
