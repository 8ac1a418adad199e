package io.github.flinkjobs.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonCodecTest {

    record Sample(String name, long count, Instant time, Duration duration) {
    }

    private final JsonCodec<Sample> codec = JsonCodec.of(Sample.class);

    @Test
    void instantsAreWrittenInUtcWithMillisecondsAndDurationsAsIso() {
        Sample sample = new Sample("a", 3, Instant.parse("2099-01-01T10:15:00Z"), Duration.ofMinutes(1590));

        assertThat(codec.writeAsString(sample)).isEqualTo(
                "{\"name\":\"a\",\"count\":3,\"time\":\"2099-01-01T10:15:00.000Z\",\"duration\":\"PT26H30M\"}");
    }

    @Test
    void anyIsoOffsetIsAcceptedOnInput() throws Exception {
        Sample sample = codec.read("{\"name\":\"a\",\"count\":1,\"time\":\"2099-01-01T12:15:00.5+02:00\"}");

        assertThat(sample.time()).isEqualTo(Instant.parse("2099-01-01T10:15:00.500Z"));
        assertThat(codec.read("{\"time\":\"2099-01-01T10:15:00Z\",\"count\":1}").time())
                .isEqualTo(Instant.parse("2099-01-01T10:15:00Z"));
    }

    @Test
    void aTimeWithoutOffsetIsAnError() {
        assertThatThrownBy(() -> codec.read("{\"count\":1,\"time\":\"2099-01-01T10:15:00\"}"))
                .isInstanceOf(InvalidFormatException.class)
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> codec.read("{\"count\":1,\"time\":12345}"))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void scalarsAreNotCoerced() {
        assertThatThrownBy(() -> codec.read("{\"name\":42,\"count\":1}"))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> codec.read("{\"name\":true,\"count\":1}"))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> codec.read("{\"name\":\"a\",\"count\":\"1\"}"))
                .isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> codec.read("{\"name\":\"a\",\"count\":null}"))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void unknownFieldsAreIgnoredAndTrailingGarbageIsNot() throws Exception {
        assertThat(codec.read("{\"name\":\"a\",\"count\":1,\"extra\":{\"x\":[1,2]}}").name()).isEqualTo("a");
        assertThatThrownBy(() -> codec.read("{\"name\":\"a\",\"count\":1} {}"))
                .isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void writesAndReadsBackTheSameRecord() throws Exception {
        Sample sample = new Sample("ü ✈", 7, Instant.parse("2030-05-06T07:08:09.123Z"), Duration.ofSeconds(95));

        assertThat(codec.read(codec.write(sample))).isEqualTo(sample);
    }

    @Test
    void theEncoderWritesJsonLines() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.encode(new Sample("a", 1, null, null), out);
        codec.encode(new Sample("b", 2, null, null), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "{\"name\":\"a\",\"count\":1,\"time\":null,\"duration\":null}\n"
                        + "{\"name\":\"b\",\"count\":2,\"time\":null,\"duration\":null}\n");
    }
}
