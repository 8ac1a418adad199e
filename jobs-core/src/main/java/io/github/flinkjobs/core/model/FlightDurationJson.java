package io.github.flinkjobs.core.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import io.github.flinkjobs.core.json.IsoDurationMillis;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Reads a flight duration held as milliseconds from a number of seconds (what Jackson writes for the course's
 * {@code java.time.Duration}, possibly with a fraction) or from ISO-8601 text ({@code PT8H25M}); anything else is a
 * wrong type. It is written as ISO-8601 by {@link IsoDurationMillis.Writer}.
 */
final class FlightDurationJson {

    private FlightDurationJson() {
    }

    /** Reads seconds (a number) or an ISO-8601 duration (text) as milliseconds. */
    static final class Reader extends StdScalarDeserializer<Long> {
        private static final long serialVersionUID = 1L;

        Reader() {
            super(Long.class);
        }

        @Override
        public Long deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            switch (parser.currentToken()) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                    BigDecimal seconds = parser.getDecimalValue();
                    try {
                        return seconds.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValueExact();
                    } catch (ArithmeticException e) {
                        return (Long) context.handleWeirdNumberValue(Long.class, seconds,
                                "a flight duration in seconds out of range");
                    }
                }
                case VALUE_STRING -> {
                    return IsoDurationMillis.readText(parser, context,
                            "expected an ISO-8601 duration such as PT8H25M, or a number of seconds");
                }
                default -> {
                    return (Long) context.handleUnexpectedToken(Long.class, parser);
                }
            }
        }
    }
}
