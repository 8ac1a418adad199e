package io.github.flinkjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.core.model.UserStatistics;
import io.github.flinkjobs.e2e.JobSubmissions.Submission;
import io.github.flinkjobs.testing.Await;
import io.github.flinkjobs.testing.PartFiles;
import io.github.flinkjobs.testing.Repository;
import io.github.flinkjobs.testing.TestDatabase;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built fat jars on a real Flink cluster, submitted with Flink's command-line frontend and the arguments of
 * {@code deploy/jobs.mk} (what {@code make submit-<job>} runs), against a real Kafka broker and PostgreSQL whose
 * addresses reach the jobs through the environment, as in docker compose.
 */
class ClusterEndToEndIT {

    private static final Path REPOSITORY = Repository.root();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

    private static final JsonCodec<FlightData> FLIGHT_JSON = JsonCodec.of(FlightData.class);
    private static final JsonCodec<UserStatistics> STATISTICS_JSON = JsonCodec.of(UserStatistics.class);

    private static StandaloneFlinkCluster cluster;
    private static Map<String, Submission> submissions;
    private static TestKafka kafka;
    private static TestDatabase database;

    @BeforeAll
    static void startServicesAndCluster() throws Exception {
        submissions = JobSubmissions.read(REPOSITORY);
        kafka = TestKafka.get();
        database = TestPostgres.get().createDatabase();
        database.createTables();
        Path home = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "flink-cluster-");
        List<String> opens = Arrays.asList(System.getProperty("flink.jvm.opens", "").trim().split("\\s+"));
        cluster = StandaloneFlinkCluster.start(home, Path.of(System.getProperty("flink.lib")), opens, 8);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void charCountSurvivesAStopWithSavepointAndAResume() throws Exception {
        Submission charCount = submissions.get("char-count");
        kafka.createTopic("flink-topic", 2, true);
        Path sink = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "sink-");
        Map<String, String> environment = environment(sink);

        String jobId = submit(charCount, environment);
        cluster.awaitJobState(jobId, "RUNNING", TIMEOUT);
        assertThat(flink(environment, "list").output()).contains(jobId).contains("RUNNING");
        kafka.produce("flink-topic", List.of("this", "is", "being sent", "from a producer!"));
        awaitLines(jobId, sink, List.of("4", "2", "10", "16"));

        String savepoint = savepointOf(flink(environment, "stop", "--savepointPath",
                cluster.savepoints().toString(), jobId).output());
        cluster.awaitJobState(jobId, "FINISHED", TIMEOUT);
        kafka.produce("flink-topic", List.of("You should", "see them ", "being processed."));

