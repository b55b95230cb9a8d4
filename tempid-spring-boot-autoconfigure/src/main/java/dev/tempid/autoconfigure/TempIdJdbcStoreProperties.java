package dev.tempid.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;

/**
 * Configuration properties of the JDBC use store.
 */
@ConfigurationProperties("tempid.store.jdbc")
public class TempIdJdbcStoreProperties extends DatabaseInitializationProperties {

	private static final String DEFAULT_SCHEMA_LOCATION = "classpath:dev/tempid/store/jdbc/schema-@@platform@@.sql";

	/**
	 * Name of the table that holds use counts. The bundled schema scripts create it under
	 * this name.
	 */
	private String tableName = "tempid_uses";

	/**
	 * Cron expression for the deletion of expired rows; '-' disables it.
	 */
	private String cleanupCron = "0 * * * * *";

	public String getTableName() {
		return this.tableName;
	}

	public void setTableName(String tableName) {
		this.tableName = tableName;
	}

	public String getCleanupCron() {
		return this.cleanupCron;
	}

	public void setCleanupCron(String cleanupCron) {
		this.cleanupCron = cleanupCron;
	}

	@Override
	public String getDefaultSchemaLocation() {
		return DEFAULT_SCHEMA_LOCATION;
	}

}
