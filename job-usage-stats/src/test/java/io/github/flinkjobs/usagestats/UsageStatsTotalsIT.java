package io.github.flinkjobs.usagestats;

import static io.github.flinkjobs.usagestats.UsageStatsFixtures.message;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.recentHour;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.rows;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.runJob;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.statisticsByUser;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.withBatchRewrite;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.core.model.UserStatistics;
import io.github.flinkjobs.testing.FlinkTestCluster;
import io.github.flinkjobs.testing.TestDatabase;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestPostgres;
import io.github.flinkjobs.testing.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job's totals checked against an independent sum: for a generated corpus of flights, each user's last
 * statistics on Kafka and the user's PostgreSQL row equal the number and summed durations of the user's flights,
 * computed here with plain arithmetic on the generated flights. The database URL turns on the driver's batch
 * rewriting, and a bounded run emits many windows of each user at once, so batches hold users several times.
 */
class UsageStatsTotalsIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    private static final int USERS = 15;
    private static final int FLIGHTS = 1500;
    private static final long WINDOW_MILLIS = Duration.ofMinutes(1).toMillis();
    private static final Duration SPAN = Duration.ofMinutes(30);

    /** A generated flight and the Kafka partition and event time it is produced with. */
    private record Generated(FlightData flight, int partition, Instant eventTime) {
        long durationMillis() {
            return flight.arrivalTime().toEpochMilli() - flight.departureTime().toEpochMilli();
        }

        long windowEndMillis() {
            return (Math.floorDiv(eventTime.toEpochMilli(), WINDOW_MILLIS) + 1) * WINDOW_MILLIS;
        }
    }

    private static List<Generated> corpus(Instant t0, Random random) {
        List<Generated> flights = new ArrayList<>();
        for (int i = 0; i < FLIGHTS; i++) {
            String email = String.format("user%02d@example.com", random.nextInt(USERS));
            Instant departure = t0.minus(Duration.ofDays(2)).plusMillis(random.nextLong(Duration.ofDays(1).toMillis()));
            Instant arrival = departure.plusMillis(random.nextLong(Duration.ofMinutes(20).toMillis(),
                    Duration.ofHours(16).toMillis()));
            FlightData flight = new FlightData(email, departure, "LHR", arrival, "JFK", "F" + i, "C" + i,
                    random.nextBoolean() ? FlightData.SKYONE : FlightData.SUNSET);
            flights.add(new Generated(flight, random.nextInt(2),
                    t0.plusMillis(random.nextLong(SPAN.toMillis()))));
        }
        return flights;
    }

    /** Each user's expected statistics after each window with flights of the user, by plain sums. */
    private static Map<String, List<UserStatistics>> independentSums(List<Generated> flights) {
        Map<String, TreeMap<Long, long[]>> perWindow = new TreeMap<>();
        for (Generated generated : flights) {
            long[] sums = perWindow.computeIfAbsent(generated.flight().emailAddress(), user -> new TreeMap<>())
                    .computeIfAbsent(generated.windowEndMillis(), end -> new long[2]);
            sums[0] += generated.durationMillis();
            sums[1]++;
        }
        Map<String, List<UserStatistics>> expected = new TreeMap<>();
        perWindow.forEach((user, windows) -> {
            long millis = 0;
            long count = 0;
            List<UserStatistics> sequence = new ArrayList<>();
            for (Map.Entry<Long, long[]> window : windows.entrySet()) {
                millis += window.getValue()[0];
                count += window.getValue()[1];
                sequence.add(new UserStatistics(user, millis, count, Instant.ofEpochMilli(window.getKey())));
            }
            expected.put(user, sequence);
        });
        return expected;
    }

    @Test
    void theLastStatisticsOfEachUserAndItsRowEqualTheSumOfTheUsersFlights() throws Exception {
        Instant t0 = recentHour();
        List<Generated> flights = corpus(t0, new Random(20_991_231L));
        TestKafka kafka = TestKafka.get();
        String input = kafka.createTopic("flights", 2);
        String output = kafka.createTopic("statistics", 2);
        for (int partition = 0; partition < 2; partition++) {
            int p = partition;
            kafka.produce(input, partition, flights.stream()
                    .filter(generated -> generated.partition() == p)
                    .sorted(Comparator.comparing(Generated::eventTime))
                    .map(generated -> message(generated.flight(), generated.eventTime()))
                    .toList());
        }
        TestDatabase database = TestPostgres.get().createDatabase();
        database.createTables();

        runJob(Map.of("JDBC_PASSWORD", database.password()),
                "--bootstrap-servers", kafka.bootstrapServers(), "--bounded", "--input-topic", input,
                "--output-topic", output, "--group-id", TestServices.randomName("group"),
                "--jdbc-url", withBatchRewrite(database.jdbcUrl()), "--jdbc-user", database.user(),
                "--checkpoint-interval", "300ms", "--idleness", "1h");

        Map<String, List<UserStatistics>> expected = independentSums(flights);
        Map<String, List<UserStatistics>> emitted = statisticsByUser(kafka, output);
        assertThat(emitted.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet()).hasSize(USERS);
        List<List<Object>> expectedRows = new ArrayList<>();
        expected.forEach((user, sequence) -> {
            UserStatistics last = sequence.get(sequence.size() - 1);
            assertThat(emitted.get(user).get(emitted.get(user).size() - 1)).as("last statistics of " + user)
                    .isEqualTo(last);
            expectedRows.add(List.of(user, last.totalFlightDurationMillis() / 1000, last.numberOfFlights(),
                    last.windowEnd()));
        });
        assertThat(rows(database)).isEqualTo(expectedRows);
        assertThat(emitted).as("one cumulative record per user and window with flights")
                .containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(expected.values().stream().mapToLong(sequence -> sequence.get(sequence.size() - 1)
                .numberOfFlights()).sum()).isEqualTo(FLIGHTS);
    }
}