        String resumed = submit(charCount, environment, "-s", savepoint);
        awaitLines(resumed, sink, List.of("4", "2", "10", "16", "10", "9", "16"));
        flink(environment, "cancel", resumed);
        cluster.awaitJobState(resumed, "CANCELED", TIMEOUT);
        assertThat(PartFiles.lines(sink)).containsExactlyInAnyOrder("4", "2", "10", "16", "10", "9", "16");
    }

    @Test
    void wordCountUpsertsTheCountsOfEachWindowIntoPostgres() throws Exception {
        Submission wordCount = submissions.get("word-count");
        kafka.createTopic("words", 2, true);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int partition = 0; partition < 2; partition++) {
            kafka.produce("words", partition, List.of(
                    message("To be, or not to be", start.plusSeconds(1)),
                    message("to be", start.plusSeconds(3)),
                    message("Or NOT", start.plusSeconds(6)),
                    message("later", start.plusSeconds(30))));
        }
        Map<String, String> environment = environment(Files.createTempDirectory(
                Path.of(System.getProperty("java.io.tmpdir")), "sink-"));

        // Flink 2.2 drops the final watermark of a source that is idle when drained (FLINK-40499): keep the
        // partitions from turning idle, so the drain below fires the last window however slow the machine is.
        String jobId = submit(wordCount, environment, List.of(), List.of("--idleness", "10min"));
        List<List<Object>> closedWindows = List.of(
                row(start, "be", 6), row(start, "not", 2), row(start, "or", 2), row(start, "to", 6),
                row(start.plusSeconds(5), "not", 2), row(start.plusSeconds(5), "or", 2));
        await(jobId, "the counts of the closed windows in word_counts", ClusterEndToEndIT::wordCounts,
                closedWindows::equals);
        flink(environment, "stop", "--drain", jobId);
        cluster.awaitJobState(jobId, "FINISHED", TIMEOUT);

        List<List<Object>> all = new ArrayList<>(closedWindows);
        all.add(row(start.plusSeconds(30), "later", 2));
        assertThat(wordCounts()).isEqualTo(all);
    }

    @Test
    void generatedFlightsAreImportedAndSummedPerUserIntoKafkaAndPostgres() throws Exception {
        for (String topic : List.of("skyone", "sunset", "flightdata", "userstatistics")) {
            kafka.createTopic(topic, 2, true);
        }
        Map<String, String> environment = environment(Files.createTempDirectory(
                Path.of(System.getProperty("java.io.tmpdir")), "sink-"));
        int recordsPerFeed = 40;

        String generator = submit(submissions.get("flight-generator"), environment, List.of(), List.of(
                "--records", Integer.toString(recordsPerFeed), "--rate", "200", "--seed", "7"));
        cluster.awaitJobState(generator, "FINISHED", TIMEOUT);
        String importer = submit(submissions.get("flight-importer"), environment);
        List<FlightData> flights = await(importer, "the " + 2 * recordsPerFeed + " generated flights in topic"
                + " flightdata", ClusterEndToEndIT::readFlights, imported -> imported.size() >= 2 * recordsPerFeed);
        flink(environment, "stop", "--drain", importer);
        cluster.awaitJobState(importer, "FINISHED", TIMEOUT);
        assertThat(readFlights()).hasSize(2 * recordsPerFeed);

        String usageStats = submit(submissions.get("usage-stats"), environment, List.of(), List.of("--bounded"));
        cluster.awaitJobState(usageStats, "FINISHED", TIMEOUT);

        Map<String, List<Object>> expected = new TreeMap<>();
        for (FlightData flight : flights) {
            long seconds = Duration.between(flight.departureTime(), flight.arrivalTime()).toSeconds();
            expected.merge(flight.emailAddress(), List.of(seconds, 1L), (a, b) ->
                    List.of((Long) a.get(0) + (Long) b.get(0), (Long) a.get(1) + (Long) b.get(1)));
        }
        Map<String, List<Object>> rows = new TreeMap<>();
        for (List<Object> row : database.query("SELECT email_address, total_flight_duration_seconds,"
                + " number_of_flights FROM user_statistics")) {
            rows.put((String) row.get(0), List.of(row.get(1), row.get(2)));
        }
        assertThat(rows).isEqualTo(expected);
        Map<String, List<Object>> lastPerUser = new TreeMap<>();
        for (var record : kafka.readCommitted("userstatistics")) {
            UserStatistics statistics = STATISTICS_JSON.read(record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(statistics.emailAddress());
            lastPerUser.put(statistics.emailAddress(), List.of(
                    Duration.ofMillis(statistics.totalFlightDurationMillis()).toSeconds(),
                    statistics.numberOfFlights()));
        }
        assertThat(lastPerUser).isEqualTo(expected);
    }

    private static List<FlightData> readFlights() throws Exception {
        List<FlightData> flights = new ArrayList<>();
        for (var record : kafka.readCommitted("flightdata")) {
            FlightData flight = FLIGHT_JSON.read(record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(flight.emailAddress());
            flights.add(flight);
        }
        return flights;
    }

    private static TestKafka.Message message(String value, Instant time) {
        return new TestKafka.Message(null, value, time.toEpochMilli());
    }

    private static List<Object> row(Instant windowStart, String word, long count) {
        return List.of(windowStart.toString(), windowStart.plusSeconds(5).toString(), word, count);
    }

    /** The rows of word_counts as (window start, window end, word, count), in window and word order. */
    private static List<List<Object>> wordCounts() {
        return database.query("SELECT to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
                + " to_char(window_end AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), word, count"
                + " FROM word_counts ORDER BY window_start, word");
    }

    private Map<String, String> environment(Path sink) {
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "JDBC_URL", database.jdbcUrl(),
                "JDBC_USER", database.user(),
                "JDBC_PASSWORD", database.password(),
                "SINK_DIR", sink.toString());
    }

    /** Submits the job detached, as {@code make submit-<job>} does; returns its id. */
    private static String submit(Submission submission, Map<String, String> environment, String... runOptions)
            throws Exception {
        return submit(submission, environment, List.of(runOptions), List.of());
    }

    /**
     * Submits the job detached with {@code runOptions} for {@code flink run} and {@code extraArgs} after the job's
     * own, as {@code make submit-<job> ARGS=...} does; returns its id.
     */
    private static String submit(Submission submission, Map<String, String> environment, List<String> runOptions,
            List<String> extraArgs) throws Exception {
        Path jar = REPOSITORY.resolve(submission.module()).resolve("target").resolve(submission.jar());
        assertThat(jar).as("the fat jar of " + submission.name() + " (build the job modules first)").isRegularFile();
        List<String> arguments = new ArrayList<>(List.of("run", "-d"));
        arguments.addAll(submission.runArguments(jar, runOptions.toArray(String[]::new)));
        arguments.addAll(extraArgs);
        String output = flink(environment, arguments.toArray(String[]::new)).output();
        return find(JOB_ID, output, "a job id");
    }

    private static StandaloneFlinkCluster.ClientResult flink(Map<String, String> environment, String... arguments)
            throws Exception {
        return cluster.flink(environment, arguments);
    }

    private static String savepointOf(String output) {
        return find(SAVEPOINT, output, "a savepoint path");
    }

    private static String find(Pattern pattern, String output, String what) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new AssertionError("no " + what + " in the output of flink:\n" + output);
        }
        return matcher.group(1);
    }

    /**
     * Waits until the finished part files below {@code directory} hold as many lines as {@code expected}, then
     * checks that they hold exactly those, in any order.
     */
    private static void awaitLines(String jobId, Path directory, List<String> expected) throws Exception {
        List<String> lines = await(jobId, "finished part files with " + expected.size() + " lines in " + directory,
                () -> PartFiles.lines(directory), read -> read.size() >= expected.size());
        assertThat(lines).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * What {@code read} returns once {@code done} accepts it, read again while job {@code jobId} runs; when it still
     * does not after {@link #TIMEOUT}, fails with what it read last and what the cluster says of the job (its state,
     * its tasks, its checkpoints and its failures).
     */
    private static <T> T await(String jobId, String what, Callable<T> read, Await.Check<T> done) throws Exception {
        return Await.until(what, read, done, TIMEOUT, () -> "the job: " + cluster.describe(jobId));
    }
}
