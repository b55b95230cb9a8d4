package dev.tempid.security;

import java.net.URI;

import dev.tempid.LocalKey;
import dev.tempid.TokenRevokedException;
import dev.tempid.TokenService;
import dev.tempid.TokenUsedUpException;
import dev.tempid.WrongCodeException;
import dev.tempid.web.LinkBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MagicLinkGeneratorTests {

	private final TokenService tokens = TokenService.builder().localKey(LocalKey.generate()).build();

	private final MagicLinkGenerator generator = new MagicLinkGenerator(this.tokens,
			LinkBuilder.forBaseUrl(URI.create("https://app.example.com")));

	@Test
	void generateWhenNoCodeIsAskedForThenTheLinkHasNone() {
		MagicLink link = this.generator.generate("alice");
		assertThat(link.code()).isNull();
		assertThat(link.uri().toString()).startsWith("https://app.example.com/login/magic?token=v4.local.");
	}

	@Test
	void generateWithCodeWhenTheCodeIsUsedThenTheLinkIsSpentToo() {
		MagicLink link = this.generator.generateWithCode("alice", "Alice@Example.com", null);
		assertThat(link.code()).matches("[0-9]{6}");
		assertThat(link.toString()).doesNotContain(link.code()).doesNotContain(token(link)).contains("code=…");
		this.tokens.consumeCode(MagicLinkGenerator.DEFAULT_PURPOSE, "alice", "alice@example.com", link.code());
		assertThatExceptionOfType(TokenUsedUpException.class)
			.isThrownBy(() -> this.tokens.consume(token(link), MagicLinkGenerator.DEFAULT_PURPOSE));
	}

	@Test
	void generateWithCodeWhenTheLinkIsUsedThenTheCodeIsRefused() {
		MagicLink link = this.generator.generateWithCode("alice", "alice@example.com", null);
		assertThat(this.tokens.consume(token(link), MagicLinkGenerator.DEFAULT_PURPOSE).subject()).isEqualTo("alice");
		assertThatExceptionOfType(TokenUsedUpException.class).isThrownBy(() -> this.tokens
			.consumeCode(MagicLinkGenerator.DEFAULT_PURPOSE, "alice", "alice@example.com", link.code()));
	}

	@Test
	void generateWithCodeWhenFiveWrongCodesAreTriedThenTheLinkDiesWithTheCode() {
		MagicLink link = this.generator.generateWithCode("alice", "alice@example.com", null);
		String wrong = link.code().equals("000000") ? "111111" : "000000";
		for (int left = TokenService.MAX_CODE_TRIES - 1; left > 0; left--) {
			int expected = left;
			assertThatExceptionOfType(WrongCodeException.class)
				.isThrownBy(() -> this.tokens.consumeCode(MagicLinkGenerator.DEFAULT_PURPOSE, "alice",
						"alice@example.com", wrong))
				.satisfies((ex) -> assertThat(ex.triesLeft()).isEqualTo(expected));
		}
		assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> this.tokens
			.consumeCode(MagicLinkGenerator.DEFAULT_PURPOSE, "alice", "alice@example.com", wrong));
		assertThatExceptionOfType(TokenRevokedException.class).isThrownBy(() -> this.tokens
			.consumeCode(MagicLinkGenerator.DEFAULT_PURPOSE, "alice", "alice@example.com", link.code()));
		assertThatExceptionOfType(TokenRevokedException.class)
			.isThrownBy(() -> this.tokens.consume(token(link), MagicLinkGenerator.DEFAULT_PURPOSE));
	}

	@Test
	void generateWithCodeWhenTheCodeIsTriedWithAnotherAddressThenItDoesNotMatch() {
		MagicLink link = this.generator.generateWithCode("alice", "alice@example.com", null);
		assertThatExceptionOfType(WrongCodeException.class).isThrownBy(() -> this.tokens
			.consumeCode(MagicLinkGenerator.DEFAULT_PURPOSE, "alice", "mallory@example.com", link.code()));
		this.tokens.consumeCode(MagicLinkGenerator.DEFAULT_PURPOSE, "alice", "alice@example.com", link.code());
	}

	private static String token(MagicLink link) {
		String uri = link.uri().toString();
		return uri.substring(uri.indexOf("token=") + 6);
	}

}
