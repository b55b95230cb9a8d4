package dev.tempid;

import java.util.Random;
import java.util.stream.Stream;

import dev.tempid.paseto.Base64Url;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every altered token is refused with a {@link TempIdException}, and no input at all
 * makes the service throw anything else.
 */
class TokenTamperingTests {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ é";

	static Stream<Arguments> services() {
		SecretKey signing = SecretKey.generate();
		TokenService local = TokenService.builder().localKey(LocalKey.generate()).build();
		TokenService signed = TokenService.builder().signingKey(signing).build();
		return Stream.of(Arguments.of("v4.local", local), Arguments.of("v4.public", signed));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("services")
	void verifyWhenAnyOneCharacterChangesThenRefusedWithTempIdException(String name, TokenService tokens) {
		String token = tokens.issue(TokenRequest.forPurpose("p").subject("s").claim("k", "v").build()).value();
		for (int i = 0; i < token.length(); i++) {
			for (char replacement : new char[] { 'A', 'B', 'f', 'g', '0', '-', '_', '.', '=' }) {
				if (token.charAt(i) == replacement) {
					continue;
				}
				String altered = token.substring(0, i) + replacement + token.substring(i + 1);
				assertRefused(tokens, altered, "character " + i + " changed");
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("services")
	void verifyWhenTruncatedOrExtendedThenRefusedWithTempIdException(String name, TokenService tokens) {
		String token = tokens.issue(TokenRequest.forPurpose("p").build()).value();
		for (int length = 0; length < token.length(); length++) {
			assertRefused(tokens, token.substring(0, length), "truncated to " + length);
		}
		for (String suffix : new String[] { "A", "AA", "AAA", "AAAA", ".", "=", "==", ".e30", "\u00e9", " " }) {
			assertRefused(tokens, token + suffix, "extended with '" + suffix + "'");
		}
		int dot = token.lastIndexOf('.');
		for (String insert : new String[] { "A", "AAAA", "x" }) {
			assertRefused(tokens, token.substring(0, dot) + insert + token.substring(dot), "body extended");
		}
		assertRefused(tokens, token.substring(0, dot), "footer removed");
	}

	/** Tagged so that the mutation run leaves it out: 100,000 inputs for every mutant would take hours. */
	@Tag("fuzz")
	@ParameterizedTest(name = "{0}")
	@MethodSource("services")
	void verifyWhenHundredThousandRandomInputsThenOnlyTempIdExceptions(String name, TokenService tokens) {
		Random random = new Random(20261122L);
		String valid = tokens.issue(TokenRequest.forPurpose("p").build()).value();
		String header = valid.substring(0, valid.indexOf('.', 3) + 1);
		String footer = valid.substring(valid.lastIndexOf('.'));
		for (int i = 0; i < 100_000; i++) {
			String input = switch (i % 4) {
				case 0 -> randomText(random, random.nextInt(120));
				case 1 -> header + Base64Url.encode(randomBytes(random, random.nextInt(200))) + footer;
				case 2 -> header + Base64Url.encode(randomBytes(random, random.nextInt(120))) + "."
						+ Base64Url.encode(randomBytes(random, random.nextInt(60)));
				default -> mutate(random, valid);
			};
			if (input.equals(valid)) {
				continue;
			}
			assertRefused(tokens, input, "random input " + i);
		}
	}

	private static void assertRefused(TokenService tokens, String input, String what) {
		check(() -> tokens.verify(input, "p"), what);
		check(() -> tokens.consume(input, "p"), what);
		check(() -> tokens.inspect(input), what);
		assertThat(tokens.tryVerify(input, "p")).as(what).isEmpty();
	}

	private static void check(Runnable call, String what) {
		try {
			call.run();
			fail("accepted: " + what);
		}
		catch (TempIdException ex) {
			assertThat(ex.reason()).isNotNull();
		}
		catch (RuntimeException ex) {
			fail("threw " + ex.getClass().getName() + " instead of a TempIdException for: " + what, ex);
		}
	}

	private static String randomText(Random random, int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return text.toString();
	}

	private static byte[] randomBytes(Random random, int length) {
		byte[] bytes = new byte[length];
		random.nextBytes(bytes);
		return bytes;
	}

	private static String mutate(Random random, String valid) {
		char[] chars = valid.toCharArray();
		int changes = 1 + random.nextInt(3);
		for (int i = 0; i < changes; i++) {
			chars[random.nextInt(chars.length)] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
		}
		return new String(chars);
	}


}
