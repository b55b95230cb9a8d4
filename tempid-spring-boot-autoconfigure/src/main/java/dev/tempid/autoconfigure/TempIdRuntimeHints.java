package dev.tempid.autoconfigure;

import dev.tempid.IssueLimit;
import dev.tempid.TokenFormat;
import dev.tempid.actuate.TempIdEndpoint;
import dev.tempid.autoconfigure.TempIdProperties.StoreType;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What tempid needs at run time in an AOT-processed or native application: the JDBC
 * store's schema scripts, the enums and values bound from properties, and the actuator
 * endpoint.
 */
public class TempIdRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern("dev/tempid/store/jdbc/schema-*.sql");
		hints.reflection().registerType(StoreType.class, MemberCategory.values());
		hints.reflection().registerType(TokenFormat.class, MemberCategory.values());
		// tempid.purposes.*.issue-limit binds through IssueLimit.valueOf(String)
		hints.reflection().registerType(IssueLimit.class, MemberCategory.INVOKE_PUBLIC_METHODS);
		hints.reflection().registerType(TempIdEndpoint.class, MemberCategory.INVOKE_PUBLIC_METHODS);
	}

}
