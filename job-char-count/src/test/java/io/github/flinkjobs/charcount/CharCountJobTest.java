package io.github.flinkjobs.charcount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkjobs.core.deadletter.BadRecordException;
import io.github.flinkjobs.core.deadletter.RawRecord;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CharCountJobTest {

    private static int count(String text) throws BadRecordException {
        return CharCountJob.countCharacters(new RawRecord("t", text.getBytes(StandardCharsets.UTF_8), 0L));
    }

    @ParameterizedTest(name = "\"{0}\" has {1} characters")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "this|4", "is|2", "being sent|10", "from a producer!|16", "You should|10", "see them |9",
        "being processed.|16"})
    void countsTheSeedMessagesAsPythonsLenDoes(String message, int expected) throws BadRecordException {
        assertThat(count(message)).isEqualTo(expected);
    }

    @Test
    void countsCodePointsNotUtf16Units() throws BadRecordException {
        assertThat(count("😀")).isEqualTo(1);
        assertThat(count("𝄞")).isEqualTo(1);
        assertThat(count("👍🏽")).isEqualTo(2);
        assertThat(count("✈️")).isEqualTo(2);
    }

    @Test
    void doesNotNormalizeOrTrim() throws BadRecordException {
        assertThat(count("caf\u00e9")).isEqualTo(4);
        assertThat(count("cafe\u0301")).isEqualTo(5);
        assertThat(count("  a\t")).isEqualTo(4);
        assertThat(count("")).isZero();
    }

    @Test
    void countsOtherScripts() throws BadRecordException {
        assertThat(count("日本語")).isEqualTo(3);
        assertThat(count("Привет")).isEqualTo(6);
        assertThat(count("مرحبا")).isEqualTo(5);
        assertThat(count("नमस्ते")).isEqualTo(6);
    }

    @Test
    void rejectsMessagesThatAreNotUtf8OrHaveNoValue() {
        assertThatThrownBy(() -> CharCountJob.countCharacters(new RawRecord("t", new byte[] {(byte) 0xC0}, 0L)))
                .isInstanceOf(BadRecordException.class)
                .hasMessage("invalid-utf8");
        assertThatThrownBy(() -> CharCountJob.countCharacters(new RawRecord("t", null, 0L)))
                .hasMessage("null-value");
    }
}
