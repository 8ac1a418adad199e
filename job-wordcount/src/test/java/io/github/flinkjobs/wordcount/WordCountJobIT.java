package io.github.flinkjobs.wordcount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.flinkjobs.core.config.JobMain;
import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.testing.FlinkTestCluster;
import io.github.flinkjobs.testing.PartFiles;
import io.github.flinkjobs.testing.Repository;
import io.github.flinkjobs.testing.TestDatabase;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestPostgres;
import io.github.flinkjobs.testing.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The word-count job end to end on a mini-cluster at parallelism 2: Kafka records with chosen timestamps into
 * PostgreSQL (exact rows, replays, totals against an independent count), files into part files, and stdout.
 *
 * <p>Kafka runs are bounded, and every partition's records are produced in time order with an idleness longer than
 * any run, so the watermark never passes a record's window before the record: no record can be late, whatever the
 * timing of periodic watermarks. Lateness is tested where the test sets the watermark ({@link WordCountWindowTest},
 * {@link WordCountWorkflowIT}).
 */
class WordCountJobIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    private static final Path SAMPLE = Repository.file("test-data/words.txt");
    private static final JsonCodec<WordCount> WORD_COUNTS = JsonCodec.of(WordCount.class);
    private static final JsonCodec<DeadLetter> DEAD_LETTERS = JsonCodec.of(DeadLetter.class);

    /** Window starts of the Kafka tests: a recent whole minute, so the broker keeps the records and windows align. */
    private static final Instant BASE = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);

    @TempDir
    Path temp;

    private final TestKafka kafka = TestKafka.get();

    private TestDatabase database;

    private static int runJob(Map<String, String> environment, PrintStream err, String... args) throws Exception {
        return JobMain.execute(WordCountJob.SPEC, args, environment, WordCountJob::run, System.out, err);
    }

    /** Runs the job as its {@code main} does, failing the test (instead of exiting the JVM) on a refused option. */
    private static void runJob(Map<String, String> environment, String... args) throws Exception {
        assertThat(runJob(environment, System.err, args)).as("exit status").isZero();
    }

    private TestDatabase databaseWithSchema() {
        database = TestPostgres.get().createDatabase();
        database.createTables();
        return database;
    }

    /** Runs the job bounded over the topic into the test's database, with its own consumer group. */
    private void countIntoDatabase(String topic) throws Exception {
        runJob(Map.of("JDBC_PASSWORD", database.password()),
                "--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic, "--bounded",
                "--group-id", TestServices.randomName("group"), "--idleness", "10min",
                "--jdbc-url", database.jdbcUrl(), "--jdbc-user", database.user(), "--checkpoint-interval", "300ms");
    }

    private static TestKafka.Message line(String text, long offsetMillis) {
        return new TestKafka.Message(null, text, BASE.toEpochMilli() + offsetMillis);
    }

    /** Each row of word_counts as "windowStart-offset-seconds/windowEnd-offset-seconds word count". */
    private List<String> rows() {
        List<String> rows = new ArrayList<>();
        for (List<Object> row : database.query("SELECT window_start, window_end, word, count FROM word_counts"
                + " ORDER BY window_start, word COLLATE \"C\"")) {
            rows.add(secondsAfterBase(row.get(0)) + "/" + secondsAfterBase(row.get(1)) + " " + row.get(2) + " "
                    + row.get(3));
        }
        return rows;
    }

    private static long secondsAfterBase(Object timestamp) {
        return Duration.between(BASE, ((Timestamp) timestamp).toInstant()).toSeconds();
    }

    @Test
    void countsKafkaLinesPerWindowIntoPostgresAndAReplayLeavesTheTableUnchanged() throws Exception {
        String topic = kafka.createTopic("words", 2);
        String tooLong = "the cat " + "ab".repeat(101) + " sat";
        kafka.produce(topic, 0, List.of(
                line("The cat sat.", 100),
                line("the DOG", 1_500),
                line(tooLong, 2_500),
                line("cat's toy, cat", 6_000)));
        kafka.produce(topic, 1, List.of(
                line("Le chat, le chien", 2_000),
                line(null, 3_000),
                line("dog", 7_000),
                line("l’été", 12_000)));
        databaseWithSchema();
        List<String> expected = List.of(
                "0/5 cat 1", "0/5 chat 1", "0/5 chien 1", "0/5 dog 1", "0/5 le 2", "0/5 sat 1", "0/5 the 2",
                "5/10 cat 1", "5/10 cat's 1", "5/10 dog 1", "5/10 toy 1",
                "10/15 l’été 1");

        countIntoDatabase(topic);

        assertThat(rows()).containsExactlyElementsOf(expected);
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (String json : kafka.readCommittedValues(topic + ".dlq")) {
            deadLetters.add(DEAD_LETTERS.read(json));
        }
        assertThat(deadLetters).extracting(DeadLetter::source, DeadLetter::reason, DeadLetter::raw)
                .containsExactlyInAnyOrder(tuple(topic, "null-value", null), tuple(topic, "word-too-long", tooLong));

        countIntoDatabase(topic);

        assertThat(rows()).containsExactlyElementsOf(expected);
    }

    @Test
    void wordTotalsOverAllWindowsEqualAnIndependentCountOfTheSampleText() throws Exception {
        List<String> lines = Files.readAllLines(SAMPLE, StandardCharsets.UTF_8);
        String topic = kafka.createTopic("words", 2);
        List<List<TestKafka.Message>> partitions = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < lines.size(); i++) {
            partitions.get(i % 2).add(line(lines.get(i), i * 1_700L));
        }
        kafka.produce(topic, 0, partitions.get(0));
        kafka.produce(topic, 1, partitions.get(1));
        databaseWithSchema();

        countIntoDatabase(topic);

        Map<String, Long> totals = new TreeMap<>();
        for (List<Object> row : database.query("SELECT word, sum(count)::bigint FROM word_counts GROUP BY word")) {
            totals.put((String) row.get(0), (Long) row.get(1));
        }
        assertThat(totals).isEqualTo(IndependentWordCount.of(lines));
        assertThat(totals).contains(Map.entry("the", 5L), Map.entry("dog", 3L), Map.entry("hund", 2L),
                Map.entry("नमस्ते", 2L), Map.entry("مرحبا", 2L), Map.entry("it's", 1L),
                Map.entry("it’s", 1L), Map.entry("rock'n'roll", 1L), Map.entry("l’été", 1L), Map.entry("3", 2L),
                Map.entry("2024", 1L), Map.entry("2024年", 1L), Map.entry("日本語の文章", 1L), Map.entry("quotes", 2L),
                Map.entry("words", 3L));
        assertThat(database.query("SELECT count(DISTINCT window_start) FROM word_counts").get(0).get(0))
                .as("the lines span several windows").isEqualTo(5L);
    }

    @Test
    void countsTheSampleFileIntoPartFilesWhoseTotalsEqualAnIndependentCount() throws Exception {
        Path output = temp.resolve("out");

        runJob(Map.of(), "--input", SAMPLE.toString(), "--output", output.toString(), "--part-prefix", "counts",
                "--part-suffix", ".json", "--checkpoint-interval", "300ms");

        List<WordCount> counts = WordCountParts.read(output);
        assertThat(counts).allSatisfy(count -> assertThat(Duration.between(count.windowStart(), count.windowEnd()))
                .isEqualTo(Duration.ofSeconds(5)));
        assertThat(totals(counts)).isEqualTo(IndependentWordCount.of(Files.readAllLines(SAMPLE, StandardCharsets.UTF_8)));
        assertThat(PartFiles.finished(output)).isNotEmpty().allSatisfy(file ->
                assertThat(file.getFileName().toString()).startsWith("counts-").endsWith(".json"));
        assertThat(PartFiles.inProgress(output)).isEmpty();
    }

    @Test
    void withoutOutputOrDatabaseTheCountsArePrintedToStdoutAsJsonLines() throws Exception {
        Path input = Files.writeString(temp.resolve("input.txt"), "b a B\n\nb\n");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            runJob(Map.of(), "--input", input.toString(), "--checkpoint-interval", "300ms");
        } finally {
            System.setOut(stdout);
        }

        List<WordCount> printed = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).lines().toList()) {
            if (line.matches("(\\d+> )?\\{\"word\".*")) {
                printed.add(WORD_COUNTS.read(line.substring(line.indexOf('{'))));
            }
        }
        assertThat(totals(printed)).isEqualTo(Map.of("a", 1L, "b", 3L));
    }

    @Test
    void aMissingTableIsRefusedAtStartUpWithOneLine() throws Exception {
        database = TestPostgres.get().createDatabase();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = runJob(Map.of("JDBC_PASSWORD", database.password()),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                "--input", SAMPLE.toString(), "--jdbc-url", database.jdbcUrl(), "--jdbc-user", database.user());

        assertThat(status).isEqualTo(JobMain.CONFIG_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("word-count: table word_counts does not exist in "
                + database.jdbcUrl() + ": create it with sql/schema.sql" + System.lineSeparator());
    }

    private static Map<String, Long> totals(List<WordCount> counts) {
        Map<String, Long> totals = new TreeMap<>();
        counts.forEach(count -> totals.merge(count.word(), count.count(), Long::sum));
        return totals;
    }
}
