package dev.tempid.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import dev.tempid.PublicKeyResolver;
import dev.tempid.TokenService;
import dev.tempid.keys.PublishedKeys;
import dev.tempid.keys.RemotePublicKeyResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Publishes this service's v4.public keys ({@code tempid.key-distribution.publish.*}) and
 * fetches another's ({@code tempid.key-distribution.remote.url}) through a
 * {@link RemotePublicKeyResolver}, which {@link TempIdAutoConfiguration} gives the
 * {@code TokenService}.
 */
@AutoConfiguration(before = TempIdAutoConfiguration.class)
@EnableConfigurationProperties(TempIdKeyDistributionProperties.class)
public final class TempIdKeyDistributionAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(RouterFunction.class)
	@ConditionalOnProperty(name = "tempid.key-distribution.publish.enabled", havingValue = "true")
	static class PublishConfiguration {

		@Bean
		RouterFunction<ServerResponse> tempidPublishedKeys(TempIdKeyDistributionProperties properties,
				ObjectProvider<TokenService> tokens) {
			return RouterFunctions.route()
				.GET(properties.getPublish().getPath(), (request) -> ServerResponse.ok()
					.cacheControl(CacheControl.maxAge(properties.getPublish().getMaxAge()))
					.body(PublishedKeys.of(tokens.getObject().keyRing())))
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClient.class)
	@ConditionalOnProperty("tempid.key-distribution.remote.url")
	static class RemoteConfiguration {

		@Bean
		@ConditionalOnMissingBean(PublicKeyResolver.class)
		RemotePublicKeyResolver tempidRemotePublicKeyResolver(TempIdKeyDistributionProperties properties,
				ObjectProvider<Clock> clock) {
			TempIdKeyDistributionProperties.Remote remote = properties.getRemote();
			try {
				return new RemotePublicKeyResolver(remote.getUrl(), remote.getTimeout(), remote.getMinRefreshInterval(),
						remote.getMaxAge(), clock.getIfAvailable(Clock::systemUTC));
			}
			catch (IllegalArgumentException ex) {
				throw new TempIdConfigurationException("'tempid.key-distribution.remote.url' is refused: " + ex.getMessage(),
						"Set 'tempid.key-distribution.remote.url' to the signing service's https URL, such as "
								+ "https://auth.example.com/.well-known/paserk-keys.");
			}
		}

	}

}
