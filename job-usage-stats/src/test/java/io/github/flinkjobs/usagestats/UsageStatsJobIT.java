package io.github.flinkjobs.usagestats;

import static io.github.flinkjobs.usagestats.UsageStatsFixtures.flight;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.message;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.recentHour;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.row;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.rows;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.runJob;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.statistics;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.statisticsByUser;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.withBatchRewrite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.flinkjobs.core.config.JobMain;
import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.core.model.UserStatistics;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage statistics job end to end on a mini-cluster at parallelism 2: Kafka to Kafka and PostgreSQL, and files
 * to files. Kafka input is produced in event-time order within each partition and read bounded, so every window
 * fires exactly once with all its flights, whatever the timing of watermarks.
 */
class UsageStatsJobIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    private static final JsonCodec<DeadLetter> DEAD_LETTERS = JsonCodec.of(DeadLetter.class);
    private static final String ANA = "ana@example.com";
    private static final String BOB = "bob@example.com";
    private static final String CARLA = "carla@example.com";

    private final TestKafka kafka = TestKafka.get();
    private final TestDatabase database = TestPostgres.get().createDatabase();
    private final Map<String, String> environment = Map.of("JDBC_PASSWORD", database.password());

    @TempDir
    Path temp;

    /**
     * Arguments of a bounded run from {@code input} to {@code output} and, with batch rewriting, PostgreSQL. No
     * partition is ever taken for idle, however slow the machine, so no flight produced in order can be late.
     */
    private String[] kafkaRun(String input, String output) {
        return new String[] {
            "--bootstrap-servers", kafka.bootstrapServers(), "--bounded", "--input-topic", input,
            "--output-topic", output, "--group-id", TestServices.randomName("group"),
            "--jdbc-url", withBatchRewrite(database.jdbcUrl()), "--jdbc-user", database.user(),
            "--checkpoint-interval", "300ms", "--idleness", "1h"};
    }

    @Test
    void emitsCumulativeStatisticsPerWindowToKafkaAndUpsertsThemIntoPostgres() throws Exception {
        database.createTables();
        Instant t0 = recentHour();
        Instant departure = t0.minus(Duration.ofDays(1));
        database.execute("INSERT INTO user_statistics (email_address, total_flight_duration_seconds,"
                + " number_of_flights, window_end) VALUES ('" + BOB + "', 1, 1, '" + t0 + "'),"
                + " ('" + CARLA + "', 99999, 99, '" + t0.plus(Duration.ofDays(1)) + "')");
        String input = kafka.createTopic("flights", 2);
        String output = kafka.createTopic("statistics", 2);
        kafka.produce(input, 0, List.of(
                message(flight(ANA, departure, Duration.ofHours(2), "A1"), t0.plusSeconds(5)),
                message(flight(BOB, departure, Duration.ofMinutes(30), "B1"), t0.plusSeconds(10)),
                new TestKafka.Message(null, "not json", t0.plusSeconds(20).toEpochMilli()),
                message(flight(ANA, departure, Duration.ofMinutes(75), "A2"), t0.plusSeconds(70)),
                message(flight(CARLA, departure, Duration.ofHours(4), "C2"), t0.plusSeconds(100))));
        kafka.produce(input, 1, List.of(
                message(flight(BOB, departure, Duration.ofMinutes(45), "B2"), t0.plusSeconds(30)),
                message(flight(CARLA, departure, Duration.ofHours(1), "C1"), t0.plusSeconds(40)),
                message(flight(ANA, departure, Duration.ofMinutes(10), "A3"), t0.plusSeconds(130)),
                message(flight(BOB, departure, Duration.ofHours(2), "B3"), t0.plusSeconds(190))));

        runJob(environment, kafkaRun(input, output));

        assertThat(statisticsByUser(kafka, output)).containsOnly(
                Map.entry(ANA, List.of(
                        statistics(ANA, Duration.ofHours(2), 1, t0.plusSeconds(60)),
                        statistics(ANA, Duration.parse("PT3H15M"), 2, t0.plusSeconds(120)),
                        statistics(ANA, Duration.parse("PT3H25M"), 3, t0.plusSeconds(180)))),
                Map.entry(BOB, List.of(
                        statistics(BOB, Duration.parse("PT1H15M"), 2, t0.plusSeconds(60)),
                        statistics(BOB, Duration.parse("PT3H15M"), 3, t0.plusSeconds(240)))),
                Map.entry(CARLA, List.of(
                        statistics(CARLA, Duration.ofHours(1), 1, t0.plusSeconds(60)),
                        statistics(CARLA, Duration.ofHours(5), 2, t0.plusSeconds(120)))));
        assertThat(rows(database)).as("the row of a newer window than the job's stays").containsExactly(
                row(ANA, Duration.parse("PT3H25M"), 3, t0.plusSeconds(180)),
                row(BOB, Duration.parse("PT3H15M"), 3, t0.plusSeconds(240)),
                row(CARLA, Duration.ofSeconds(99999), 99, t0.plus(Duration.ofDays(1))));
        List<String> deadLetters = kafka.readCommittedValues(input + ".dlq");
        assertThat(deadLetters).hasSize(1);
        DeadLetter deadLetter = DEAD_LETTERS.read(deadLetters.get(0));
        assertThat(List.of(deadLetter.source(), deadLetter.raw(), deadLetter.reason()))
                .containsExactly(input, "not json", "malformed-json");
    }

    @Test
    void replayingOlderWindowsNeverOverwritesANewerTotal() throws Exception {
        database.createTables();
        Instant t0 = recentHour();
        Instant departure = t0.minus(Duration.ofDays(1));
        List<TestKafka.Message> firstWindow = List.of(
                message(flight(ANA, departure, Duration.ofHours(1), "A1"), t0.plusSeconds(5)),
                message(flight(BOB, departure, Duration.ofMinutes(30), "B1"), t0.plusSeconds(10)));
        String flights = kafka.createTopic("flights", 1);
        kafka.produce(flights, 0, firstWindow);
        kafka.produce(flights, 0, List.of(
                message(flight(ANA, departure, Duration.ofHours(2), "A2"), t0.plusSeconds(70))));
        runJob(environment, kafkaRun(flights, TestServices.randomName("statistics")));
        List<List<Object>> newest = List.of(
                row(ANA, Duration.ofHours(3), 2, t0.plusSeconds(120)),
                row(BOB, Duration.ofMinutes(30), 1, t0.plusSeconds(60)));
        assertThat(rows(database)).isEqualTo(newest);

        String replay = kafka.createTopic("replay", 1);
        kafka.produce(replay, 0, firstWindow);
        String replayOutput = TestServices.randomName("statistics");
        runJob(environment, kafkaRun(replay, replayOutput));

        assertThat(statisticsByUser(kafka, replayOutput)).as("the replay emitted the older total").containsEntry(
                ANA, List.of(statistics(ANA, Duration.ofHours(1), 1, t0.plusSeconds(60))));
        assertThat(rows(database)).isEqualTo(newest);
    }

    @Test
    void readsTheSampleFileAndWritesStatisticsAndDeadLettersToFiles() throws Exception {
        Path output = temp.resolve("statistics");
        Path deadLetterOutput = temp.resolve("dlq");
        Path input = Repository.file("test-data/flightdata.jsonl");

        runJob(Map.of(), "--input", input.toString(), "--output", output.toString(),
                "--dlq-output", deadLetterOutput.toString(), "--checkpoint-interval", "300ms");

        List<UserStatistics> statistics = PartFiles.lines(output).stream().map(UsageStatsFixtures::read).toList();
        assertThat(PartFiles.finished(output)).allSatisfy(file ->
                assertThat(file.getFileName().toString()).startsWith("user-statistics-").endsWith(".jsonl"));
        Map<String, UserStatistics> last = statistics.stream().collect(Collectors.toMap(UserStatistics::emailAddress,
                s -> s, (a, b) -> a.numberOfFlights() > b.numberOfFlights() ? a : b));
        assertThat(last.values()).extracting(UserStatistics::emailAddress, UserStatistics::totalFlightDuration,
                        UserStatistics::numberOfFlights)
                .containsExactlyInAnyOrder(
                        tuple(ANA, Duration.parse("PT26H30M"), 3L),
                        tuple(BOB, Duration.parse("PT7H50M"), 4L),
                        tuple(CARLA, Duration.parse("PT22H15M"), 2L));
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (String line : PartFiles.lines(deadLetterOutput)) {
            deadLetters.add(DEAD_LETTERS.read(line));
        }
        deadLetters.sort(Comparator.comparing(DeadLetter::reason));
        assertThat(deadLetters).extracting(DeadLetter::reason).containsExactly(
                "arrival-before-departure", "malformed-json", "missing-field:emailAddress");
        assertThat(deadLetters).allSatisfy(letter -> assertThat(letter.source()).isEqualTo(input.toString()));
        assertThat(deadLetters.get(0).raw()).contains("\"emailAddress\":\"erin@example.com\"");
    }

    @Test
    void refusesToStartWithoutTheTable() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = JobMain.execute(UsageStatsJob.SPEC, kafkaRun("flights", "statistics"), environment,
                UsageStatsJob::run, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(JobMain.CONFIG_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("usage-stats: table user_statistics does not"
                + " exist in " + withBatchRewrite(database.jdbcUrl()) + ": create it with sql/schema.sql"
                + System.lineSeparator());
    }
}
