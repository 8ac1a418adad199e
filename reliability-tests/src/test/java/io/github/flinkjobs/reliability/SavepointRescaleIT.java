package io.github.flinkjobs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.flightimporter.FlightImporterJob;
import io.github.flinkjobs.testing.JobCluster.RunningJob;
import io.github.flinkjobs.testing.TestDatabase;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestPostgres;
import io.github.flinkjobs.testing.TestServices;
import io.github.flinkjobs.usagestats.UsageStatsJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop with a savepoint and resume, rescaled: the flight importer and usage statistics read their input in three
 * parts, in three runs at parallelism 2, 1 and 2, each run resumed from the savepoint the previous one was stopped
 * with (as {@code flink stop} and {@code flink run -s}). The final output equals that of one uninterrupted run: for
 * the importer the flights of every booking, each once; for usage statistics the same statistics per user on Kafka
 * and the same {@code user_statistics} rows as a bounded run over the whole input.
 *
 * <p>Usage statistics' last run is stopped with {@code --drain} semantics, so the end of event time fires the
 * windows still open; its sources are never idle ({@code --idleness 1h}), which a drained stop needs (FLINK-40499).
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
    void usageStatisticsResumedAtParallelism1And2EqualAnUninterruptedRun() throws Exception {
        TestKafka kafka = TestKafka.get();
        FlightFeeds feeds = new FlightFeeds(17);
        String flights = kafka.createTopic("flightdata", FlightFeeds.PARTITIONS);
        String statistics = kafka.createTopic("statistics", FlightFeeds.PARTITIONS);
        TestDatabase database = TestPostgres.get().createDatabase();
        database.createTables();
        String group = TestServices.randomName("usage-stats");

        int from = 0;
        for (int part = 0; part < PART_ENDS.length; part++) {
            feeds.produceFlights(kafka, flights, from, PART_ENDS[part]);
            RunningJob job = cluster.submit(UsageStatsJob::main, UsageStatsArguments.of(kafka, flights,
                    statistics, database, group, temporary, "--parallelism", Integer.toString(PARALLELISMS[part])));
            long partSize = PART_ENDS[part] - from;
            cluster.await(job, "the job to read " + partSize + " flights", () -> cluster.recordsRead(job) >= partSize);
            assertThat(cluster.recordsRead(job)).as("flights read in run %d", part + 1).isEqualTo(partSize);
            boolean last = part == PART_ENDS.length - 1;
            cluster.restoreFrom(cluster.stopWithSavepoint(job, temporary, last));
            from = PART_ENDS[part];
        }
        cluster.restoreFrom(null);

        String uninterrupted = kafka.createTopic("statistics", FlightFeeds.PARTITIONS);
        TestDatabase uninterruptedDatabase = TestPostgres.get().createDatabase();
        uninterruptedDatabase.createTables();
        cluster.awaitEnd(cluster.submit(UsageStatsJob::main, UsageStatsArguments.of(kafka, flights, uninterrupted,
                uninterruptedDatabase, TestServices.randomName("usage-stats"), temporary, "--parallelism", "2",
                "--bounded")));

        Map<String, List<String>> expected = Outputs.committedByKey(kafka, uninterrupted);
        assertThat(expected).as("users with statistics").hasSizeGreaterThan(50);
        assertThat(Outputs.committedByKey(kafka, statistics)).as("statistics per user").isEqualTo(expected);
        assertThat(Outputs.userStatisticsRows(database)).as("user_statistics")
                .isEqualTo(Outputs.userStatisticsRows(uninterruptedDatabase))
                .hasSize(expected.size());
    }
}
