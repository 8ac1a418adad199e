package io.github.flinkjobs.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.config.CommonOptions;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.JobMain;
import io.github.flinkjobs.core.json.JsonCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class WordCountJobTest {

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
