package io.github.flinkjobs.wordcount;

import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.testing.PartFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the counts word count wrote as JSON lines to the finished part files below a directory. */
final class WordCountParts {

    private static final JsonCodec<WordCount> WORD_COUNT_JSON = JsonCodec.of(WordCount.class);

    private WordCountParts() {
    }

    /** Every count in the finished part files below {@code output}. */
    static List<WordCount> read(Path output) {
        List<WordCount> counts = new ArrayList<>();
        for (String line : PartFiles.lines(output)) {
            try {
                counts.add(WORD_COUNT_JSON.read(line));
            } catch (IOException e) {
                throw new UncheckedIOException("not a word count: " + line, e);
            }
        }
        return counts;
    }
}
