package io.github.flinkjobs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.flightimporter.FlightImporterJob;
import io.github.flinkjobs.testing.JobCluster.MainMethod;
import io.github.flinkjobs.testing.JobCluster.RunningJob;
import io.github.flinkjobs.testing.TestDatabase;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestPostgres;
import io.github.flinkjobs.testing.TestServices;
import io.github.flinkjobs.usagestats.UsageStatsJob;
import io.github.flinkjobs.wordcount.WordCountJob;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop with a savepoint and resume, rescaled: the flight importer, usage statistics and word count read their input
 * in three parts, in three runs at parallelism 2, 1 and 2, each run resumed from the savepoint the previous one was
 * stopped with (as {@code flink stop} and {@code flink run -s}). The final output equals that of one uninterrupted
 * run: for the importer the flights of every booking, each once; for usage statistics the same statistics per user
 * on Kafka and the same {@code user_statistics} rows as a bounded run over the whole input; for word count the same
 * {@code word_counts} rows as a bounded run, windows open across a stop included.
 *
 * <p>The windowed jobs' last run is stopped with {@code --drain} semantics, so the end of event time fires the
 * windows still open; their sources are never idle ({@code --idleness 1h}), which a drained stop needs
 * (FLINK-40499).
 */
class SavepointRescaleIT {

    private static final int[] PART_ENDS = {600, 1200, 1800};
    private static final int[] PARALLELISMS = {2, 1, 2};

    private static TestCluster cluster;

    @TempDir
    Path temporary;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(1, 2);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @AfterEach
    void startAfresh() throws Exception {
        cluster.cancelUnfinishedJobs();
        cluster.restoreFrom(null);
    }

    @Test
    void theImporterResumedAtParallelism1And2CommitsEveryFlightOnce() throws Exception {
        TestKafka kafka = TestKafka.get();
        FlightFeeds feeds = new FlightFeeds(13);
        String skyOne = kafka.createTopic("skyone", FlightFeeds.PARTITIONS);
        String sunset = kafka.createTopic("sunset", FlightFeeds.PARTITIONS);
        String flights = kafka.createTopic("flightdata", FlightFeeds.PARTITIONS);
        String group = TestServices.randomName("importer");

        int from = 0;
        for (int part = 0; part < PART_ENDS.length; part++) {
            feeds.produce(kafka, skyOne, sunset, from, PART_ENDS[part]);
            RunningJob job = cluster.submit(FlightImporterJob::main, List.of("--bootstrap-servers",
                    kafka.bootstrapServers(), "--skyone-topic", skyOne, "--sunset-topic", sunset, "--output-topic",
                    flights, "--group-id", group, "--now", feeds.now().toString(), "--parallelism",
                    Integer.toString(PARALLELISMS[part]), "--checkpoint-interval", "300ms"));
            int expected = 2 * PART_ENDS[part];
            cluster.await(job, "the flights of " + expected + " bookings",
                    () -> kafka.readCommitted(flights).size() >= expected);
            cluster.restoreFrom(cluster.stopWithSavepoint(job, temporary, false));
            from = PART_ENDS[part];
        }

        assertThat(FlightFeeds.committedFlights(kafka, flights))
                .isEqualTo(feeds.importedFlights(PART_ENDS[PART_ENDS.length - 1]));
    }

