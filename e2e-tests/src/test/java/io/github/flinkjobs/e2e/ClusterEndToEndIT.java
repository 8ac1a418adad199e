package io.github.flinkjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.temporal.ChronoUnit;
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
        cluster = StandaloneFlinkCluster.start(home, Path.of(System.getProperty("flink.lib")), opens, 8,
                ComposePolicy.of(REPOSITORY.resolve("docker-compose.yml")));
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
        assertThatThrownBy(() -> submit(submissions.get("word-count"), environment, List.of(),
                        List.of("--resume", savepoint)))
                .as("word count resumed from char count's savepoint")
                .hasMessageContaining("word-count: --resume " + savepoint + " holds state of operator ")
                .hasMessageContaining("which word-count does not have: it belongs to another job");
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
        JsonNode checkpointing = cluster.get("/jobs/" + jobId + "/checkpoints/config");
        assertThat(checkpointing.path("interval").asLong()).as("--checkpoint-interval of deploy/jobs.mk")
                .isEqualTo(5_000);
        assertThat(checkpointing.path("timeout").asLong()).as("the cluster's, not the job's default of 2min")
                .isEqualTo(Duration.ofMinutes(3).toMillis());
        assertThat(checkpointing.path("min_pause").asLong()).as("the job's default where the cluster is silent")
                .isEqualTo(2_500);
        assertThat(checkpointing.path("externalization").path("enabled").asBoolean()).as("retained").isTrue();
        assertThat(checkpointing.path("externalization").path("delete_on_cancellation").asBoolean()).isFalse();
        assertThat(checkpointing.path("state_backend").asText()).isEqualTo("EmbeddedRocksDBStateBackend");
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

        assertThat(rows(database)).isEqualTo(totals(flights));
        assertThat(lastStatisticsPerUser("userstatistics")).isEqualTo(totals(flights));
    }

    @Test
    void usageStatisticsThatFailedForGoodResumesFromItsRetainedCheckpointWithItsTotals() throws Exception {
        String input = kafka.createTopic("flights", 2);
        String output = kafka.createTopic("statistics", 2);
        TestDatabase ownDatabase = TestPostgres.get().createDatabase();
        ownDatabase.createTables();
        Map<String, String> environment = environment(Files.createTempDirectory(
                Path.of(System.getProperty("java.io.tmpdir")), "sink-"), ownDatabase);
        List<String> args = List.of("--input-topic", input, "--output-topic", output, "--window", "1s",
                "--out-of-orderness", "0ms", "--idleness", "10min");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        List<FlightData> flights = new ArrayList<>();

        produceFlights(input, t0, flights, List.of("ana", "bob"), 0, 1_100, 2_500);
        String failing = submit(submissions.get("usage-stats"), environment,
                List.of("-D", "restart-strategy.exponential-delay.attempts-before-reset-backoff=1"), args);
        await(failing, "the statistics of the first two windows, committed", () -> kafka.readCommitted(output),
                records -> records.size() == 4);
        ownDatabase.execute("ALTER TABLE user_statistics RENAME TO user_statistics_away");
        produceFlights(input, t0, flights, List.of("ana", "carla"), 3_100, 4_200, 5_500);
        cluster.awaitJobState(failing, "FAILED", TIMEOUT);
        assertThat(cluster.get("/overview").path("taskmanagers").asInt())
                .as("TaskManagers: a failing PostgreSQL sink fails the job, not its TaskManager").isEqualTo(1);
        assertThat(cluster.get("/jobs/" + failing + "/exceptions").toString()).as("its failures")
                .contains("user_statistics");
        try (var retained = Files.list(cluster.checkpointsOf(failing))) {
            assertThat(retained.map(path -> path.getFileName().toString()))
                    .as("checkpoints kept after the job failed for good").anyMatch(name -> name.startsWith("chk-"));
        }

        ownDatabase.execute("ALTER TABLE user_statistics_away RENAME TO user_statistics");
        List<String> resume = new ArrayList<>(args);
        resume.addAll(List.of("--resume", "latest"));
        String resumed = submit(submissions.get("usage-stats"), environment, List.of(), resume);
        produceFlights(input, t0, flights, List.of("bob", "dave"), 6_100, 7_300, 8_500);
        await(resumed, "statistics of the flights after the resume", () -> lastStatisticsPerUser(output),
                statistics -> statistics.containsKey("dave@example.com"));
        flink(environment, "stop", "--drain", resumed);
        cluster.awaitJobState(resumed, "FINISHED", TIMEOUT);

        assertThat(rows(ownDatabase)).as("user_statistics").isEqualTo(totals(flights));
        assertThat(lastStatisticsPerUser(output)).as("the last statistics of each user in " + output)
                .isEqualTo(totals(flights));
    }

    /**
     * Produces, on both partitions of {@code topic}, a flight of each of {@code users} at each of {@code offsets}
     * (milliseconds after {@code t0}, their Kafka timestamps and event times), and adds them to {@code flights}.
     */
    private static void produceFlights(String topic, Instant t0, List<FlightData> flights, List<String> users,
            long... offsets) {
        for (int partition = 0; partition < 2; partition++) {
            List<TestKafka.Message> messages = new ArrayList<>();
            for (long offset : offsets) {
                String email = users.get(partition) + "@example.com";
                Instant departure = t0.minus(Duration.ofDays(2)).plusSeconds(offset);
                FlightData flight = new FlightData(email, departure, "LHR",
                        departure.plus(Duration.ofMinutes(60 + flights.size())), "JFK", "F" + flights.size(),
                        "C" + flights.size(), FlightData.SKYONE);
                flights.add(flight);
                messages.add(new TestKafka.Message(email, FLIGHT_JSON.writeAsString(flight),
                        t0.plusMillis(offset).toEpochMilli()));
            }
            kafka.produce(topic, partition, messages);
        }
    }

    /** Each user's total flight seconds and number of flights. */
    private static Map<String, List<Object>> totals(List<FlightData> flights) {
        Map<String, List<Object>> expected = new TreeMap<>();
        for (FlightData flight : flights) {
            long seconds = Duration.between(flight.departureTime(), flight.arrivalTime()).toSeconds();
            expected.merge(flight.emailAddress(), List.of(seconds, 1L), (a, b) ->
                    List.of((Long) a.get(0) + (Long) b.get(0), (Long) a.get(1) + (Long) b.get(1)));
        }
        return expected;
    }

    /** The rows of user_statistics as each user's total flight seconds and number of flights. */
    private static Map<String, List<Object>> rows(TestDatabase database) {
        Map<String, List<Object>> rows = new TreeMap<>();
        for (List<Object> row : database.query("SELECT email_address, total_flight_duration_seconds,"
                + " number_of_flights FROM user_statistics")) {
            rows.put((String) row.get(0), List.of(row.get(1), row.get(2)));
        }
        return rows;
    }

    /** The last committed statistics of each user in {@code topic}, as total flight seconds and flights. */
    private static Map<String, List<Object>> lastStatisticsPerUser(String topic) throws Exception {
        Map<String, List<Object>> lastPerUser = new TreeMap<>();
        for (var record : kafka.readCommitted(topic)) {
            UserStatistics statistics = STATISTICS_JSON.read(record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(statistics.emailAddress());
            lastPerUser.put(statistics.emailAddress(), List.of(
                    Duration.ofMillis(statistics.totalFlightDurationMillis()).toSeconds(),
                    statistics.numberOfFlights()));
        }
        return lastPerUser;
    }

    @Test
    void aJarRunFromTheWebUiWithABadOptionAnswersItsErrorAndTheJobManagerGoesOn() throws Exception {
        Submission charCount = submissions.get("char-count");
        String jar = cluster.uploadJar(REPOSITORY.resolve(charCount.module()).resolve("target")
                .resolve(charCount.jar()));

        StandaloneFlinkCluster.RestAnswer refused = cluster.runJar(jar, List.of("--checkpoint-interval", "soon"));

        assertThat(refused.status()).as("HTTP status of " + refused.body()).isGreaterThanOrEqualTo(400);
        assertThat(refused.body().toString()).contains("char-count: invalid value 'soon' for --checkpoint-interval:"
                + " expected a positive duration with a unit such as 500ms, 5s, 1min, or off");
        assertThat(cluster.jobManagerAlive()).as("the JobManager's process").isTrue();

        String topic = kafka.createTopic("rest-topic", 1);
        Path sink = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "sink-");
        StandaloneFlinkCluster.RestAnswer ran = cluster.runJar(jar, List.of("--bootstrap-servers",
                kafka.bootstrapServers(), "--topic", topic, "--output", sink.toString()));
        assertThat(ran.status()).as("HTTP status of " + ran.body()).isEqualTo(200);
        String jobId = ran.body().path("jobid").asText();
        cluster.awaitJobState(jobId, "RUNNING", TIMEOUT);
        kafka.produce(topic, List.of("after", "the refusal"));
        awaitLines(jobId, sink, List.of("5", "11"));
        flink(environment(sink), "cancel", jobId);
        cluster.awaitJobState(jobId, "CANCELED", TIMEOUT);
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

    private static Map<String, String> environment(Path sink) {
        return environment(sink, database);
    }

    /** The environment of {@code flink run}, as docker compose sets it, with {@code target} as the database. */
    private static Map<String, String> environment(Path sink, TestDatabase target) {
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "JDBC_URL", target.jdbcUrl(),
                "JDBC_USER", target.user(),
                "JDBC_PASSWORD", target.password(),
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
