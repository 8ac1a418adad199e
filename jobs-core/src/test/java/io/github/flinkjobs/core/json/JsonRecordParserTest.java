package io.github.flinkjobs.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkjobs.core.deadletter.BadRecordException;
import io.github.flinkjobs.core.deadletter.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonRecordParserTest {

    /** A record with a required text, a required time and an optional number. */
    public record Booking(String email, Instant departure, Integer seats) {
    }

    private static final JsonRecordParser<Booking> PARSER =
            JsonRecordParser.of(Booking.class, List.of("email", "departure"));

    private static RawRecord raw(String text) {
        return new RawRecord("bookings", text == null ? null : text.getBytes(StandardCharsets.UTF_8), 0L);
    }

    @Test
    void parsesAValidRecordWithOptionalFieldsAbsentAndUnknownFieldsIgnored() throws Exception {
        assertThat(PARSER.parse(raw("{\"email\":\"a@b.c\",\"departure\":\"2099-01-01T12:00:00+02:00\",\"x\":[1]}")))
                .isEqualTo(new Booking("a@b.c", Instant.parse("2099-01-01T10:00:00Z"), null));
        assertThat(PARSER.parse(raw("{\"email\":\"a@b.c\",\"departure\":\"2099-01-01T10:00:00Z\",\"seats\":2}")))
                .isEqualTo(new Booking("a@b.c", Instant.parse("2099-01-01T10:00:00Z"), 2));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "not json                                                          | malformed-json",
        "{\"email\":\"a@b.c\"                                              | malformed-json",
        "'{\"email\":\"a@b.c\",\"departure\":\"2099-01-01T10:'               | malformed-json",
        "'{\"email\":\"a@b.c\",\"departure\":\"2099-01-01T10:00:00Z\",\"seats\":1'  | malformed-json",
        "[1,2]                                                             | malformed-json",
        "42                                                                | malformed-json",
        "null                                                              | malformed-json",
        "'\"text\"'                                                      | malformed-json",
        "{\"email\":\"a\",\"departure\":\"2099-01-01T10:00:00Z\"} trailing | malformed-json",
        "{\"departure\":\"2099-01-01T10:00:00Z\"}                          | missing-field:email",
        "{\"email\":null,\"departure\":\"2099-01-01T10:00:00Z\"}           | missing-field:email",
        "{\"email\":\"a@b.c\"}                                             | missing-field:departure",
        "{\"email\":\"a@b.c\",\"departure\":\"tomorrow\"}                  | bad-time:departure",
        "{\"email\":\"a@b.c\",\"departure\":\"+999999999-12-31T10:00:00Z\"} | bad-time:departure",
        "{\"email\":\"a@b.c\",\"departure\":\"-0001-12-31T10:00:00Z\"}     | bad-time:departure",
        "{\"email\":\"a@b.c\",\"email\":\"x@y.z\",\"departure\":\"2099-01-01T10:00:00Z\"} | malformed-json",
        "{\"email\":\"a@b.c\",\"departure\":\"2099-01-01T10:00:00\"}       | bad-time:departure",
        "{\"email\":\"a@b.c\",\"departure\":12345}                         | bad-time:departure",
        "{\"email\":7,\"departure\":\"2099-01-01T10:00:00Z\"}              | wrong-type:email",
        "{\"email\":\"a\",\"departure\":\"2099-01-01T10:00:00Z\",\"seats\":\"2\"} | wrong-type:seats",
        "{\"email\":\"a\",\"departure\":\"2099-01-01T10:00:00Z\",\"seats\":{}}    | wrong-type:seats",
    })
    void rejectsABadRecordNamingWhatIsWrong(String json, String reason) {
        assertThatThrownBy(() -> PARSER.parse(raw(json)))
                .isInstanceOfSatisfying(BadRecordException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void aReplacementCharacterInTheTextIsText() throws Exception {
        assertThat(PARSER.parse(raw("{\"email\":\"\uFFFD@b.c\",\"departure\":\"2099-01-01T10:00:00Z\"}")))
                .isEqualTo(new Booking("\uFFFD@b.c", Instant.parse("2099-01-01T10:00:00Z"), null));
        byte[] invalid = "{\"email\":\"x@b.c\",\"departure\":\"2099-01-01T10:00:00Z\"}".getBytes(StandardCharsets.UTF_8);
        invalid[10] = (byte) 0xC3;
        assertThatThrownBy(() -> PARSER.parse(new RawRecord("bookings", invalid, 0)))
                .isInstanceOfSatisfying(BadRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo("invalid-utf8"));
    }

    @Test
    void aRecordThatIsNotTextIsRejectedAsSuch() {
        assertThatThrownBy(() -> PARSER.parse(raw(null)))
                .isInstanceOfSatisfying(BadRecordException.class, e -> assertThat(e.reason()).isEqualTo("null-value"));
    }
}
