package dev.tempid.autoconfigure;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.tempid.store.jdbc.JdbcUseStoreSchema;
import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.util.StreamUtils;

/**
 * Creates the tempid use table with the platform's bundled script
 * ({@code dev/tempid/store/jdbc/schema-<platform>.sql}; MariaDB uses MySQL's), under the
 * configured table name, as Spring Session JDBC does for its tables.
 */
public class TempIdJdbcStoreSchemaInitializer extends PropertiesBasedDataSourceScriptDatabaseInitializer<TempIdJdbcStoreProperties> {

	private final String tableName;

	public TempIdJdbcStoreSchemaInitializer(DataSource dataSource, TempIdJdbcStoreProperties properties) {
		super(dataSource, properties, Map.of(DatabaseDriver.MARIADB, "mysql"));
		this.tableName = properties.getTableName();
	}

	@Override
	protected void runScripts(Scripts scripts) {
		List<Resource> renamed = new ArrayList<>();
		Charset charset = (scripts.getEncoding() != null) ? scripts.getEncoding() : StandardCharsets.UTF_8;
		for (Resource script : scripts) {
			try {
				String sql = JdbcUseStoreSchema.rename(StreamUtils.copyToString(script.getInputStream(), charset),
						this.tableName);
				renamed.add(new ByteArrayResource(sql.getBytes(charset), script.getDescription()));
			}
			catch (IOException ex) {
				throw new IllegalStateException("cannot read " + script.getDescription(), ex);
			}
		}
		super.runScripts(new Scripts(renamed).continueOnError(scripts.isContinueOnError())
			.separator(scripts.getSeparator()).encoding(charset));
	}

}
