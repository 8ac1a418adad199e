package io.github.flinkjobs.wordcount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.flinkjobs.core.JobIo;
import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.testing.FlinkTestCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole pipeline on records from memory, with a watermark right after each record instead of periodic ones, so
 * which record is late is decided by the input alone. It runs at parallelism 1: with several channels into the
 * window, a record could overtake a watermark travelling on another channel.
 */
class WordCountWorkflowIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    /** Emits a watermark just below each record's time after the record; nothing periodically. */
    private static final class WatermarkAfterEachRecord implements WatermarkGenerator<RawRecord> {
        @Override
        public void onEvent(RawRecord record, long timestamp, WatermarkOutput output) {
            output.emitWatermark(new Watermark(timestamp - 1));
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
        }
    }

    private static RawRecord line(String text, long millis) {
        return new RawRecord("words", text.getBytes(StandardCharsets.UTF_8), millis);
    }

    private static WordCount count(String word, long count, long windowStartSeconds) {
        return new WordCount(word, count, Instant.ofEpochSecond(windowStartSeconds),
                Instant.ofEpochSecond(windowStartSeconds + 5));
    }

    @Test
    void countsPerWindowUpdatesItWithinTheAllowedLatenessAndSendsLateAndUnreadableLinesToTheDeadLetters()
            throws Exception {
        StreamExecutionEnvironment env = FlinkTestCluster.environment();
        env.setParallelism(1);
        String tooLong = "d " + "x".repeat(WordCountJob.MAX_WORD_LENGTH + 1);
        List<RawRecord> input = List.of(
                line("a b, A", 1_000),
                line("b", 4_000),
                line("a", 6_000), // its watermark passes the end of the window [0 s, 5 s), which fires
                line("B a", 2_000), // within the allowed lateness of 2 s: the window fires again
                line("c", 7_500), // its watermark passes the window's end plus the allowed lateness
                line("a", 3_000), // too late for that window
                new RawRecord("words", new byte[] {(byte) 0xC3}, 7_600),
                line("", 7_700),
                line(tooLong, 7_800));
        DataStream<RawRecord> records = env.fromData(input, TypeInformation.of(RawRecord.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<RawRecord>forGenerator(context ->
                                new WatermarkAfterEachRecord())
                        .withTimestampAssigner((record, previous) -> record.timestamp()));

        WordCountJob.Counted counted = WordCountJob.defineWorkflow(
                new JobIo.Input(records, "lines", "words", true, "words"),
                Duration.ofSeconds(5), Duration.ofSeconds(2));
        List<WordCount> counts = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        try (CloseableIterator<WordCount> countResults = counted.counts().collectAsync();
                CloseableIterator<DeadLetter> deadLetterResults = counted.deadLetters().collectAsync()) {
            env.execute("word-count workflow");
            countResults.forEachRemaining(counts::add);
            deadLetterResults.forEachRemaining(deadLetters::add);
        }

        assertThat(counts).containsExactlyInAnyOrder(count("a", 2, 0), count("b", 2, 0), count("a", 3, 0),
                count("b", 3, 0), count("a", 1, 5), count("c", 1, 5));
        assertThat(deadLetters).extracting(DeadLetter::source, DeadLetter::reason, DeadLetter::raw)
                .containsExactlyInAnyOrder(
                        tuple("words", "late", "a"),
                        tuple("words", "invalid-utf8", "ww=="),
                        tuple("words", "word-too-long", tooLong));
    }
}
