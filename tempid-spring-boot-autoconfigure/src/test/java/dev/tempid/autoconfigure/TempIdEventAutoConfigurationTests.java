package dev.tempid.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.tempid.IssuedToken;
import dev.tempid.Reason;
import dev.tempid.TokenEvent;
import dev.tempid.TokenRequest;
import dev.tempid.TokenService;
import dev.tempid.event.TempIdEventPublisher;
import dev.tempid.event.TempIdRejectionLogger;
import dev.tempid.event.TempIdTokenEvent;
import dev.tempid.event.TokenConsumedEvent;
import dev.tempid.event.TokenIssuedEvent;
import dev.tempid.event.TokenRejectedEvent;
import dev.tempid.event.TokenRevokedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class TempIdEventAutoConfigurationTests {

	private static final String SECRET_VALUE = "Zq8xV3mN7pL2kR9tW4yB6cD1fG5hJ0sA-Qe7Uu2Ii9Oo";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TempIdAutoConfiguration.class, TempIdEventAutoConfiguration.class))
		.withPropertyValues("tempid.secret=" + SECRET_VALUE, "tempid.purposes.password-reset.max-uses=1");

	@Test
	void eventsWhenTokensAreIssuedConsumedRejectedAndRevokedThenPublished() {
		List<TempIdTokenEvent> events = new ArrayList<>();
		this.contextRunner
			.withBean("collector", ApplicationListener.class,
					() -> (ApplicationListener<TempIdTokenEvent>) events::add)
			.run((context) -> {
				TokenService tokens = context.getBean(TokenService.class);
				IssuedToken token = tokens.issue(TokenRequest.forPurpose("password-reset").maxUses(1).ttl("1s").build());
				tokens.consume(token.value(), "password-reset");
				tokens.tryConsume(token.value(), "password-reset");
				tokens.revoke(token.value(), "password-reset");
				assertThat(events).hasExactlyElementsOfTypes(TokenIssuedEvent.class, TokenConsumedEvent.class,
						TokenRejectedEvent.class, TokenRevokedEvent.class);
				assertThat(((TokenRejectedEvent) events.get(2)).getReason()).isEqualTo(Reason.USED_UP);
				assertThat(events.get(0).getTokenEvent().tokenId()).isEqualTo(token.id());
			});
	}

	@Test
	void rejectionsWhenLoggedAtDebugThenCarryReasonAndIdButNeverTheTokenValue(CapturedOutput output) {
		Logger logger = (Logger) LoggerFactory.getLogger("dev.tempid");
		Level previous = logger.getLevel();
		logger.setLevel(Level.DEBUG);
		try {
			this.contextRunner.run((context) -> {
				TokenService tokens = context.getBean(TokenService.class);
				List<String> values = new ArrayList<>();
				IssuedToken spent = tokens.issue(TokenRequest.forPurpose("password-reset").maxUses(1).build());
				values.add(spent.value());
				tokens.consume(spent.value(), "password-reset");
				tokens.tryConsume(spent.value(), "password-reset");
				IssuedToken other = tokens.issue(TokenRequest.forPurpose("login").build());
				values.add(other.value());
				tokens.tryVerify(other.value(), "password-reset");
				String tampered = other.value().substring(0, 30) + "x" + other.value().substring(31);
				values.add(tampered);
				tokens.tryVerify(tampered, "login");
				assertThat(output).contains("reason=USED_UP tokenId=" + spent.id()).contains("reason=WRONG_PURPOSE")
					.contains("reason=BAD_SIGNATURE");
				for (String value : values) {
					assertThat(output.getAll()).doesNotContain(value).doesNotContain(value.substring(9, 60));
				}
				assertThat(output.getAll()).doesNotContain(SECRET_VALUE);
			});
		}
		finally {
			logger.setLevel(previous);
		}
	}

	@Test
	void whenMicrometerAndActuatorAreAbsentThenEventsAndRejectionLoggingRemain() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.boot.actuate",
					"org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasSingleBean(TempIdEventPublisher.class)
				.hasSingleBean(TempIdRejectionLogger.class));
	}

	@Test
	void whenTheUserDefinesTheirOwnPublisherAndLoggerThenTheAutoConfiguredOnesBackOff() {
		List<TokenEvent> seen = new ArrayList<>();
		this.contextRunner
			.withBean("userPublisher", TempIdEventPublisher.class,
					() -> new TempIdEventPublisher((ApplicationEventPublisher) (event) -> {
					}))
			.withBean("userLogger", TempIdRejectionLogger.class, () -> new TempIdRejectionLogger() {

				@Override
				public void onEvent(TokenEvent event) {
					seen.add(event);
				}

			})
			.run((context) -> {
				assertThat(context).hasSingleBean(TempIdEventPublisher.class).hasBean("userPublisher")
					.hasSingleBean(TempIdRejectionLogger.class).hasBean("userLogger");
				context.getBean(TokenService.class).tryVerify("garbage", "login");
				assertThat(seen).singleElement().satisfies((event) -> assertThat(event.reason()).isEqualTo(Reason.MALFORMED));
			});
	}

}
