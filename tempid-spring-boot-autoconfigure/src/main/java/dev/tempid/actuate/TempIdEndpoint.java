package dev.tempid.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.tempid.KeyRing;
import dev.tempid.LocalKey;
import dev.tempid.PurposePolicy;
import dev.tempid.SecretKey;
import dev.tempid.TokenFormat;
import dev.tempid.TokenService;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/tempid}: how tokens are made and checked here (what secure-token's
 * {@code export_config} was for). Key ids only: never a secret or key material.
 */
@Endpoint(id = "tempid")
public class TempIdEndpoint {

	private final Supplier<TokenService> tokens;

	private final String storeType;

	public TempIdEndpoint(Supplier<TokenService> tokens, String storeType) {
		this.tokens = tokens;
		this.storeType = storeType;
	}

	@ReadOperation
	public Map<String, Object> tempid() {
		TokenService tokens = this.tokens.get();
		KeyRing ring = tokens.keyRing();
		Map<String, Object> keys = new LinkedHashMap<>();
		LocalKey activeLocal = ring.activeLocalKey();
		SecretKey signing = ring.activeSigningKey();
		List<String> verifyOnly = new ArrayList<>(ring.keyIds());
		if (activeLocal != null) {
			keys.put("activeLocal", activeLocal.id());
			verifyOnly.remove(activeLocal.id());
		}
		if (signing != null) {
			keys.put("activeSigning", signing.id());
			verifyOnly.remove(signing.id());
		}
		keys.put("verifyOnly", verifyOnly);
		Map<String, Object> store = new LinkedHashMap<>();
		store.put("type", this.storeType);
		store.put("implementation", tokens.store().toString());
		Map<String, Object> purposes = new LinkedHashMap<>();
		tokens.purposes().forEach((name, policy) -> purposes.put(name, purpose(policy)));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("format", "PASETO");
		answer.put("version", "v4");
		answer.put("defaultFormat", (tokens.defaultFormat() == TokenFormat.LOCAL) ? "local" : "public");
		answer.put("keys", keys);
		answer.put("issuer", tokens.issuer());
		answer.put("audience", tokens.audience());
		answer.put("defaultTtl", tokens.defaultTtl().toString());
		answer.put("leeway", tokens.leeway().toString());
		answer.put("maxPayloadSize", tokens.maxPayloadSize());
		answer.put("revocationChecks", tokens.revocationChecks());
		answer.put("store", store);
		answer.put("purposes", purposes);
		return answer;
	}

	private static Map<String, Object> purpose(PurposePolicy policy) {
		Map<String, Object> purpose = new LinkedHashMap<>();
		Duration ttl = policy.ttl();
		purpose.put("ttl", (ttl != null) ? ttl.toString() : null);
		purpose.put("maxUses", policy.maxUses());
		purpose.put("audience", policy.audience());
		purpose.put("stateBound", policy.stateResolver() != null);
		return purpose;
	}

}
