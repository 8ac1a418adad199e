package io.github.flinkjobs.usagestats;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.config.JobMain;
import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.core.model.UserStatistics;
import io.github.flinkjobs.testing.TestDatabase;
import io.github.flinkjobs.testing.TestKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What the job's integration tests share: flights as Kafka messages, the job's outputs read back. */
final class UsageStatsFixtures {

    static final JsonCodec<FlightData> FLIGHT_JSON = JsonCodec.of(FlightData.class);
    static final JsonCodec<UserStatistics> STATISTICS_JSON = JsonCodec.of(UserStatistics.class);

    private UsageStatsFixtures() {
    }

    /**
     * A whole hour two hours ago: event times of produced records start here. Recent, because the broker refuses
     * record timestamps far in the future and its time-based retention deletes old ones.
     */
    static Instant recentHour() {
        return Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    }

    /** A flight of {@code email} of {@code duration}, departing at {@code departure}. */
    static FlightData flight(String email, Instant departure, Duration duration, String flightNumber) {
        return new FlightData(email, departure, "LHR", departure.plus(duration), "JFK", flightNumber,
                "C" + flightNumber, FlightData.SKYONE);
    }

    /** The flight as a Kafka message whose timestamp, the job's event time, is {@code eventTime}. */
    static TestKafka.Message message(FlightData flight, Instant eventTime) {
        return new TestKafka.Message(null, FLIGHT_JSON.writeAsString(flight), eventTime.toEpochMilli());
    }

    /** Runs the job as its {@code main} does, failing the test on a refused option. */
    static void runJob(Map<String, String> environment, String... args) throws Exception {
        assertThat(JobMain.execute(UsageStatsJob.SPEC, args, environment, UsageStatsJob::run, System.out,
                System.err)).as("exit status").isZero();
    }

    /** Every committed record of the statistics topic, per Kafka key in topic order; checks key = email address. */
    static Map<String, List<UserStatistics>> statisticsByUser(TestKafka kafka, String topic) {
        Map<String, List<UserStatistics>> byUser = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : kafka.readCommitted(topic)) {
            String key = new String(record.key(), StandardCharsets.UTF_8);
            UserStatistics statistics = read(new String(record.value(), StandardCharsets.UTF_8));
            assertThat(statistics.emailAddress()).as("Kafka key").isEqualTo(key);
            byUser.computeIfAbsent(key, user -> new ArrayList<>()).add(statistics);
        }
        return byUser;
    }

    static UserStatistics read(String json) {
        try {
            return STATISTICS_JSON.read(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not UserStatistics JSON: " + json, e);
        }
    }

    /** The database's URL with the driver's rewriting of batches into multi-row inserts turned on. */
    static String withBatchRewrite(String jdbcUrl) {
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
    }

    /** The rows of {@code user_statistics}: email, seconds, flights, window end; ordered by email. */
    static List<List<Object>> rows(TestDatabase database) {
        return database.query("SELECT email_address, total_flight_duration_seconds, number_of_flights, window_end"
                        + " FROM user_statistics ORDER BY email_address").stream()
                .map(row -> List.of(row.get(0), row.get(1), row.get(2), ((Timestamp) row.get(3)).toInstant()))
                .toList();
    }

    /** A row as {@link #rows} returns it. */
    static List<Object> row(String email, Duration total, long flights, Instant windowEnd) {
        return List.of(email, total.toSeconds(), flights, windowEnd);
    }

    /** The statistics of {@code email} as the job emits them. */
    static UserStatistics statistics(String email, Duration total, long flights, Instant windowEnd) {
        return new UserStatistics(email, total.toMillis(), flights, windowEnd);
    }
}
