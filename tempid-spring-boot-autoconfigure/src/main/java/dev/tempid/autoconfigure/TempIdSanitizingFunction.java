package dev.tempid.autoconfigure;

import java.util.Locale;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Actuator {@link SanitizingFunction} that hides tempid's secret and private key
 * material ({@code tempid.secret}, {@code tempid.keys.local},
 * {@code tempid.keys.local-older}, {@code tempid.keys.signing}, in any relaxed form such
 * as {@code TEMPID_SECRET}) from the {@code env} and {@code configprops} endpoints, even
 * when {@code management.endpoint.*.show-values=always}. Registered as the bean
 * {@code tempIdSanitizingFunction} when Spring Boot Actuator is on the classpath.
 *
 * @author tempid
 */
public final class TempIdSanitizingFunction implements SanitizingFunction {

	/**
	 * Whether the given property name holds tempid secret material.
	 * @param key a property name in any relaxed form
	 * @return {@code true} to hide its value
	 */
	public static boolean isSensitive(String key) {
		String name = key.toLowerCase(Locale.ROOT).replace('_', '.').replace("-", "");
		return name.startsWith("tempid.secret") || name.startsWith("tempid.keys.local")
				|| name.startsWith("tempid.keys.signing");
	}

	@Override
	public SanitizableData apply(SanitizableData data) {
		return isSensitive(data.getKey()) ? data.withSanitizedValue() : data;
	}

}
