package dev.tempid;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads the token payload and footer JSON with Jackson's streaming API: one
 * pass, no intermediate tree. Unknown top-level claims are skipped; duplicate names,
 * wrong types and missing required claims are malformed.
 */
final class ClaimsCodec {

	/** The deepest nesting accepted in a payload (the {@code data} object counts from 2). */
	static final int MAX_DEPTH = 16;

	/** The deepest nesting accepted in a footer. */
	static final int MAX_FOOTER_DEPTH = 2;

	/**
	 * The streaming factory of the hot path: claims are read without a mapper's context.
	 * Duplicate names are detected by {@link #read} itself (a registered claim already read,
	 * a set only for unknown names and inside {@code data}), which costs less than
	 * Jackson's detector, that allocates a set for every object of more than two names.
	 */
	private static final JsonFactory FACTORY = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxStringLength(8192).build())
		.build();

	static final JsonMapper MAPPER = JsonMapper.builder(FACTORY)
		.disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private static final JsonMapper FOOTER_MAPPER = JsonMapper.builder(JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_FOOTER_DEPTH).build())
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build()).build();

	private ClaimsCodec() {
	}

	/** Serializes an application payload, to measure it against the limit. */
	static byte[] writeData(Map<String, Object> data) {
		try {
			return MAPPER.writeValueAsBytes(data);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("a claim value cannot be written as JSON: " + ex.getOriginalMessage());
		}
	}

	static byte[] write(Claims claims, byte @Nullable [] data) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		try (JsonGenerator json = MAPPER.createGenerator(out)) {
			json.writeStartObject();
			writeString(json, "iss", claims.issuer());
			writeString(json, "sub", claims.subject());
			writeString(json, "aud", claims.audience());
			json.writeStringProperty("jti", claims.id());
			json.writeStringProperty("iat", timestamp(claims.issuedAt()));
			json.writeStringProperty("exp", timestamp(claims.expiresAt()));
			if (claims.notBefore() != null) {
				json.writeStringProperty("nbf", timestamp(claims.notBefore()));
			}
			json.writeStringProperty("pur", claims.purpose());
			if (claims.maxUses() > 0) {
				json.writeNumberProperty("mu", claims.maxUses());
			}
			if (!claims.permissions().isEmpty()) {
				json.writeName("perms");
				json.writeStartArray();
				for (String permission : claims.permissions()) {
					json.writeString(permission);
				}
				json.writeEndArray();
			}
			if (data != null) {
				json.writeName("data");
				json.writeRawValue(new String(data, StandardCharsets.UTF_8));
			}
			writeString(json, "bnd", claims.binding());
			json.writeEndObject();
		}
		return out.toByteArray();
	}

	/** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the instants with a four-digit year. */
	private static final long FIRST_FOUR_DIGIT_YEAR = -62_167_219_200L;

	private static final long LAST_FOUR_DIGIT_YEAR = 253_402_300_799L;

	/**
	 * An instant as RFC 3339 text, exactly as {@link Instant#toString()} writes it, with
	 * the usual whole-second instant of a four-digit year laid out without a formatter (the
	 * issue path writes two or three of them per token).
	 */
	static String timestamp(Instant instant) {
		long seconds = instant.getEpochSecond();
		if (instant.getNano() != 0 || seconds < FIRST_FOUR_DIGIT_YEAR || seconds > LAST_FOUR_DIGIT_YEAR) {
			return instant.toString();
		}
		LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
		byte[] text = new byte[20];
		put(text, 0, time.getYear(), 4);
		text[4] = '-';
		put(text, 5, time.getMonthValue(), 2);
		text[7] = '-';
		put(text, 8, time.getDayOfMonth(), 2);
		text[10] = 'T';
		put(text, 11, time.getHour(), 2);
		text[13] = ':';
		put(text, 14, time.getMinute(), 2);
		text[16] = ':';
		put(text, 17, time.getSecond(), 2);
		text[19] = 'Z';
		return new String(text, StandardCharsets.US_ASCII);
	}

	private static void put(byte[] text, int at, int value, int width) {
		for (int i = at + width - 1; i >= at; i--) {
			text[i] = (byte) ('0' + value % 10);
			value /= 10;
		}
	}

	private static void writeString(JsonGenerator json, String name, @Nullable String value) {
		if (value != null) {
			json.writeStringProperty(name, value);
		}
	}

	/**
	 * Reads a payload.
	 * @throws IllegalArgumentException when it is not valid claims JSON; the message
	 * names the problem, never a value
	 */
	static Claims read(byte[] payload) {
		String iss = null, sub = null, aud = null, jti = null, pur = null, bnd = null;
		Instant iat = null, exp = null, nbf = null;
		Integer mu = null;
		List<String> perms = null;
		Map<String, Object> data = null;
		Set<String> unknown = null;
		try (JsonParser json = FACTORY.createParser(ObjectReadContext.empty(), payload)) {
			if (json.nextToken() != JsonToken.START_OBJECT) {
				throw new IllegalArgumentException("the payload is not a JSON object");
			}
			String name;
			while ((name = json.nextName()) != null) {
				JsonToken token = json.nextToken();
				// a registered claim is read once: a second one is refused before its value is read
				switch (name) {
					case "iss" -> iss = string(json, token, once(iss, name));
					case "sub" -> sub = string(json, token, once(sub, name));
					case "aud" -> aud = string(json, token, once(aud, name));
					case "jti" -> jti = string(json, token, once(jti, name));
					case "pur" -> pur = string(json, token, once(pur, name));
					case "bnd" -> bnd = string(json, token, once(bnd, name));
					case "iat" -> iat = instant(json, token, once(iat, name));
					case "exp" -> exp = instant(json, token, once(exp, name));
					case "nbf" -> nbf = instant(json, token, once(nbf, name));
					case "mu" -> {
						once(mu, name);
						if (token != JsonToken.VALUE_NUMBER_INT || json.getNumberType() != JsonParser.NumberType.INT) {
							throw new IllegalArgumentException("claim 'mu' is not an integer");
						}
						mu = json.getIntValue();
						if (mu < 1) {
							throw new IllegalArgumentException("claim 'mu' is below 1");
						}
					}
					case "perms" -> perms = strings(json, token, once(perms, name));
					case "data" -> {
						once(data, name);
						if (token != JsonToken.START_OBJECT) {
							throw new IllegalArgumentException("claim 'data' is not an object");
						}
						data = Collections.unmodifiableMap(object(json));
					}
					default -> {
						if (unknown == null) {
							unknown = new HashSet<>();
						}
						if (!unknown.add(name)) {
							throw new IllegalArgumentException("a claim appears twice");
						}
						json.skipChildren();
					}
				}
			}
			if (json.nextToken() != null) {
				throw new IllegalArgumentException("the payload has content after its JSON object");
			}
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("the payload is not valid JSON");
		}
		if (jti == null || jti.isEmpty()) {
			throw new IllegalArgumentException("the payload has no 'jti'");
		}
		if (pur == null) {
			throw new IllegalArgumentException("the payload has no 'pur'");
		}
		if (iat == null || exp == null) {
			throw new IllegalArgumentException("the payload has no 'iat' or 'exp'");
		}
		return new Claims(iss, sub, aud, jti, iat, exp, nbf, pur, (mu != null) ? mu : 0,
				(perms != null) ? perms : List.of(), (data != null) ? data : Map.of(), bnd);
	}

	/**
	 * Refuses a registered claim read before (duplicate names are ambiguous: parsers differ
	 * on which one wins).
	 * @return the claim's name
	 */
	private static String once(@Nullable Object previous, String name) {
		if (previous != null) {
			throw new IllegalArgumentException("claim '" + name + "' appears twice");
		}
		return name;
	}

	/**
	 * Reads the {@code kid} of a footer: a JSON object of bounded depth.
	 * @return the kid, or {@code null} when the footer has none
	 * @throws IllegalArgumentException when the footer is not such an object
	 */
	static @Nullable String readKid(byte[] footer) {
		String kid = null;
		try (JsonParser json = FOOTER_MAPPER.createParser(footer)) {
			if (json.nextToken() != JsonToken.START_OBJECT) {
				throw new IllegalArgumentException("the footer is not a JSON object");
			}
			String name;
			while ((name = json.nextName()) != null) {
				JsonToken token = json.nextToken();
				if (name.equals("kid")) {
					kid = string(json, token, name);
				}
				else {
					json.skipChildren();
				}
			}
			if (json.nextToken() != null) {
				throw new IllegalArgumentException("the footer has content after its JSON object");
			}
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("the footer is not valid JSON");
		}
		return kid;
	}

	private static String string(JsonParser json, JsonToken token, String name) {
		if (token != JsonToken.VALUE_STRING) {
			throw new IllegalArgumentException("claim '" + name + "' is not a string");
		}
		return json.getString();
	}

	private static Instant instant(JsonParser json, JsonToken token, String name) {
		if (token != JsonToken.VALUE_STRING) {
			throw new IllegalArgumentException("claim '" + name + "' is not a string");
		}
		try {
			Instant canonical = canonicalInstant(json.getStringCharacters(), json.getStringOffset(),
					json.getStringLength());
			return (canonical != null) ? canonical : OffsetDateTime.parse(json.getString()).toInstant();
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException("claim '" + name + "' is not an RFC 3339 date-time");
		}
	}

	/**
	 * The form tempid writes, {@code yyyy-MM-ddTHH:mm:ssZ}, read from the parser's buffer
	 * without a formatter or a string (the hot path); {@code null} for any other form
	 * (fractions, offsets), which {@link OffsetDateTime#parse} then reads.
	 * @throws DateTimeException when the date does not exist (2026-02-30)
	 */
	static @Nullable Instant canonicalInstant(char[] text, int off, int length) {
		if (length != 20 || text[off + 4] != '-' || text[off + 7] != '-' || text[off + 10] != 'T'
				|| text[off + 13] != ':' || text[off + 16] != ':' || text[off + 19] != 'Z') {
			return null;
		}
		int year = digits(text, off, 4);
		int month = digits(text, off + 5, 2);
		int day = digits(text, off + 8, 2);
		int hour = digits(text, off + 11, 2);
		int minute = digits(text, off + 14, 2);
		int second = digits(text, off + 17, 2);
		if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
			return null;
		}
		long days = LocalDate.of(year, month, day).toEpochDay();
		return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second);
	}

	private static int digits(char[] text, int from, int count) {
		int value = 0;
		for (int i = from; i < from + count; i++) {
			char c = text[i];
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	/** Reads the object whose START_OBJECT was just read, with the streaming parser alone. */
	private static Map<String, Object> object(JsonParser json) {
		Map<String, Object> map = new LinkedHashMap<>();
		String name;
		while ((name = json.nextName()) != null) {
			if (map.containsKey(name)) {
				throw new IllegalArgumentException("a name appears twice in claim 'data'");
			}
			map.put(name, value(json, json.nextToken()));
		}
		return map;
	}

	private static @Nullable Object value(JsonParser json, JsonToken token) {
		return switch (token) {
			case START_OBJECT -> object(json);
			case START_ARRAY -> {
				List<@Nullable Object> list = new ArrayList<>();
				JsonToken item;
				while ((item = json.nextToken()) != JsonToken.END_ARRAY) {
					list.add(value(json, item));
				}
				yield list;
			}
			case VALUE_STRING -> json.getString();
			case VALUE_NUMBER_INT -> json.getNumberValue();
			case VALUE_NUMBER_FLOAT -> json.getDecimalValue();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			case VALUE_NULL -> null;
			default -> throw new IllegalArgumentException("claim 'data' holds an unexpected JSON token");
		};
	}

	private static List<String> strings(JsonParser json, JsonToken token, String name) {
		if (token != JsonToken.START_ARRAY) {
			throw new IllegalArgumentException("claim '" + name + "' is not an array");
		}
		List<String> values = new ArrayList<>(4);
		JsonToken item;
		while ((item = json.nextToken()) != JsonToken.END_ARRAY) {
			if (item != JsonToken.VALUE_STRING) {
				throw new IllegalArgumentException("claim '" + name + "' holds something other than strings");
			}
			values.add(json.getString());
		}
		return Collections.unmodifiableList(values);
	}

}
