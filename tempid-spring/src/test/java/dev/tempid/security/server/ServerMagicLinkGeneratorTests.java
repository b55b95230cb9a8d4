package dev.tempid.security.server;

import java.net.URI;
import java.util.List;

import dev.tempid.LocalKey;
import dev.tempid.TokenRevokedException;
import dev.tempid.TokenService;
import dev.tempid.TokenUsedUpException;
import dev.tempid.WrongCodeException;
import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.security.MagicLink;
import dev.tempid.store.reactive.InMemoryReactiveUseStore;
import dev.tempid.web.server.ServerLinkBuilder;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** The reactive magic-link generator: links, and links with a login code sharing their single use. */
class ServerMagicLinkGeneratorTests {

	private static final String PURPOSE = "magic-link";

	private final ReactiveTokenService tokens = new ReactiveTokenService(
			TokenService.builder().localKey(LocalKey.generate()).build(), new InMemoryReactiveUseStore());

	private final ServerMagicLinkGenerator generator = new ServerMagicLinkGenerator(this.tokens,
			ServerLinkBuilder.forBaseUrl(URI.create("https://app.example.com")));

	@Test
	void generateWhenNoCodeIsAskedForThenTheLinkHasNone() {
		MagicLink link = this.generator.generate("alice").block();
		assertThat(link.code()).isNull();
		assertThat(link.uri().toString()).startsWith("https://app.example.com/login/magic?token=v4.local.");
	}

	@Test
	void generateWithCodeWhenTheCodeIsUsedThenTheLinkIsSpentToo() {
		MagicLink link = this.generator.generateWithCode("alice", "Alice@Example.com", null).block();
		assertThat(link.code()).matches("[0-9]{6}");
		assertThat(link.toString()).doesNotContain(link.code()).doesNotContain(token(link));
		StepVerifier.create(this.tokens.consumeCode(PURPOSE, "alice", "alice@example.com", link.code()))
			.verifyComplete();
		StepVerifier.create(this.tokens.consume(token(link), PURPOSE)).verifyError(TokenUsedUpException.class);
	}

	@Test
	void generateWithCodeWhenTheLinkIsUsedThenTheCodeIsRefused() {
		MagicLink link = this.generator.generateWithCode("alice", "alice@example.com", null).block();
		assertThat(this.tokens.consume(token(link), PURPOSE).block().subject()).isEqualTo("alice");
		StepVerifier.create(this.tokens.consumeCode(PURPOSE, "alice", "alice@example.com", link.code()))
			.verifyError(TokenUsedUpException.class);
	}

	@Test
	void generateWithCodeWhenFiveWrongCodesAreTriedThenTheLinkDiesWithTheCode() {
		MagicLink link = this.generator.generateWithCode("alice", "alice@example.com", null).block();
		String wrong = link.code().equals("000000") ? "111111" : "000000";
		for (int left = TokenService.MAX_CODE_TRIES - 1; left > 0; left--) {
			int expected = left;
			StepVerifier.create(this.tokens.consumeCode(PURPOSE, "alice", "alice@example.com", wrong))
				.verifyErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(WrongCodeException.class,
						(wrongCode) -> assertThat(wrongCode.triesLeft()).isEqualTo(expected)));
		}
		StepVerifier.create(this.tokens.consumeCode(PURPOSE, "alice", "alice@example.com", wrong))
			.verifyError(TokenRevokedException.class);
		StepVerifier.create(this.tokens.consumeCode(PURPOSE, "alice", "alice@example.com", link.code()))
			.verifyError(TokenRevokedException.class);
		StepVerifier.create(this.tokens.consume(token(link), PURPOSE)).verifyError(TokenRevokedException.class);
	}

	@Test
	void generateWithCodeWhenTheCodeIsTriedWithAnotherAddressThenItDoesNotMatch() {
		MagicLink link = this.generator.generateWithCode("alice", "alice@example.com", null).block();
		StepVerifier.create(this.tokens.consumeCode(PURPOSE, "alice", "mallory@example.com", link.code()))
			.verifyError(WrongCodeException.class);
		StepVerifier.create(this.tokens.consumeCode(PURPOSE, "alice", "alice@example.com", link.code()))
			.verifyComplete();
	}

	@Test
	void generateWithCodeWhenNoLinkCanBeBuiltThenFailsBeforeIssuing() {
		ServerMagicLinkGenerator unsafe = new ServerMagicLinkGenerator(this.tokens,
				new ServerLinkBuilder(null, List.of()));
		StepVerifier.create(unsafe.generateWithCode("alice", "alice@example.com", null))
			.verifyError(IllegalStateException.class);
	}

	private static String token(MagicLink link) {
		String uri = link.uri().toString();
		return uri.substring(uri.indexOf("token=") + 6);
	}

}
