package dev.tempid.autoconfigure.reactive;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;
import org.springframework.boot.sql.init.dependency.DatabaseInitializerDetector;
import org.springframework.util.ClassUtils;

/**
 * A {@link DatabaseInitializerDetector} for {@link TempIdR2dbcStoreSchemaInitializer}, so
 * that beans which depend on database initialization (the R2DBC use store among them) are
 * created after the table. Detects nothing when R2DBC is not on the class path (the
 * initializer's class could not be loaded there).
 */
final class TempIdR2dbcStoreSchemaInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

	@Override
	protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
		ClassLoader classLoader = getClass().getClassLoader();
		if (!ClassUtils.isPresent("io.r2dbc.spi.ConnectionFactory", classLoader)
				|| !ClassUtils.isPresent("org.springframework.r2dbc.connection.init.ResourceDatabasePopulator",
						classLoader)) {
			return Set.of();
		}
		return Set.of(TempIdR2dbcStoreSchemaInitializer.class);
	}

}