    @Test
    void wordCountResumedAtParallelism1And2EqualsAnUninterruptedRun() throws Exception {
        TestKafka kafka = TestKafka.get();
        String lines = kafka.createTopic("lines", FlightFeeds.PARTITIONS);
        TestDatabase database = TestPostgres.get().createDatabase();
        database.createTables();
        String group = TestServices.randomName("word-count");
        long start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1)).toEpochMilli();

        runInThreeParts(WordCountJob::main, "lines",
                (part, from, to) -> produceLines(kafka, lines, start, from, to),
                (part, parallelism) -> wordCountArguments(kafka, lines, database, group, "--parallelism",
                        parallelism));

        TestDatabase uninterrupted = TestPostgres.get().createDatabase();
        uninterrupted.createTables();
        cluster.awaitEnd(cluster.submit(WordCountJob::main, wordCountArguments(kafka, lines, uninterrupted,
                TestServices.randomName("word-count"), "--parallelism", "2", "--bounded")));

        List<List<Object>> expected = wordCountRows(uninterrupted);
        assertThat(expected).as("word counts").hasSizeGreaterThan(100);
        assertThat(wordCountRows(database)).as("word_counts").isEqualTo(expected);
    }

    /**
     * Lines {@code from} to {@code to} of a text of 13 words: line {@code i} has three of them and event time
     * {@code i} × 130 ms after {@code start}, in partition {@code i % 2}. A part ends at line 600 (78 s) or 1200
     * (156 s), inside a 5-second window, so that window holds lines of two runs, counted across a stop.
     */
    private static void produceLines(TestKafka kafka, String topic, long start, int from, int to) {
        for (int partition = 0; partition < FlightFeeds.PARTITIONS; partition++) {
            List<TestKafka.Message> messages = new ArrayList<>();
            for (int i = from + Math.floorMod(partition - from, FlightFeeds.PARTITIONS); i < to;
                    i += FlightFeeds.PARTITIONS) {
                String line = "w" + (i * 7 % 13) + " w" + (i * 3 % 13) + ", W" + (i % 13) + ".";
                messages.add(new TestKafka.Message(null, line, start + i * 130L));
            }
            kafka.produce(topic, partition, messages);
        }
    }

    private List<String> wordCountArguments(TestKafka kafka, String topic, TestDatabase database, String group,
            String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--topic", topic,
                "--group-id", group, "--window", "5s", "--out-of-orderness", "0s", "--idleness", "1h",
                "--checkpoint-interval", "300ms", "--jdbc-url", database.jdbcUrl(), "--jdbc-user", database.user(),
                "--jdbc-password-file", database.writePasswordFile(temporary).toString()));
        args.addAll(List.of(more));
        return args;
    }

    private static List<List<Object>> wordCountRows(TestDatabase database) {
        return database.query("SELECT window_start, window_end, word, count FROM word_counts"
                + " ORDER BY window_start, word");
    }

    /**
     * Usage statistics in three runs, each on input and output topics of its own, as when an operator moves a job to
     * renamed topics: every run resumes the savepoint of the one before without {@code --allowNonRestoredState}
     * (the uids do not depend on the topics), so no state is dropped, and the statistics written to the three output
     * topics, run after run, are those of one uninterrupted run over all flights.
     */
    @Test
    void usageStatisticsResumedAtParallelism1And2OnRenamedTopicsEqualAnUninterruptedRun() throws Exception {
        TestKafka kafka = TestKafka.get();
        FlightFeeds feeds = new FlightFeeds(17);
        String allFlights = kafka.createTopic("flightdata", FlightFeeds.PARTITIONS);
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        for (int part = 0; part < PART_ENDS.length; part++) {
            inputs.add(kafka.createTopic("flightdata-" + part, FlightFeeds.PARTITIONS));
            outputs.add(kafka.createTopic("statistics-" + part, FlightFeeds.PARTITIONS));
        }
        TestDatabase database = TestPostgres.get().createDatabase();
        database.createTables();
        String group = TestServices.randomName("usage-stats");

        runInThreeParts(UsageStatsJob::main, "flights", (part, from, to) -> {
            feeds.produceFlights(kafka, inputs.get(part), from, to);
            feeds.produceFlights(kafka, allFlights, from, to);
        }, (part, parallelism) -> UsageStatsArguments.of(kafka, inputs.get(part), outputs.get(part), database, group,
                temporary, "--parallelism", parallelism));

        String uninterrupted = kafka.createTopic("statistics", FlightFeeds.PARTITIONS);
        TestDatabase uninterruptedDatabase = TestPostgres.get().createDatabase();
        uninterruptedDatabase.createTables();
        cluster.awaitEnd(cluster.submit(UsageStatsJob::main, UsageStatsArguments.of(kafka, allFlights, uninterrupted,
                uninterruptedDatabase, TestServices.randomName("usage-stats"), temporary, "--parallelism", "2",
                "--bounded")));

        Map<String, List<String>> expected = Outputs.committedByKey(kafka, uninterrupted);
        assertThat(expected).as("users with statistics").hasSizeGreaterThan(50);
        Map<String, List<String>> runAfterRun = new TreeMap<>();
        for (String output : outputs) {
            Outputs.committedByKey(kafka, output).forEach((user, statistics) ->
                    runAfterRun.computeIfAbsent(user, key -> new ArrayList<>()).addAll(statistics));
        }
        assertThat(runAfterRun).as("statistics per user, run after run").isEqualTo(expected);
        assertThat(Outputs.userStatisticsRows(database)).as("user_statistics")
                .isEqualTo(Outputs.userStatisticsRows(uninterruptedDatabase))
                .hasSize(expected.size());
    }

    /**
     * Runs {@code main} three times, at parallelism 2, 1 and 2, on the input {@code produce} adds in three parts: each
     * run starts from the savepoint the previous one was stopped with once it had read the {@code recordKind} of its
     * part, and the last one is drained. Jobs submitted afterwards start afresh.
     */
    private void runInThreeParts(MainMethod main, String recordKind, PartProducer produce,
            ArgumentsAtParallelism arguments) throws Exception {
        int from = 0;
        for (int part = 0; part < PART_ENDS.length; part++) {
            produce.produce(part, from, PART_ENDS[part]);
            RunningJob job = cluster.submit(main, arguments.of(part, Integer.toString(PARALLELISMS[part])));
            long partSize = PART_ENDS[part] - from;
            cluster.await(job, "the job to read " + partSize + " " + recordKind,
                    () -> cluster.recordsRead(job) >= partSize);
            assertThat(cluster.recordsRead(job)).as("%s read in run %d", recordKind, part + 1).isEqualTo(partSize);
            boolean last = part == PART_ENDS.length - 1;
            String savepoint = cluster.stopWithSavepoint(job, temporary, last);
            cluster.restoreFrom(last ? null : savepoint);
            from = PART_ENDS[part];
        }
    }

    /** Adds the input records {@code from} (inclusive) to {@code to} (exclusive) of run {@code part}. */
    @FunctionalInterface
    private interface PartProducer {
        void produce(int part, int from, int to) throws Exception;
    }

    /** A job's arguments in run {@code part} at a parallelism. */
    @FunctionalInterface
    private interface ArgumentsAtParallelism {
        List<String> of(int part, String parallelism) throws Exception;
    }
}
