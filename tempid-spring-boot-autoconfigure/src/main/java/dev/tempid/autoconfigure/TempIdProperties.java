package dev.tempid.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tempid.IssueLimit;
import dev.tempid.TokenFormat;
import dev.tempid.TokenService;
import dev.tempid.store.InMemoryUseStore;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for tempid.
 */
@ConfigurationProperties("tempid")
public class TempIdProperties {

	/**
	 * Shared secret from which the v4.local key is derived (HKDF-SHA-256). At least 32
	 * random characters, for example the output of 'openssl rand -base64 48'. Every
	 * instance that shares it can verify the others' tokens. Ignored when
	 * 'tempid.keys.local' is set.
	 */
	private @Nullable String secret;

	/**
	 * Older shared secrets whose keys only verify (and decrypt) tokens, never issue them:
	 * keep the secret you rotated away from here until its last token has expired. Each
	 * must pass the same strength check as 'tempid.secret'.
	 */
	private List<String> olderSecrets = new ArrayList<>();

	/**
	 * Whether to start with a random per-run key when no secret or key is configured.
	 * For demos only: every token dies when the application restarts.
	 */
	private boolean allowRandomSecret;

	/**
	 * Format of issued tokens: 'local' (encrypted, v4.local) or 'public' (signed,
	 * v4.public). Defaults to local when a local key or secret is configured.
	 */
	private @Nullable TokenFormat format;

	/**
	 * Issuer ('iss') of issued tokens; when set, verified tokens must carry it.
	 */
	private @Nullable String issuer;

	/**
	 * Default audience ('aud') of issued tokens and the audience verified tokens must
	 * carry.
	 */
	private @Nullable String audience;

	/**
	 * Lifetime of tokens whose request and purpose name none.
	 */
	private Duration defaultTtl = TokenService.DEFAULT_TTL;

	/**
	 * Clock skew forgiven when checking expiry and not-before.
	 */
	private Duration leeway = TokenService.DEFAULT_LEEWAY;

	/**
	 * Largest encoded application payload ('data' claim), in bytes.
	 */
	private int maxPayloadSize = TokenService.DEFAULT_MAX_PAYLOAD_SIZE;

	/**
	 * Whether verification consults the use store for revocations (one store read per
	 * verify), and consuming counts tokens without a use limit so they can be revoked.
	 */
	private boolean revocationChecks;

	/**
	 * Explicit keys, as PASERK strings, instead of or beside the secret.
	 */
	private final Keys keys = new Keys();

	/**
	 * Per-purpose settings, keyed by purpose name.
	 */
	private final Map<String, Purpose> purposes = new LinkedHashMap<>();

	/**
	 * Where use counts and revocations are kept.
	 */
	private final Store store = new Store();

	public @Nullable String getSecret() {
		return this.secret;
	}

	public void setSecret(@Nullable String secret) {
		this.secret = secret;
	}

	public List<String> getOlderSecrets() {
		return this.olderSecrets;
	}

	public void setOlderSecrets(List<String> olderSecrets) {
		this.olderSecrets = olderSecrets;
	}

	public boolean isAllowRandomSecret() {
		return this.allowRandomSecret;
	}

	public void setAllowRandomSecret(boolean allowRandomSecret) {
		this.allowRandomSecret = allowRandomSecret;
	}

	public @Nullable TokenFormat getFormat() {
		return this.format;
	}

	public void setFormat(@Nullable TokenFormat format) {
		this.format = format;
	}

	public @Nullable String getIssuer() {
		return this.issuer;
	}

	public void setIssuer(@Nullable String issuer) {
		this.issuer = issuer;
	}

	public @Nullable String getAudience() {
		return this.audience;
	}

	public void setAudience(@Nullable String audience) {
		this.audience = audience;
	}

	public Duration getDefaultTtl() {
		return this.defaultTtl;
	}

	public void setDefaultTtl(Duration defaultTtl) {
		this.defaultTtl = defaultTtl;
	}

	public Duration getLeeway() {
		return this.leeway;
	}

	public void setLeeway(Duration leeway) {
		this.leeway = leeway;
	}

	public int getMaxPayloadSize() {
		return this.maxPayloadSize;
	}

