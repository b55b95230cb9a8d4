package dev.tempid.autoconfigure.reactive;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.tempid.autoconfigure.TempIdJdbcStoreProperties;
import dev.tempid.store.jdbc.JdbcUseStore.Dialect;
import dev.tempid.store.jdbc.JdbcUseStoreSchema;
import dev.tempid.store.r2dbc.R2dbcUseStore;
import io.r2dbc.spi.ConnectionFactory;
import org.springframework.boot.sql.init.AbstractScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.core.io.Resource;
import org.springframework.r2dbc.connection.init.ResourceDatabasePopulator;

/**
 * Creates the tempid use table through the application's R2DBC {@link ConnectionFactory},
 * for a reactive application with no JDBC {@code DataSource}: the bundled script of the
 * database's platform ({@code dev/tempid/store/jdbc/schema-<platform>.sql}, the one the
 * JDBC side runs; MariaDB uses MySQL's) or {@code tempid.store.jdbc.schema}, under the
 * configured table name, run by Spring R2DBC's {@link ResourceDatabasePopulator}, as
 * {@code tempid.store.jdbc.initialize-schema} says. The databases of the R2DBC store
 * (PostgreSQL, MySQL, MariaDB) are never embedded: only {@code always} creates the table.
 */
public class TempIdR2dbcStoreSchemaInitializer extends AbstractScriptDatabaseInitializer {

	private static final String PLATFORM_PLACEHOLDER = "@@platform@@";

	private final ConnectionFactory connectionFactory;

	private final String tableName;

	public TempIdR2dbcStoreSchemaInitializer(ConnectionFactory connectionFactory, TempIdJdbcStoreProperties properties) {
		super(settings(connectionFactory, properties));
		this.connectionFactory = connectionFactory;
		this.tableName = properties.getTableName();
	}

	private static DatabaseInitializationSettings settings(ConnectionFactory connectionFactory,
			TempIdJdbcStoreProperties properties) {
		String location = properties.getSchema();
		if (location.contains(PLATFORM_PLACEHOLDER)) {
			String platform = (properties.getPlatform() != null) ? properties.getPlatform()
					: platform(R2dbcUseStore.dialectOf(connectionFactory));
			location = location.replace(PLATFORM_PLACEHOLDER, platform);
		}
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		settings.setSchemaLocations(List.of(location));
		settings.setMode(properties.getInitializeSchema());
		settings.setContinueOnError(properties.isContinueOnError());
		return settings;
	}

	private static String platform(Dialect dialect) {
		return (dialect == Dialect.POSTGRESQL) ? "postgresql" : "mysql";
	}

	/** PostgreSQL, MySQL and MariaDB, the R2DBC store's databases, are never embedded. */
	@Override
	protected boolean isEmbeddedDatabase() {
		return false;
	}

	@Override
	protected void runScripts(Scripts scripts) {
		Charset charset = (scripts.getEncoding() != null) ? scripts.getEncoding() : StandardCharsets.UTF_8;
		List<Resource> renamed = JdbcUseStoreSchema.rename(scripts, charset, this.tableName);
		ResourceDatabasePopulator populator = new ResourceDatabasePopulator();
		populator.setContinueOnError(scripts.isContinueOnError());
		populator.setSeparator(scripts.getSeparator());
		populator.setSqlScriptEncoding(charset.name());
		renamed.forEach(populator::addScript);
		populator.populate(this.connectionFactory).block();
	}

}
