package io.github.flinkjobs.core.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * JSON of a duration that a record holds as a number of milliseconds (Flink has no serializer for {@link Duration}):
 * written as ISO-8601 ({@code 95400000} is {@code "PT26H30M"}), read from any ISO-8601 duration. Put both on the
 * record component: {@code @JsonSerialize(using = IsoDurationMillis.Writer.class)
 * @JsonDeserialize(using = IsoDurationMillis.Reader.class) long totalMillis}.
 */
public final class IsoDurationMillis {

    /** The units of {@link #simpleMillis}, in the order they must appear, and their milliseconds. */
    private static final String SIMPLE_UNITS = "HMS";
    private static final long[] SIMPLE_UNIT_MILLIS = {3_600_000L, 60_000L, 1_000L};

    private IsoDurationMillis() {
    }

    /** Writes milliseconds as an ISO-8601 duration. */
    public static final class Writer extends StdScalarSerializer<Long> {
        private static final long serialVersionUID = 1L;

        public Writer() {
            super(Long.class);
        }

        @Override
        public void serialize(Long millis, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(Duration.ofMillis(millis).toString());
        }
    }

    /** Reads an ISO-8601 duration as milliseconds. */
    public static final class Reader extends StdScalarDeserializer<Long> {
        private static final long serialVersionUID = 1L;

        public Reader() {
            super(Long.class);
        }

        @Override
        public Long deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return (Long) context.handleUnexpectedToken(Long.class, parser);
            }
            return readText(parser, context, "expected an ISO-8601 duration such as PT26H30M");
        }
    }

    /**
     * The milliseconds of the ISO-8601 duration at the parser's current string token; a text that is not one (or
     * overflows) is reported to {@code context} with {@code expected} as the message.
     */
    public static Long readText(JsonParser parser, DeserializationContext context, String expected)
            throws IOException {
        String text = parser.getText();
        long simple = simpleMillis(text);
        if (simple >= 0) {
            return simple;
        }
        try {
            return Duration.parse(text).toMillis();
        } catch (DateTimeParseException | ArithmeticException e) {
            return (Long) context.handleWeirdStringValue(Long.class, text, expected);
        }
    }

    /**
     * The milliseconds of the duration flights are written in, {@code PT<h>H<m>M<s>S} with each part optional and
     * whole numbers of up to 9 digits (such as {@code PT8H25M}), read without {@link Duration#parse}'s regular
     * expression; -1 for any other text, which {@link Duration#parse} then reads (or rejects).
     */
    static long simpleMillis(String text) {
        int length = text.length();
        if (length < 4 || text.charAt(0) != 'P' || text.charAt(1) != 'T') {
            return -1;
        }
        long millis = 0;
        int nextUnit = 0;
        int position = 2;
        while (position < length) {
            int start = position;
            long value = 0;
            while (position < length && position - start < 9 && text.charAt(position) >= '0'
                    && text.charAt(position) <= '9') {
                value = value * 10 + (text.charAt(position) - '0');
                position++;
            }
            if (position == start || position == length) {
                return -1;
            }
            int unit = SIMPLE_UNITS.indexOf(text.charAt(position), nextUnit);
            if (unit < 0) {
                return -1;
            }
            millis += value * SIMPLE_UNIT_MILLIS[unit];
            nextUnit = unit + 1;
            position++;
        }
        return millis;
    }
}