	public void setMaxPayloadSize(int maxPayloadSize) {
		this.maxPayloadSize = maxPayloadSize;
	}

	public boolean isRevocationChecks() {
		return this.revocationChecks;
	}

	public void setRevocationChecks(boolean revocationChecks) {
		this.revocationChecks = revocationChecks;
	}

	public Keys getKeys() {
		return this.keys;
	}

	public Map<String, Purpose> getPurposes() {
		return this.purposes;
	}

	public Store getStore() {
		return this.store;
	}

	/**
	 * Explicit keys as PASERK strings.
	 */
	public static class Keys {

		/**
		 * Active v4.local key ('k4.local.…'): encrypts new tokens. Takes precedence over
		 * 'tempid.secret'.
		 */
		private @Nullable String local;

		/**
		 * Older v4.local keys ('k4.local.…') that only decrypt, kept until their last
		 * token expires.
		 */
		private List<String> localOlder = new ArrayList<>();

		/**
		 * Ed25519 signing key ('k4.secret.…', or an Ed25519 PEM PRIVATE KEY) for v4.public
		 * tokens.
		 */
		private @Nullable String signing;

		/**
		 * Public keys ('k4.public.…', or Ed25519 PEM PUBLIC KEYs) that verify v4.public tokens
		 * signed elsewhere or by older signing keys.
		 */
		private List<String> verification = new ArrayList<>();

		public @Nullable String getLocal() {
			return this.local;
		}

		public void setLocal(@Nullable String local) {
			this.local = local;
		}

		public List<String> getLocalOlder() {
			return this.localOlder;
		}

		public void setLocalOlder(List<String> localOlder) {
			this.localOlder = localOlder;
		}

		public @Nullable String getSigning() {
			return this.signing;
		}

		public void setSigning(@Nullable String signing) {
			this.signing = signing;
		}

		public List<String> getVerification() {
			return this.verification;
		}

		public void setVerification(List<String> verification) {
			this.verification = verification;
		}

	}

	/**
	 * Settings of one purpose.
	 */
	public static class Purpose {

		/**
		 * Lifetime of tokens of this purpose.
		 */
		private @Nullable Duration ttl;

		/**
		 * Most uses of tokens of this purpose; 0 is unlimited.
		 */
		private int maxUses;

		/**
		 * Audience tokens of this purpose are issued for and checked against.
		 */
		private @Nullable String audience;

		/**
		 * Most tokens of this purpose issued for one subject within a window, as
		 * '<count> per <duration>', for example '3 per 15m'; counted in the use store.
		 * Beyond it issuing fails with TOO_MANY_ISSUED (429 with Retry-After over HTTP).
		 */
		private @Nullable IssueLimit issueLimit;

		/**
		 * Whether a new token of this purpose for a subject ends the earlier ones of the same
		 * subject and purpose (only the latest reset or magic link works). Costs one store
		 * round trip per issue, and every verify of these tokens reads the store (consuming
		 * checks it in the same step as the use). Implies 'revocable-by-subject'.
		 */
		private boolean singleActive;

		/**
		 * Whether tokens of this purpose carry their subject's generation, so that
		 * TokenService.revokeAll (sign out everywhere) ends them. Costs one store round trip
		 * per issue, and every verify of these tokens reads the store (consuming checks it in
		 * the same step as the use).
		 */
		private boolean revocableBySubject;

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		public int getMaxUses() {
			return this.maxUses;
		}

		public void setMaxUses(int maxUses) {
			this.maxUses = maxUses;
		}

		public @Nullable String getAudience() {
			return this.audience;
		}

		public void setAudience(@Nullable String audience) {
			this.audience = audience;
		}

		public @Nullable IssueLimit getIssueLimit() {
			return this.issueLimit;
		}

		public void setIssueLimit(@Nullable IssueLimit issueLimit) {
			this.issueLimit = issueLimit;
		}

		public boolean isSingleActive() {
			return this.singleActive;
		}

		public void setSingleActive(boolean singleActive) {
			this.singleActive = singleActive;
		}

		public boolean isRevocableBySubject() {
			return this.revocableBySubject;
		}

		public void setRevocableBySubject(boolean revocableBySubject) {
			this.revocableBySubject = revocableBySubject;
		}

	}

