package dev.tempid.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.StreamUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fails start-up when a {@code tempid.*} property is unknown, as a misspelled
 * {@code tempid.purposes.password-reset.max-use} or {@code tempid.store.tpye} would
 * otherwise be ignored in silence (unlimited tokens, the in-memory store). The known
 * names are those of the generated configuration metadata
 * ({@code META-INF/spring-configuration-metadata.json}); purpose names are free, their
 * properties are not. Runs before any bean is created, and reports every unknown name
 * with the nearest known one (by edit distance) and where it was set.
 *
 * <p>Environment variables and JVM system properties are not checked: they are shared
 * with the rest of the process, and a {@code TEMPID_…} variable or a {@code -Dtempid.…}
 * property may belong to something else (a build, a script). Configuration files,
 * command-line arguments and every other property source are checked.
 */
class TempIdPropertyNamesCheck implements BeanFactoryPostProcessor, EnvironmentAware, Ordered {

	static final String PREFIX = "tempid";

	private static final String METADATA = "classpath*:META-INF/spring-configuration-metadata.json";

	private static final Log logger = LogFactory.getLog(TempIdPropertyNamesCheck.class);

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (this.environment instanceof ConfigurableEnvironment configurable) {
			check(configurable, KnownNames.load(beanFactory.getBeanClassLoader()));
		}
	}

	static void check(ConfigurableEnvironment environment, KnownNames known) {
		if (known.isEmpty()) {
			logger.debug("No configuration metadata for tempid on the class path: tempid.* names are not checked");
			return;
		}
		ConfigurationPropertyName prefix = ConfigurationPropertyName.of(PREFIX);
		Map<String, @Nullable Origin> unknown = new TreeMap<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			if (isProcessWide(source.getUnderlyingSource())
					|| !(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			for (ConfigurationPropertyName name : iterable) {
				if (prefix.isAncestorOf(name) && !known.contains(name)) {
					ConfigurationProperty property = iterable.getConfigurationProperty(name);
					unknown.putIfAbsent(name.toString(), (property != null) ? property.getOrigin() : null);
				}
			}
		}
		if (unknown.isEmpty()) {
			return;
		}
		StringBuilder problem = new StringBuilder();
		StringBuilder action = new StringBuilder();
		unknown.forEach((name, origin) -> {
			problem.append((problem.length() == 0) ? "" : "\n")
				.append("Unknown property '")
				.append(name)
				.append("'")
				.append((origin != null) ? " (" + origin + ")" : "")
				.append(".");
			String nearest = known.nearest(ConfigurationPropertyName.of(name));
			if (nearest != null) {
				action.append((action.length() == 0) ? "" : "\n")
					.append("Did you mean '")
					.append(nearest)
					.append("' instead of '")
					.append(name)
					.append("'?");
			}
		});
		action.append((action.length() == 0) ? "" : "\n")
			.append("tempid ignores no property under 'tempid.': fix or remove the name. "
					+ "docs/configuration.md lists every property.");
		throw new TempIdConfigurationException(problem.toString(), action.toString());
	}

	/** Environment variables and JVM system properties belong to the whole process, not only to tempid. */
	private static boolean isProcessWide(Object source) {
		return source instanceof SystemEnvironmentPropertySource || (source instanceof PropertySource<?> propertySource
				&& StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(propertySource.getName()));
	}

	/**
	 * The {@code tempid.*} names of the configuration metadata. A name may hold
	 * {@code *} for one free element (a map key, such as a purpose name); a map whose
	 * values are plain takes any key.
	 */
	static final class KnownNames {

		private final Set<String> exact = new LinkedHashSet<>();

		private final List<String[]> patterns = new ArrayList<>();

		private final Set<String> openMaps = new LinkedHashSet<>();

		private KnownNames() {
		}

		static KnownNames load(@Nullable ClassLoader classLoader) {
			KnownNames known = new KnownNames();
			JsonMapper json = JsonMapper.builder().build();
			try {
				Map<String, String> maps = new TreeMap<>();
				for (Resource resource : new PathMatchingResourcePatternResolver(classLoader).getResources(METADATA)) {
					String content;
					try (InputStream in = resource.getInputStream()) {
						content = StreamUtils.copyToString(in, StandardCharsets.UTF_8);
					}
					if (!content.contains("\"" + PREFIX + ".")) {
						continue;
					}
					JsonNode properties = json.readTree(content).get("properties");
					if (properties == null) {
						continue;
					}
					for (JsonNode property : properties) {
						String name = property.path("name").asString("");
						String type = property.path("type").asString("");
						if (!name.startsWith(PREFIX + ".")) {
							continue;
						}
						if (name.contains("*")) {
							known.patterns.add(name.split("\\."));
						}
						else if (type.startsWith("java.util.Map<")) {
							maps.put(name, type);
						}
						else {
							known.exact.add(name);
						}
					}
				}
				// a map with described entries (tempid.purposes.*.ttl) is closed; any other takes any key
				maps.keySet().stream()
					.filter((map) -> known.patterns.stream().noneMatch((p) -> String.join(".", p).startsWith(map + ".*.")))
					.forEach(known.openMaps::add);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Cannot read the configuration metadata; tempid.* names are not checked", ex);
				return new KnownNames();
			}
			return known;
		}

		boolean isEmpty() {
			return this.exact.isEmpty() && this.patterns.isEmpty();
		}

		boolean contains(ConfigurationPropertyName name) {
			List<String> elements = elements(name);
			String joined = String.join(".", elements);
			if (this.exact.contains(joined)) {
				return true;
			}
			for (String map : this.openMaps) {
				if (joined.startsWith(map + ".")) {
					return true;
				}
			}
			return this.patterns.stream().anyMatch((pattern) -> matches(pattern, elements));
		}

		/** The known name nearest to an unknown one, with its map keys filled in. */
		@Nullable String nearest(ConfigurationPropertyName name) {
			List<String> elements = elements(name);
			String joined = String.join(".", elements);
			String best = null;
			int bestDistance = Integer.MAX_VALUE;
			List<String> candidates = new ArrayList<>(this.exact);
			for (String[] pattern : this.patterns) {
				StringBuilder candidate = new StringBuilder();
				for (int i = 0; i < pattern.length; i++) {
					String element = ("*".equals(pattern[i]) && i < elements.size()) ? elements.get(i) : pattern[i];
					candidate.append((i > 0) ? "." : "").append(element);
				}
				candidates.add(candidate.toString());
			}
			for (String candidate : candidates) {
				int distance = distance(joined, candidate);
				if (distance < bestDistance) {
					best = candidate;
					bestDistance = distance;
				}
			}
			return best;
		}

		private static boolean matches(String[] pattern, List<String> elements) {
			if (pattern.length != elements.size()) {
				return false;
			}
			for (int i = 0; i < pattern.length; i++) {
				if (!"*".equals(pattern[i]) && !pattern[i].equals(elements.get(i))) {
					return false;
				}
			}
			return true;
		}

		/** The elements of a name, without list indexes ({@code keys.local-older[0]}). */
		private static List<String> elements(ConfigurationPropertyName name) {
			List<String> elements = new ArrayList<>();
			for (int i = 0; i < name.getNumberOfElements(); i++) {
				if (!name.isNumericIndex(i)) {
					elements.add(name.getElement(i, Form.DASHED));
				}
			}
			return elements;
		}

		/** Levenshtein distance. */
		static int distance(String a, String b) {
			int[] previous = new int[b.length() + 1];
			int[] current = new int[b.length() + 1];
			for (int j = 0; j <= b.length(); j++) {
				previous[j] = j;
			}
			for (int i = 1; i <= a.length(); i++) {
				current[0] = i;
				for (int j = 1; j <= b.length(); j++) {
					int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
					current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
				}
				int[] swap = previous;
				previous = current;
				current = swap;
			}
			return previous[b.length()];
		}

	}

}
