package dev.tempid;

import java.io.ByteArrayOutputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

	/** The streaming factory of the hot path: claims are read without a mapper's context. */
	private static final JsonFactory FACTORY = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxStringLength(8192).build())
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
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
			json.writeStringProperty("iat", claims.issuedAt().toString());
			json.writeStringProperty("exp", claims.expiresAt().toString());
			if (claims.notBefore() != null) {
				json.writeStringProperty("nbf", claims.notBefore().toString());
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
				json.writeRawValue(new String(data, java.nio.charset.StandardCharsets.UTF_8));
			}
			writeString(json, "bnd", claims.binding());
			json.writeEndObject();
		}
		return out.toByteArray();
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
		int mu = 0;
		List<String> perms = List.of();
		Map<String, Object> data = Map.of();
		try (JsonParser json = FACTORY.createParser(ObjectReadContext.empty(), payload)) {
			if (json.nextToken() != JsonToken.START_OBJECT) {
				throw new IllegalArgumentException("the payload is not a JSON object");
			}
			String name;
			while ((name = json.nextName()) != null) {
				JsonToken token = json.nextToken();
				switch (name) {
					case "iss" -> iss = string(json, token, name);
					case "sub" -> sub = string(json, token, name);
					case "aud" -> aud = string(json, token, name);
					case "jti" -> jti = string(json, token, name);
					case "pur" -> pur = string(json, token, name);
					case "bnd" -> bnd = string(json, token, name);
					case "iat" -> iat = instant(json, token, name);
					case "exp" -> exp = instant(json, token, name);
					case "nbf" -> nbf = instant(json, token, name);
					case "mu" -> {
						if (token != JsonToken.VALUE_NUMBER_INT || json.getNumberType() != JsonParser.NumberType.INT) {
							throw new IllegalArgumentException("claim 'mu' is not an integer");
						}
						mu = json.getIntValue();
						if (mu < 1) {
							throw new IllegalArgumentException("claim 'mu' is below 1");
						}
					}
					case "perms" -> perms = strings(json, token);
					case "data" -> {
						if (token != JsonToken.START_OBJECT) {
							throw new IllegalArgumentException("claim 'data' is not an object");
						}
						data = Collections.unmodifiableMap(object(json));
					}
					default -> json.skipChildren();
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
		return new Claims(iss, sub, aud, jti, iat, exp, nbf, pur, mu, perms, data, bnd);
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
		String text = string(json, token, name);
		try {
			Instant canonical = canonicalInstant(text);
			return (canonical != null) ? canonical : OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeException ex) {
			throw new IllegalArgumentException("claim '" + name + "' is not an RFC 3339 date-time");
		}
	}

	/**
	 * The form tempid writes, {@code yyyy-MM-ddTHH:mm:ssZ}, read without a formatter (the
	 * hot path); {@code null} for any other form, which the lenient parser then reads.
	 */
	private static @Nullable Instant canonicalInstant(String text) {
		if (text.length() != 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
				|| text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != 'Z') {
			return null;
		}
		int year = digits(text, 0, 4);
		int month = digits(text, 5, 2);
		int day = digits(text, 8, 2);
		int hour = digits(text, 11, 2);
		int minute = digits(text, 14, 2);
		int second = digits(text, 17, 2);
		if ((year | month | day | hour | minute | second) < 0) {
			return null;
		}
		return Instant.ofEpochSecond(
				LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC));
	}

	private static int digits(String text, int from, int count) {
		int value = 0;
		for (int i = from; i < from + count; i++) {
			char c = text.charAt(i);
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

	private static List<String> strings(JsonParser json, JsonToken token) {
		if (token != JsonToken.START_ARRAY) {
			throw new IllegalArgumentException("claim 'perms' is not an array");
		}
		List<String> values = new ArrayList<>(4);
		JsonToken item;
		while ((item = json.nextToken()) != JsonToken.END_ARRAY) {
			if (item != JsonToken.VALUE_STRING) {
				throw new IllegalArgumentException("claim 'perms' holds something other than strings");
			}
			values.add(json.getString());
		}
		return Collections.unmodifiableList(values);
	}

}
