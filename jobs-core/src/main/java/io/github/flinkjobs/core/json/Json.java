package io.github.flinkjobs.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one Jackson configuration of the suite, shared by every job's serde.
 *
 * <ul>
 *   <li>Instants are written in UTC with milliseconds ({@code 2099-01-01T10:15:00.000Z}); on input any ISO-8601
 *       offset is accepted ({@code 2099-01-01T12:15:00+02:00}).
 *   <li>Durations are written as ISO-8601 ({@code PT26H30M}).
 *   <li>No scalar coercion: a number where a string is required (or a string where a number is required) is an
 *       error, not silently converted; {@code null} for a primitive is an error too.
 *   <li>Unknown properties are ignored, so producers can add fields; a property given twice in one object is an
 *       error (which of the two would count is not defined by JSON).
 *   <li>Instants are read in the years 0000 to 9999 only.
 * </ul>
 */
public final class Json {

    private static final DateTimeFormatter UTC_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final ObjectMapper MAPPER = newMapper();

    private Json() {
    }

    /** The shared, fully configured mapper. Thread-safe; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Formats an instant as the suite writes it: UTC with milliseconds. */
    public static String formatInstant(Instant instant) {
        String text = FastInstants.format(instant);
        return text != null ? text : UTC_MILLIS.format(instant);
    }

    /**
     * Parses an ISO-8601 instant with {@code Z} or any offset, in the years 0000 to 9999 (ISO-8601 without expanded
     * years; a time like {@code +999999999-12-31T10:00:00Z} is a bad time, not a flight).
     *
     * @throws DateTimeParseException when the text is not such an instant
     */
    public static Instant parseInstant(String text) {
        Instant instant = FastInstants.parse(text);
        if (instant != null) {
            return instant;
        }
        instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        if (!FastInstants.isWithinFourDigitYears(instant)) {
            throw new DateTimeParseException("expected a year from 0000 to 9999", text, 0);
        }
        return instant;
    }

    private static ObjectMapper newMapper() {
        SimpleModule instants = new SimpleModule("utc-millis-instants");
        instants.addSerializer(Instant.class, new InstantSerializer());
        instants.addDeserializer(Instant.class, new InstantDeserializer());
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(instants)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .build();
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    private static final class InstantSerializer extends StdScalarSerializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(formatInstant(value));
        }
    }

    private static final class InstantDeserializer extends StdScalarDeserializer<Instant> {
        private static final long serialVersionUID = 1L;

        InstantDeserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (Instant) context.handleUnexpectedToken(Instant.class, parser);
            }
            String text = parser.getText();
            try {
                return parseInstant(text);
            } catch (DateTimeParseException e) {
                return (Instant) context.handleWeirdStringValue(Instant.class, text,
                        "expected an ISO-8601 time with an offset, such as 2099-01-01T10:15:00.000Z");
            }
        }
    }
}
