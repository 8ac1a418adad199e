package io.github.flinkjobs.wordcount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.flinkjobs.core.JobIo;
import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.deadletter.LateRecords;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.testing.InterceptedMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The job's window operator and its late-record handling in operator test harnesses, where the test sets the
 * watermark itself: windows fire exactly when the watermark passes their end, a record within the allowed lateness
 * fires its window again, and a later record, which the job's late-line filter should already have taken, still
 * becomes a counted dead letter with reason {@code late} (the safety net).
 */
class WordCountWindowTest {

    private static final Duration WINDOW = Duration.ofSeconds(5);

    private final StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

    private final DataStream<WordOccurrence> words =
            env.fromData(List.of(word("unused", 0)), TypeInformation.of(WordOccurrence.class));

    private static WordOccurrence word(String word, long millis) {
        return new WordOccurrence(word, Instant.ofEpochMilli(millis));
    }

    private static WordCount count(String word, long count, long windowStart) {
        return new WordCount(word, count, Instant.ofEpochMilli(windowStart),
                Instant.ofEpochMilli(windowStart + WINDOW.toMillis()));
    }

    @SuppressWarnings("unchecked")
    private KeyedOneInputStreamOperatorTestHarness<String, WordOccurrence, WordCount> windowHarness(
            Duration allowedLateness) throws Exception {
        OneInputTransformation<WordOccurrence, WordCount> window = (OneInputTransformation<WordOccurrence, WordCount>)
                WordCountJob.countInWindows(words, WINDOW, allowedLateness).getTransformation();
        KeyedOneInputStreamOperatorTestHarness<String, WordOccurrence, WordCount> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(window.getOperator(),
                        (KeySelector<WordOccurrence, String>) window.getStateKeySelector(), Types.STRING);
        harness.open();
        return harness;
    }

    private static void add(OneInputStreamOperatorTestHarness<WordOccurrence, ?> harness, WordOccurrence word)
            throws Exception {
        harness.processElement(word, word.time().toEpochMilli());
    }

    @Test
    void aWindowFiresWhenTheWatermarkPassesItsEndWithOneCountPerWord() throws Exception {
        try (var harness = windowHarness(Duration.ZERO)) {
            add(harness, word("cat", 1_000));
            add(harness, word("dog", 2_000));
            add(harness, word("cat", 4_999));
            add(harness, word("cat", 5_000));

            harness.processWatermark(4_998);
            assertThat(harness.extractOutputValues()).isEmpty();

            harness.processWatermark(4_999);
            assertThat(harness.extractOutputValues()).containsExactlyInAnyOrder(count("cat", 2, 0), count("dog", 1, 0));

            harness.getOutput().clear();
            harness.processWatermark(9_999);
            assertThat(harness.extractOutputValues()).containsExactly(count("cat", 1, 5_000));
            assertThat(harness.getSideOutput(WordCountJob.LATE_WORDS)).isNull();
        }
    }

    @Test
    void aRecordWithinTheAllowedLatenessFiresItsWindowAgainAndALaterOneIsLate() throws Exception {
        try (var harness = windowHarness(Duration.ofSeconds(2))) {
            add(harness, word("cat", 1_000));
            harness.processWatermark(4_999);
            assertThat(harness.extractOutputValues()).containsExactly(count("cat", 1, 0));

            harness.getOutput().clear();
            add(harness, word("cat", 2_000));
            assertThat(harness.extractOutputValues()).containsExactly(count("cat", 2, 0));

            harness.getOutput().clear();
            harness.processWatermark(6_998);
            add(harness, word("cat", 3_000));
            assertThat(harness.extractOutputValues()).containsExactly(count("cat", 3, 0));

            harness.getOutput().clear();
            harness.processWatermark(6_999);
            add(harness, word("cat", 4_000));
            add(harness, word("cat", 7_000));
            harness.processWatermark(11_999);
            assertThat(harness.extractOutputValues()).containsExactly(count("cat", 1, 5_000));
            assertThat(harness.getSideOutput(WordCountJob.LATE_WORDS)).extracting(StreamRecord::getValue)
                    .containsExactly(word("cat", 4_000));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void lateWordsBecomeCountedDeadLettersWithReasonLateThatNameTheirTime() throws Exception {
        JobIo.Input input = new JobIo.Input(env.fromData(List.of(new RawRecord("words", new byte[0], 0L)),
                TypeInformation.of(RawRecord.class)), "lines", "words", true, "words");
        OneInputTransformation<WordOccurrence, DeadLetter> deadLetters =
                (OneInputTransformation<WordOccurrence, DeadLetter>)
                        WordCountJob.lateDeadLetters(words, input).getTransformation();
        OneInputStreamOperator<WordOccurrence, DeadLetter> operator = deadLetters.getOperator();
        InterceptedMetrics metrics = new InterceptedMetrics();

        try (var harness = new OneInputStreamOperatorTestHarness<>(operator, metrics.environment())) {
            harness.open();
            add(harness, word("cat", 4_000));
            add(harness, word("été", 61_000));

            assertThat(harness.extractOutputValues())
                    .extracting(DeadLetter::source, DeadLetter::raw, DeadLetter::reason)
                    .containsExactly(
                            tuple("words", "{\"word\":\"cat\",\"time\":\"1970-01-01T00:00:04.000Z\"}", "late"),
                            tuple("words", "{\"word\":\"été\",\"time\":\"1970-01-01T00:01:01.000Z\"}", "late"));
            assertThat(metrics.counter(LateRecords.LATE_RECORDS_METRIC)).isEqualTo(2);
        }
    }
}
