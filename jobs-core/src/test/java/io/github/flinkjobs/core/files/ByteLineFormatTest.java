package io.github.flinkjobs.core.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteLineFormatTest {

    private static List<String> lines(byte[] input) throws IOException {
        ByteLineFormat.LineReader reader = new ByteLineFormat.LineReader(new ByteArrayInputStream(input));
        List<String> lines = new ArrayList<>();
        for (byte[] line = reader.read(); line != null; line = reader.read()) {
            lines.add(new String(line, StandardCharsets.ISO_8859_1));
        }
        return lines;
    }

    private static List<String> lines(String input) throws IOException {
        return lines(input.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void splitsAtLineFeedsAndDropsTheCarriageReturnOfCrlf() throws IOException {
        assertThat(lines("a\nbb\r\nccc\n")).containsExactly("a", "bb", "ccc");
    }

    @Test
    void keepsEmptyLinesAndALastLineWithoutBreak() throws IOException {
        assertThat(lines("\n\nx\n\r\nlast")).containsExactly("", "", "x", "", "last");
        assertThat(lines("")).isEmpty();
        assertThat(lines("\n")).containsExactly("");
    }

    @Test
    void keepsEverythingElseIncludingALoneCarriageReturnAndTrailingSpaces() throws IOException {
        assertThat(lines("see them \na\rb\n\tx\t\n")).containsExactly("see them ", "a\rb", "\tx\t");
    }

    @Test
    void passesBytesThroughUndecoded() throws IOException {
        byte[] input = {'a', (byte) 0xFF, (byte) 0xC3, '\n', (byte) 0xE2, (byte) 0x82, (byte) 0xAC};
        ByteLineFormat.LineReader reader = new ByteLineFormat.LineReader(new ByteArrayInputStream(input));

        assertThat(reader.read()).containsExactly('a', (byte) 0xFF, (byte) 0xC3);
        assertThat(reader.read()).containsExactly((byte) 0xE2, (byte) 0x82, (byte) 0xAC);
        assertThat(reader.read()).isNull();
    }

    @Test
    void readsLinesLongerThanItsBuffer() throws IOException {
        String longLine = "x".repeat(200_000);

        assertThat(lines(longLine + "\r\nshort\n" + longLine)).containsExactly(longLine, "short", longLine);
    }
}
