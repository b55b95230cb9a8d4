package dev.tempid.store;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;

import dev.tempid.PurposePolicy;

/**
 * What a store implements of the optional parts of its SPI, read once when a service is
 * built, so that a configuration the store cannot serve fails at start-up instead of at a
 * user's first login. An optional operation counts as implemented when the store's class
 * declares it (the SPI's own default only throws {@link UnsupportedOperationException}).
 * Works for {@link UseStore} and for a reactive store interface with the same method
 * names and parameters.
 */
public final class StoreFeatures {

	private StoreFeatures() {
	}

	/**
	 * A store that declares every operation and answers each through another store (for
	 * example a blocking face over a reactive store): what it serves is what the wrapped
	 * store declares.
	 */
	public interface Wrapper {

		/** The store every call is answered by. */
		Object wrappedStore();

		/** The SPI the wrapped store implements. */
		Class<?> wrappedApi();

	}

	/**
	 * Whether the store keeps subject generations (single-active and revocable-by-subject
	 * purposes, {@code revokeAll}, cookie sessions): it implements {@code generation},
	 * {@code advanceGenerations} and the generation-checking {@code consume}.
	 * @param store the store
	 * @param api the SPI it implements ({@code UseStore.class}, or the reactive one)
	 */
	public static boolean keepsSubjectGenerations(Object store, Class<?> api) {
		return declares(store, api, "generation", String.class, String.class, boolean.class, Duration.class)
				&& declares(store, api, "advanceGenerations", String.class, String.class)
				&& declares(store, api, "consume", String.class, int.class, Duration.class, Generation.class);
	}

	/**
	 * Whether the store counts events in windows (issue limits): it implements {@code count}.
	 * @param store the store
	 * @param api the SPI it implements
	 */
	public static boolean countsEvents(Object store, Class<?> api) {
		return declares(store, api, "count", String.class, int.class, Duration.class);
	}

	/**
	 * Checks that the store implements what the purposes and issue limits of a service need.
	 * @param store the store
	 * @param api the SPI it implements
	 * @param purposes the service's purpose policies
	 * @param limitedPurposes the purposes with an issue limit
	 * @throws IllegalStateException naming the purposes and what to do, when it does not
	 */
	public static void check(Object store, Class<?> api, Map<String, PurposePolicy> purposes,
			Collection<String> limitedPurposes) {
		TreeSet<String> perSubject = new TreeSet<>();
		purposes.forEach((purpose, policy) -> {
			if (policy.singleActive() || policy.revocableBySubject()) {
				perSubject.add(purpose);
			}
		});
		if (!perSubject.isEmpty() && !keepsSubjectGenerations(store, api)) {
			throw new IllegalStateException(store.getClass().getName() + " keeps no subject generations, but the "
					+ "purposes " + perSubject + " are single-active or revocable by subject: use a store that keeps "
					+ "them (the in-memory, Redis, JDBC or R2DBC store of tempid) or implement "
					+ api.getSimpleName() + ".generation, advanceGenerations and the Generation overloads of "
					+ "consume, retire and usage");
		}
		if (!limitedPurposes.isEmpty() && !countsEvents(store, api)) {
			throw new IllegalStateException(store.getClass().getName() + " does not count events, but the purposes "
					+ new TreeSet<>(limitedPurposes) + " have an issue limit: implement " + api.getSimpleName()
					+ ".count, use a store of tempid, or remove the limits");
		}
	}

	private static boolean declares(Object store, Class<?> api, String name, Class<?>... parameters) {
		if (store instanceof Wrapper wrapper) {
			// a store that answers every call through another serves what that one declares
			return declares(wrapper.wrappedStore(), wrapper.wrappedApi(), name, parameters);
		}
		try {
			Method method = store.getClass().getMethod(name, parameters);
			return method.getDeclaringClass() != api;
		}
		catch (NoSuchMethodException ex) {
			return false;
		}
	}

}
