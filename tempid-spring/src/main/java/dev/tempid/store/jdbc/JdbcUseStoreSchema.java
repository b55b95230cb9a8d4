package dev.tempid.store.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.util.StreamUtils;

/**
 * The bundled schema scripts of {@link JdbcUseStore}
 * ({@code dev/tempid/store/jdbc/schema-<platform>.sql} and {@code schema-drop-<platform>.sql}),
 * rewritten for a custom table name. Platforms: {@code postgresql}, {@code mysql} (MariaDB
 * too), {@code h2} and {@code sqlite}. Without Spring Boot, run the script with Spring's
 * {@code ResourceDatabasePopulator}:
 *
 * <pre class="code">
 * new ResourceDatabasePopulator(JdbcUseStoreSchema.create("postgresql", "app_tempid_uses")).execute(dataSource);
 * </pre>
 */
public final class JdbcUseStoreSchema {

	/** The location of the bundled scripts; {@code @@platform@@} stands for the platform. */
	public static final String SCHEMA_LOCATION = "classpath:dev/tempid/store/jdbc/schema-@@platform@@.sql";

	/** The location of the bundled drop scripts. */
	public static final String DROP_LOCATION = "classpath:dev/tempid/store/jdbc/schema-drop-@@platform@@.sql";

	private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

	private static final Pattern NAMES = Pattern.compile("\\b(tempid_uses_expires_at_idx|tempid_uses)\\b");

	private JdbcUseStoreSchema() {
	}

	/** The script that creates the table (if absent) and its expiry index. */
	public static Resource create(String platform, String tableName) {
		return script("schema-" + platform(platform) + ".sql", tableName);
	}

	/** The script that drops the table. */
	public static Resource drop(String platform, String tableName) {
		return script("schema-drop-" + platform(platform) + ".sql", tableName);
	}

	/**
	 * Rewrites a script written for the default table {@code tempid_uses} for another table
	 * name: the table becomes {@code tableName} and its index
	 * {@code <tableName with '.' as '_'>_expires_at_idx}. Each name is replaced once, as a
	 * whole word.
	 */
	public static String rename(String sql, String tableName) {
		checkTableName(tableName);
		String index = tableName.replace('.', '_') + "_expires_at_idx";
		Matcher matcher = NAMES.matcher(sql);
		return matcher.replaceAll((match) -> Matcher.quoteReplacement(
				match.group(1).equals("tempid_uses") ? tableName : index));
	}

	/**
	 * {@link #rename(String, String)} of each script, read and written in {@code charset}:
	 * what a schema initializer runs for the configured table.
	 * @throws UncheckedIOException when a script cannot be read
	 */
	public static List<Resource> rename(Iterable<Resource> scripts, Charset charset, String tableName) {
		List<Resource> renamed = new ArrayList<>();
		for (Resource script : scripts) {
			try {
				String sql = rename(StreamUtils.copyToString(script.getInputStream(), charset), tableName);
				renamed.add(new ByteArrayResource(sql.getBytes(charset), script.getDescription()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read " + script.getDescription(), ex);
			}
		}
		return renamed;
	}

	/**
	 * Checks a table name: a plain SQL identifier, optionally schema-qualified (it is
	 * written into statements). Here rather than on {@link JdbcUseStore}, so that the R2DBC
	 * side checks it without loading Spring JDBC.
	 */
	static void checkTableName(String tableName) {
		if (!TABLE_NAME.matcher(Objects.requireNonNull(tableName, "tableName must not be null")).matches()) {
			throw new IllegalArgumentException("the table name must be a plain SQL identifier, optionally "
					+ "schema-qualified: letters, digits and underscores");
		}
	}

	private static String platform(String platform) {
		String name = Objects.requireNonNull(platform, "platform").toLowerCase(Locale.ROOT);
		return switch (name) {
			case "postgresql", "postgres" -> "postgresql";
			case "mysql", "mariadb" -> "mysql";
			case "h2" -> "h2";
			case "sqlite" -> "sqlite";
			default -> throw new IllegalArgumentException("tempid has no schema script for the platform '" + platform
					+ "'; bundled: postgresql, mysql (MariaDB too), h2, sqlite. Create the table yourself from one of them.");
		};
	}

	private static Resource script(String name, String tableName) {
		ClassPathResource resource = new ClassPathResource("dev/tempid/store/jdbc/" + name);
		try {
			String sql = StreamUtils.copyToString(resource.getInputStream(), StandardCharsets.UTF_8);
			return new ByteArrayResource(rename(sql, tableName).getBytes(StandardCharsets.UTF_8),
					resource.getDescription() + " for table " + tableName);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + resource.getDescription(), ex);
		}
	}

}
