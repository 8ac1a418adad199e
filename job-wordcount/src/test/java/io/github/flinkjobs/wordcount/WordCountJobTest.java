package io.github.flinkjobs.wordcount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import io.github.flinkjobs.core.config.CommonOptions;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.JobMain;
import io.github.flinkjobs.core.deadletter.BadRecordException;
import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.deadletter.DeadLetterRouter;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.testing.InterceptedMetrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class WordCountJobTest {

    private static RawRecord line(String text) {
        return new RawRecord("words", text.getBytes(StandardCharsets.UTF_8), 0L);
    }

    private static String reasonOfRejecting(String text) {
        Throwable thrown = catchThrowable(() -> WordCountJob.wordsOf(line(text)));
        assertThat(thrown).as("rejection of a line").isInstanceOf(BadRecordException.class);
        return ((BadRecordException) thrown).reason();
    }

    @Test
    void aLineIsReadAsItsWordsUpToAWordOf200CodePoints() throws Exception {
        String longest = "𝐀".repeat(200); // a letter outside the BMP: 200 code points, 400 chars
        String longestWithApostrophes = "a'".repeat(99) + "ab";

        assertThat(WordCountJob.wordsOf(line("The cat, " + longest + " " + longestWithApostrophes)))
                .containsExactly("the", "cat", longest, longestWithApostrophes);
        assertThat(WordCountJob.MAX_WORD_LENGTH).isEqualTo(200);
    }

    @Test
    void aLineHoldingALongerWordIsRejectedAsWordTooLong() {
        assertThat(reasonOfRejecting("the " + "a".repeat(201) + " cat")).isEqualTo("word-too-long");
        assertThat(reasonOfRejecting("𝐀".repeat(201))).isEqualTo("word-too-long");
        assertThat(reasonOfRejecting("a'".repeat(100) + "a")).isEqualTo("word-too-long");
        assertThat(reasonOfRejecting("x".repeat(1 << 20))).isEqualTo("word-too-long");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLineHoldingAWordTooLongIsACountedDeadLetterWithTheLineAndNoneOfItsWordsIsRead() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        OneInputTransformation<RawRecord, List<String>> read = (OneInputTransformation<RawRecord, List<String>>)
                WordCountJob.readLines(env.fromData(List.of(line("unused")), TypeInformation.of(RawRecord.class)))
                        .getTransformation();
        InterceptedMetrics metrics = new InterceptedMetrics();
        String tooLong = "The cat " + "z".repeat(201);

        try (var harness = new OneInputStreamOperatorTestHarness<>(read.getOperator(), metrics.environment())) {
            harness.open();
            harness.processElement(line("The cat"), 1_000L);
            harness.processElement(line(tooLong), 2_000L);
            harness.processElement(new RawRecord("words", null, 3_000L), 3_000L);

            assertThat(harness.extractOutputValues()).containsExactly(List.of("the", "cat"));
            assertThat(harness.getSideOutput(DeadLetterRouter.DEAD_LETTERS)).extracting(StreamRecord::getValue)
                    .extracting(DeadLetter::source, DeadLetter::raw, DeadLetter::reason)
                    .containsExactly(tuple("words", tooLong, "word-too-long"), tuple("words", null, "null-value"));
            assertThat(metrics.counter(DeadLetterRouter.DEAD_LETTERS_METRIC)).isEqualTo(2);
        }
    }

    @Test
    void recordsAreSerializedAsPojosWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(WordCount.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(WordOccurrence.class);
    }

    @Test
    void aCountIsWrittenAsJsonWithUtcInstants() throws Exception {
        JsonCodec<WordCount> json = JsonCodec.of(WordCount.class);
        WordCount count = new WordCount("l’été", 3, Instant.parse("2099-01-01T10:15:00Z"),
                Instant.parse("2099-01-01T10:15:05Z"));

        String written = json.writeAsString(count);

        assertThat(written).isEqualTo("{\"word\":\"l’été\",\"count\":3,\"windowStart\":\"2099-01-01T10:15:00.000Z\","
                + "\"windowEnd\":\"2099-01-01T10:15:05.000Z\"}");
        assertThat(json.read(written)).isEqualTo(count);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        JobConfig config = JobConfig.parse(WordCountJob.SPEC, new String[0], Map.of());

        assertThat(config.get(WordCountJob.TOPIC)).isEqualTo("words");
        assertThat(config.get(WordCountJob.WINDOW)).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.get(CommonOptions.OUT_OF_ORDERNESS)).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.get(CommonOptions.ALLOWED_LATENESS)).isEqualTo(Duration.ZERO);
        assertThat(config.get(CommonOptions.PART_SUFFIX)).isEqualTo(".jsonl");
        assertThat(config.has(CommonOptions.OUTPUT)).isFalse();
        assertThat(config.has(CommonOptions.JDBC_URL)).isFalse();
    }

    @Test
    void aWindowOfZeroIsRefusedWithOneLine() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = JobMain.execute(WordCountJob.SPEC, new String[] {"--window", "0s"}, Map.of(),
                config -> {
                    throw new AssertionError("the job must not run");
                },
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(JobMain.CONFIG_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("word-count: invalid value '0s' for --window:"
                + " expected a positive duration with a unit such as 500ms, 5s, 1min" + System.lineSeparator());
    }

    @Test
    void helpListsTheJobsOwnOptionsAndTheEventTimeOptions() {
        String help = JobConfig.parse(WordCountJob.SPEC, new String[] {"--help"}, Map.of()).helpText();

        assertThat(help).contains("--topic", "default: words", "--window", "default: 5s", "--out-of-orderness",
                "--idleness", "--allowed-lateness", "--jdbc-url", "--output", "--part-prefix", "--dlq-output",
                "--bootstrap-servers", "--group-id");
    }
}
