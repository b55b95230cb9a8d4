package dev.tempid.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Locale;

import dev.tempid.KeyRing;
import dev.tempid.LocalKey;
import dev.tempid.PublicKey;
import dev.tempid.PublicKeyResolver;
import dev.tempid.PurposePolicy;
import dev.tempid.SecretKey;
import dev.tempid.TokenListener;
import dev.tempid.TokenService;
import dev.tempid.WeakSecretException;
import dev.tempid.autoconfigure.TempIdProperties.StoreType;
import dev.tempid.store.InMemoryUseStore;
import dev.tempid.store.UseStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.context.reactive.ReactiveWebApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures tempid: the {@link KeyRing} from {@code tempid.secret} or explicit
 * keys, a {@link Clock}, the in-memory {@link UseStore} (the Redis and JDBC stores have
 * their own auto-configurations), and the {@link TokenService}, to which the
 * {@link PublicKeyResolver} bean (such as the one {@code tempid.key-distribution.remote.url}
 * defines), every {@link TokenListener} bean and {@link TokenServiceBuilderCustomizer} is
 * applied.
 */
@AutoConfiguration(after = { TempIdRedisStoreAutoConfiguration.class, TempIdJdbcStoreAutoConfiguration.class })
@EnableConfigurationProperties(TempIdProperties.class)
public final class TempIdAutoConfiguration {

	private static final Log logger = LogFactory.getLog(TempIdAutoConfiguration.class);

