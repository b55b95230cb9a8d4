package dev.tempid.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * Configuration properties of the JDBC use store, and of the R2DBC store on the same
 * table. Stand-alone (not Spring Boot's JDBC {@code DatabaseInitializationProperties}), so
 * that a reactive application on R2DBC, without spring-boot-jdbc, can bind them; binding
 * needs spring-boot-sql, which both spring-boot-jdbc and spring-boot-r2dbc bring.
 */
@ConfigurationProperties("tempid.store.jdbc")
public class TempIdJdbcStoreProperties {

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

	/**
	 * Path to the SQL file to use to initialize the database schema.
	 */
	private String schema = DEFAULT_SCHEMA_LOCATION;

	/**
	 * Platform to use in initialization scripts if the @@platform@@ placeholder is used.
	 * Auto-detected by default.
	 */
	private @Nullable String platform;

	/**
	 * Database schema initialization mode.
	 */
	private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.EMBEDDED;

	/**
	 * Whether initialization should continue when an error occurs when applying a schema
	 * script.
	 */
	private boolean continueOnError = true;

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

	public String getSchema() {
		return this.schema;
	}

	public void setSchema(String schema) {
		this.schema = schema;
	}

	public @Nullable String getPlatform() {
		return this.platform;
	}

	public void setPlatform(@Nullable String platform) {
		this.platform = platform;
	}

	public DatabaseInitializationMode getInitializeSchema() {
		return this.initializeSchema;
	}

	public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
		this.initializeSchema = initializeSchema;
	}

	public boolean isContinueOnError() {
		return this.continueOnError;
	}

	public void setContinueOnError(boolean continueOnError) {
		this.continueOnError = continueOnError;
	}

	/** The bundled scripts' location, with the {@code @@platform@@} placeholder. */
	public String getDefaultSchemaLocation() {
		return DEFAULT_SCHEMA_LOCATION;
	}

}
