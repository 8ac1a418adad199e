package io.github.flinkjobs.usagestats;

import static io.github.flinkjobs.usagestats.UsageStatsFixtures.flight;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.message;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.recentHour;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.row;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.rows;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.statistics;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.statisticsByUser;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.withBatchRewrite;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.config.JobMain;
import io.github.flinkjobs.core.model.UserStatistics;
import io.github.flinkjobs.testing.BackgroundJob;
import io.github.flinkjobs.testing.ClusterJobs;
import io.github.flinkjobs.testing.FlinkTestCluster;
import io.github.flinkjobs.testing.TestDatabase;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestPostgres;
import io.github.flinkjobs.testing.TestServices;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Usage statistics running unbounded on a flights topic of two partitions of which only one ever gets a record: with
 * a short {@code --idleness} the silent partition stops holding the watermark back, so the windows up to the last
 * flight's watermark fire and their cumulative statistics reach Kafka and PostgreSQL while the job runs. The window
 * of the last flight stays open. The job never restarts; the test cancels it at the end.
 */
class UsageStatsIdlePartitionsIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    private static final String ANA = "ana@example.com";
    private static final String BOB = "bob@example.com";
    private static final String CARLA = "carla@example.com";

    @Test
    void windowsFireWhileOnePartitionIsSilent(@InjectClusterClient RestClusterClient<?> client) throws Exception {
        TestKafka kafka = TestKafka.get();
        TestDatabase database = TestPostgres.get().createDatabase();
        database.createTables();
        String input = kafka.createTopic("idle-flights", 2);
        String output = kafka.createTopic("statistics", 2);
        Instant t0 = recentHour();
        Instant departure = t0.minus(Duration.ofDays(1));
        kafka.produce(input, 0, List.of(
                message(flight(ANA, departure, Duration.ofHours(2), "A1"), t0.plusMillis(100)),
                message(flight(BOB, departure, Duration.ofMinutes(30), "B1"), t0.plusMillis(200)),
                message(flight(ANA, departure, Duration.ofMinutes(75), "A2"), t0.plusMillis(1_100)),
                message(flight(BOB, departure, Duration.ofMinutes(45), "B2"), t0.plusMillis(2_300)),
                message(flight(ANA, departure, Duration.ofMinutes(10), "A3"), t0.plusMillis(2_500)),
                message(flight(CARLA, departure, Duration.ofHours(4), "C1"), t0.plusMillis(5_000))));
        String[] arguments = {"--bootstrap-servers", kafka.bootstrapServers(), "--input-topic", input,
                "--output-topic", output, "--group-id", TestServices.randomName("group"),
                "--jdbc-url", withBatchRewrite(database.jdbcUrl()), "--jdbc-user", database.user(),
                "--window", "1s", "--out-of-orderness", "100ms", "--idleness", "500ms",
                "--checkpoint-interval", "300ms"};
        BackgroundJob job = BackgroundJob.start("usage-stats-unbounded", URI.create(client.getWebInterfaceURL()),
                () -> JobMain.execute(UsageStatsJob.SPEC, arguments, Map.of("JDBC_PASSWORD", database.password()),
                        UsageStatsJob::run, System.out, System.err));
        ClusterJobs jobs = new ClusterJobs(client);
        Map<String, List<UserStatistics>> expected = Map.of(
                ANA, List.of(
                        statistics(ANA, Duration.ofHours(2), 1, t0.plusSeconds(1)),
                        statistics(ANA, Duration.parse("PT3H15M"), 2, t0.plusSeconds(2)),
                        statistics(ANA, Duration.parse("PT3H25M"), 3, t0.plusSeconds(3))),
                BOB, List.of(
                        statistics(BOB, Duration.ofMinutes(30), 1, t0.plusSeconds(1)),
                        statistics(BOB, Duration.parse("PT1H15M"), 2, t0.plusSeconds(3))));

        job.awaitAtLeast(5, () -> kafka.readCommitted(output));
        assertThat(statisticsByUser(kafka, output)).as("the windows up to 3s fired, the one of 5s is open")
                .containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(rows(database)).as("flushed by the checkpoint that committed the Kafka records").containsExactly(
                row(ANA, Duration.parse("PT3H25M"), 3, t0.plusSeconds(3)),
                row(BOB, Duration.parse("PT1H15M"), 2, t0.plusSeconds(3)));
        JobID id = jobs.latest(UsageStatsJob.SPEC.name());
        jobs.cancel(id);
        job.awaitCancelled();

        assertThat(statisticsByUser(kafka, output)).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(jobs.failures(id)).as("failures").isZero();
        assertThat(jobs.restarts(id)).as("restarts").isZero();
    }
}
