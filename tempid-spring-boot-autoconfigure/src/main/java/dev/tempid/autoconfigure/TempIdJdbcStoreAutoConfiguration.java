package dev.tempid.autoconfigure;

import javax.sql.DataSource;

import dev.tempid.store.UseStore;
import dev.tempid.store.jdbc.JdbcUseStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.sql.autoconfigure.init.OnDatabaseInitializationCondition;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The JDBC {@link UseStore}, for {@code tempid.store.type=jdbc}, on the application's
 * {@link DataSource}, with its schema initialized as {@code tempid.store.jdbc.*} says
 * (before the store, even when Boot's SQL initialization is switched off), the table
 * checked at start-up, and every call bounded by {@code tempid.store.timeout}.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(value = JdbcTemplate.class, name = "org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer")
@ConditionalOnProperty(name = "tempid.store.type", havingValue = "jdbc")
@EnableConfigurationProperties({ TempIdProperties.class, TempIdJdbcStoreProperties.class })
@Import(DatabaseInitializationDependencyConfigurer.class)
public final class TempIdJdbcStoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(UseStore.class)
	@ConditionalOnBean(DataSource.class)
	@DependsOnDatabaseInitialization
	JdbcUseStore tempidJdbcUseStore(DataSource dataSource, TempIdJdbcStoreProperties properties,
			TempIdProperties tempid) {
		JdbcUseStore store = new JdbcUseStore(dataSource, properties.getTableName());
		store.setCleanupCron(properties.getCleanupCron());
		store.setTimeout(tempid.getStore().getTimeout());
		TempIdJdbcStoreTableCheck.check(dataSource, store, properties, tempid.getStore().getTimeout());
		return store;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(DataSource.class)
	@Conditional(OnTempIdDatabaseInitializationCondition.class)
	TempIdJdbcStoreSchemaInitializer tempidJdbcStoreSchemaInitializer(DataSource dataSource,
			TempIdJdbcStoreProperties properties) {
		return new TempIdJdbcStoreSchemaInitializer(dataSource, properties);
	}

	static class OnTempIdDatabaseInitializationCondition extends OnDatabaseInitializationCondition {

		OnTempIdDatabaseInitializationCondition() {
			super("tempid JDBC use store", "tempid.store.jdbc.initialize-schema");
		}

	}

}