	/**
	 * Use store settings.
	 */
	public static class Store {

		/**
		 * Type of use store: 'memory' (one instance), 'redis' or 'jdbc' (shared by every
		 * instance).
		 */
		private StoreType type = StoreType.MEMORY;

		/**
		 * Longest wait of each call to the Redis or JDBC use store (and the reactive Redis
		 * and R2DBC stores), whatever the client's own timeouts: past it the call fails closed (STORE_UNAVAILABLE) and nothing is
		 * queued to run later.
		 */
		private Duration timeout = Duration.ofSeconds(2);

		/**
		 * In-memory store settings.
		 */
		private final Memory memory = new Memory();

		/**
		 * Redis store settings.
		 */
		private final Redis redis = new Redis();

		public StoreType getType() {
			return this.type;
		}

		public void setType(StoreType type) {
			this.type = type;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Memory getMemory() {
			return this.memory;
		}

		public Redis getRedis() {
			return this.redis;
		}

	}

	/**
	 * In-memory store settings.
	 */
	public static class Memory {

		/**
		 * Most entries held at once; when full of live entries, consuming fails closed.
		 */
		private int maxEntries = InMemoryUseStore.DEFAULT_MAX_ENTRIES;

		public int getMaxEntries() {
			return this.maxEntries;
		}

		public void setMaxEntries(int maxEntries) {
			this.maxEntries = maxEntries;
		}

	}

	/**
	 * Redis store settings.
	 */
	public static class Redis {

		/**
		 * Prefix of the Redis keys; each key is '<prefix>{<token id>}'.
		 */
		private String keyPrefix = "tempid:";

		/**
		 * How many replicas must acknowledge a use (WAIT) before it is granted, so that a
		 * failover never forgets a granted use; 0 (the default) waits for none. When fewer
		 * acknowledge in time, the consume fails closed (STORE_UNAVAILABLE) and the use stays
		 * spent.
		 */
		private int replicaAcks;

		/**
		 * Longest wait for the replica acknowledgements; shorter than tempid.store.timeout.
		 */
		private Duration replicaAckTimeout = Duration.ofMillis(500);

		/**
		 * Redis Cluster settings of the store's own connection.
		 */
		private final Cluster cluster = new Cluster();

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public int getReplicaAcks() {
			return this.replicaAcks;
		}

		public void setReplicaAcks(int replicaAcks) {
			this.replicaAcks = replicaAcks;
		}

		public Duration getReplicaAckTimeout() {
			return this.replicaAckTimeout;
		}

		public void setReplicaAckTimeout(Duration replicaAckTimeout) {
			this.replicaAckTimeout = replicaAckTimeout;
		}

		public Cluster getCluster() {
			return this.cluster;
		}

	}

	/**
	 * Redis Cluster settings of the store's own connection (used only when
	 * spring.data.redis.cluster.nodes is set).
	 */
	public static class Cluster {

		/**
		 * Period of the cluster topology refresh of the store's connection, so that it
		 * follows a failover within seconds; 0 turns the periodic refresh off.
		 */
		private Duration topologyRefreshPeriod = Duration.ofSeconds(2);

		/**
		 * Whether redirects, persistent reconnects and uncovered slots trigger a topology
		 * refresh at once (at most once per refresh period).
		 */
		private boolean adaptiveTopologyRefresh = true;

		public Duration getTopologyRefreshPeriod() {
			return this.topologyRefreshPeriod;
		}

		public void setTopologyRefreshPeriod(Duration topologyRefreshPeriod) {
			this.topologyRefreshPeriod = topologyRefreshPeriod;
		}

		public boolean isAdaptiveTopologyRefresh() {
			return this.adaptiveTopologyRefresh;
		}

		public void setAdaptiveTopologyRefresh(boolean adaptiveTopologyRefresh) {
			this.adaptiveTopologyRefresh = adaptiveTopologyRefresh;
		}

	}

	/**
	 * The types of use store.
	 */
	public enum StoreType {

		/** This JVM's memory: one application instance. */
		MEMORY,

		/** Redis, through Spring Data Redis. */
		REDIS,

		/** A relational database, through Spring JDBC. */
		JDBC

	}

}