	/** A value that is one placeholder, {@code ${NAME}} or {@code ${NAME:}}: nothing resolved it. */
	private static final Pattern UNRESOLVED_PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::[^}]*)?}");

	@Bean
	static TempIdPropertyNamesCheck tempIdPropertyNamesCheck() {
		return new TempIdPropertyNamesCheck();
	}

	@Bean
	@ConditionalOnMissingBean({ KeyRing.class, TokenService.class })
	KeyRing tempidKeyRing(TempIdProperties properties, ObjectProvider<PublicKeyResolver> publicKeyResolver) {
		return keyRing(properties, publicKeyResolver.getIfAvailable() != null);
	}

	@Bean
	@ConditionalOnMissingBean
	Clock tempidClock() {
		return Clock.systemUTC();
	}

	@Bean
	@ConditionalOnMissingBean(UseStore.class)
	@ConditionalOnProperty(name = "tempid.store.type", havingValue = "memory", matchIfMissing = true)
	InMemoryUseStore tempidUseStore(TempIdProperties properties, Clock clock) {
		return new InMemoryUseStore(clock, properties.getStore().getMemory().getMaxEntries());
	}

	@Bean
	@ConditionalOnMissingBean
	TokenService tokenService(TempIdProperties properties, KeyRing keyRing, Clock clock,
			ObjectProvider<UseStore> store, ObjectProvider<PublicKeyResolver> publicKeyResolver,
			ObjectProvider<TokenListener> listeners, ObjectProvider<TokenServiceBuilderCustomizer> customizers,
			ApplicationContext context) {
		UseStore useStore = store.getIfAvailable();
		if (useStore == null) {
			throw missingStore(properties.getStore().getType(), context instanceof ReactiveWebApplicationContext);
		}
		logger.info("tempid uses the " + useStore.getClass().getSimpleName() + " (tempid.store.type="
				+ properties.getStore().getType().name().toLowerCase(Locale.ROOT) + ")");
		TokenService.Builder builder = TokenService.builder()
			.keyRing(keyRing)
			.store(useStore)
			.clock(clock)
			.defaultTtl(properties.getDefaultTtl())
			.leeway(properties.getLeeway())
			.maxPayloadSize(properties.getMaxPayloadSize())
			.revocationChecks(properties.isRevocationChecks());
		if (properties.getIssuer() != null) {
			builder.issuer(properties.getIssuer());
		}
		if (properties.getAudience() != null) {
			builder.audience(properties.getAudience());
		}
		if (properties.getFormat() != null) {
			builder.defaultFormat(properties.getFormat());
		}
		properties.getPurposes().forEach((name, purpose) -> builder.purpose(name,
				new PurposePolicy(purpose.getTtl(), purpose.getMaxUses(), purpose.getAudience(), null,
						purpose.isSingleActive(), purpose.isRevocableBySubject())));
		publicKeyResolver.ifAvailable(builder::publicKeyResolver);
		properties.getPurposes().forEach((name, purpose) -> {
			if (purpose.getIssueLimit() != null) {
				builder.issueLimit(name, purpose.getIssueLimit());
			}
		});
		listeners.orderedStream().forEach(builder::listener);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	/**
	 * The configured keys; empty only when a {@link PublicKeyResolver} supplies the
	 * verification keys ({@code resolvesKeys}).
	 */
	static KeyRing keyRing(TempIdProperties properties, boolean resolvesKeys) {
		TempIdProperties.Keys keys = properties.getKeys();
		KeyRing ring = KeyRing.empty();
		List<String> unresolved = new ArrayList<>();
		String local = resolved("tempid.keys.local", keys.getLocal(), unresolved);
		String secret = resolved("tempid.secret", properties.getSecret(), unresolved);
		String signing = resolved("tempid.keys.signing", keys.getSigning(), unresolved);
		try {
			if (local != null) {
				ring = ring.and(KeyRing.of(LocalKey.fromPaserk(local), olderLocalKeys(properties)));
			}
			else if (secret != null) {
				ring = ring.and(KeyRing.of(LocalKey.fromSecret(secret), olderLocalKeys(properties)));
			}
			else if (!properties.getOlderSecrets().isEmpty()) {
				throw new TempIdConfigurationException(
						"'tempid.older-secrets' is set but there is no current 'tempid.secret'.",
						"Older secrets only verify tokens issued before a rotation: set the new secret in "
								+ "'tempid.secret' and keep the old one in 'tempid.older-secrets' until its last token expires.");
			}
			if (signing != null) {
				ring = ring.and(KeyRing.of(signingKey(signing)));
			}
			List<PublicKey> verification = keys.getVerification().stream().map(TempIdAutoConfiguration::publicKey).toList();
			if (!verification.isEmpty()) {
				ring = ring.and(KeyRing.verifyOnly(verification.toArray(PublicKey[]::new)));
			}
		}
		catch (WeakSecretException ex) {
			throw ex;
		}
		catch (IllegalArgumentException ex) {
			throw new TempIdConfigurationException("A key in 'tempid.keys' cannot be read: " + ex.getMessage() + ".",
					"Give PASERK strings: 'tempid.keys.local' and 'tempid.keys.local-older' take k4.local.…, "
							+ "'tempid.keys.signing' takes k4.secret.… (or an Ed25519 PEM PRIVATE KEY), "
							+ "'tempid.keys.verification' takes k4.public.… (or a PEM PUBLIC KEY). "
							+ "'java -jar tempid-core.jar keygen local|public' makes them.");
		}
		if (ring.activeLocalKey() == null && ring.activeSigningKey() == null) {
			if (properties.isAllowRandomSecret()) {
				logger.warn("tempid has no secret" + (unresolved.isEmpty() ? "" : " (" + String.join("; ", unresolved) + ")")
						+ " and uses a random key for this run (tempid.allow-random-secret=true): "
						+ "every token dies when the application restarts, and other instances cannot verify them. "
						+ "Set 'tempid.secret' for anything but a demo.");
				return ring.and(KeyRing.of(LocalKey.generate()));
			}
			if (!unresolved.isEmpty()) {
				throw new TempIdConfigurationException(
						"No secret or key is configured for tempid: " + String.join("; ", unresolved) + ".",
						"Set the missing environment variable (or property) to at least 32 random characters, such as "
								+ "the output of 'openssl rand -base64 48', for example 'export " + variable(unresolved)
								+ "=\"$(openssl rand -base64 48)\"'. For a demo only, 'tempid.allow-random-secret=true' "
								+ "starts with a random key that dies on restart.");
			}
			if (ring.isEmpty() && !resolvesKeys) {
				throw new TempIdConfigurationException("No secret or key is configured for tempid.",
						"Set 'tempid.secret' (for example through the TEMPID_SECRET environment variable) to at least "
								+ "32 random characters, such as the output of 'openssl rand -base64 48'. For a demo only, "
								+ "'tempid.allow-random-secret=true' starts with a random key that dies on restart.");
			}
		}
		return ring;
	}

	/**
	 * The value, or {@code null} when it is blank or an unresolved placeholder such as
	 * {@code ${TEMPID_SECRET}} (the binder keeps the placeholder text when nothing
	 * resolves it), which is then described in {@code unresolved}.
	 */
	private static @Nullable String resolved(String property, @Nullable String value, List<String> unresolved) {
		if (value == null || value.isBlank()) {
			return null;
		}
		Matcher placeholder = UNRESOLVED_PLACEHOLDER.matcher(value.strip());
		if (placeholder.matches()) {
			unresolved.add("'" + property + "' is '" + placeholder.group() + "', but the environment variable or "
					+ "property '" + placeholder.group(1) + "' is not set");
			return null;
		}
		return value;
	}

	private static String variable(List<String> unresolved) {
		Matcher name = Pattern.compile("variable or property '([^']+)'").matcher(unresolved.get(0));
		return name.find() ? name.group(1) : "TEMPID_SECRET";
	}

	/** The verify-only keys: 'tempid.keys.local-older' and the keys derived from 'tempid.older-secrets'. */
	private static LocalKey[] olderLocalKeys(TempIdProperties properties) {
		List<LocalKey> older = new ArrayList<>();
		properties.getKeys().getLocalOlder().stream().map(LocalKey::fromPaserk).forEach(older::add);
		List<String> secrets = properties.getOlderSecrets();
		for (int i = 0; i < secrets.size(); i++) {
			try {
				older.add(LocalKey.fromSecret(secrets.get(i)));
			}
			catch (WeakSecretException ex) {
				throw new TempIdConfigurationException("'tempid.older-secrets[" + i + "]' is too weak: " + ex.getMessage(),
						"A weak older secret lets anyone who guesses it forge tokens that still verify. Remove it (its "
								+ "tokens stop verifying) and give users new links.");
			}
		}
		return older.toArray(LocalKey[]::new);
	}

	private static SecretKey signingKey(String value) {
		return isPem(value) ? SecretKey.fromPem(value) : SecretKey.fromPaserk(value);
	}

	private static PublicKey publicKey(String value) {
		return isPem(value) ? PublicKey.fromPem(value) : PublicKey.fromPaserk(value);
	}

	private static boolean isPem(String value) {
		return value.strip().startsWith("-----BEGIN ");
	}

	private static TempIdConfigurationException missingStore(StoreType type, boolean reactive) {
		return switch (type) {
			case REDIS -> new TempIdConfigurationException(
					"tempid.store.type=redis, but no Redis use store could be created.",
					"Add the dependency 'org.springframework.boot:spring-boot-starter-data-redis' and configure "
							+ "'spring.data.redis.*', or define your own UseStore bean.");
			case JDBC -> reactive ? new TempIdConfigurationException(
					"tempid.store.type=jdbc, but no use store could be created: this reactive application has "
							+ "neither an R2DBC ConnectionFactory nor a JDBC DataSource.",
					"Add the dependency 'org.springframework.boot:spring-boot-starter-data-r2dbc' with the database's "
							+ "R2DBC driver and configure 'spring.r2dbc.*' (TokenService and ReactiveTokenService then "
							+ "both count through it), or define your own UseStore and ReactiveUseStore beans.")
					: new TempIdConfigurationException(
					"tempid.store.type=jdbc, but no JDBC use store could be created.",
					"Add the dependency 'org.springframework.boot:spring-boot-starter-jdbc' and a DataSource "
							+ "('spring.datasource.*'), or define your own UseStore bean.");
			case MEMORY -> new TempIdConfigurationException("No tempid UseStore bean is available.",
					"Define a UseStore bean or set 'tempid.store.type'.");
		};
	}

}
