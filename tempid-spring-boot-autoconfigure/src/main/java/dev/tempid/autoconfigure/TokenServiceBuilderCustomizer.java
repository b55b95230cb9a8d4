package dev.tempid.autoconfigure;

import dev.tempid.TokenService;

/**
 * Customizes the auto-configured {@link TokenService} before it is built, for example
 * with a {@link dev.tempid.StateResolver} per purpose. Applied in order
 * ({@link org.springframework.core.Ordered}).
 */
@FunctionalInterface
public interface TokenServiceBuilderCustomizer {

	void customize(TokenService.Builder builder);

}
