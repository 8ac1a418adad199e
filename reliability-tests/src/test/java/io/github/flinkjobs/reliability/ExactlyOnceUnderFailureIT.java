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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under failure: the flight importer and usage statistics run at parallelism 2, checkpointing every
 * 300 ms, on two TaskManagers of one slot each; after a checkpoint has committed output, while a Kafka transaction
 * holds records that are not committed yet, one TaskManager is killed (and a new one started), so the job restarts
 * from its last checkpoint with a transaction of the dead TaskManager left open on the broker. The committed output
 * must then be exactly the failure-free output, without loss or duplicates, the PostgreSQL table must end equal, and
 * the transaction left open must not block {@code read_committed} readers: the last stable offset passes every record
 * written before the crash.
 *
 * <p>The input is held back by {@link ThrottledConsumption} until the first output is committed, and then paced, so
 * the crash always comes while input is still flowing, however slow the machine.
 */
class ExactlyOnceUnderFailureIT {

    private static final int BOOKINGS = 1500;
    private static final String CHECKPOINT_INTERVAL = "300ms";

    private static TestCluster cluster;

    @TempDir
    Path temporary;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.startDetectingLostTaskManagersFast(2, 1);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @AfterEach
    void releaseInputAndCancelJobs() throws Exception {
        ThrottledConsumption.release();
        cluster.cancelUnfinishedJobs();
    }

    @Test
    void theImporterCommitsEveryFlightExactlyOnceAcrossATaskManagerCrash() throws Exception {
        TestKafka kafka = TestKafka.get();
        FlightFeeds feeds = new FlightFeeds(9);
        String skyOne = kafka.createTopic("skyone", FlightFeeds.PARTITIONS);
        String sunset = kafka.createTopic("sunset", FlightFeeds.PARTITIONS);
        String flights = kafka.createTopic("flightdata", FlightFeeds.PARTITIONS);
        feeds.produce(kafka, skyOne, sunset, 0, BOOKINGS);

        // Four source readers (two feeds, two partitions each): hold each after a tenth of its partition.
        Crash crash = runWithCrash(FlightImporterJob::main, withInterceptor("--bootstrap-servers",
                kafka.bootstrapServers(), "--skyone-topic", skyOne, "--sunset-topic", sunset, "--output-topic",
                flights, "--group-id", TestServices.randomName("importer"), "--now", feeds.now().toString(),
                "--bounded", "--parallelism", "2", "--checkpoint-interval", CHECKPOINT_INTERVAL), flights,
                BOOKINGS / 2 / 10);

        assertThat(FlightFeeds.committedFlights(kafka, flights)).as("flights committed")
                .isEqualTo(feeds.importedFlights(BOOKINGS));
        crash.assertOpenTransactionResolved(TopicOffsets.of(kafka.bootstrapServers(), flights,
                FlightFeeds.PARTITIONS));
    }

    @Test
    void usageStatisticsEqualTheFailureFreeRunAcrossATaskManagerCrash() throws Exception {
        TestKafka kafka = TestKafka.get();
        FlightFeeds feeds = new FlightFeeds(11);
        String flights = kafka.createTopic("flightdata", FlightFeeds.PARTITIONS);
        feeds.produceFlights(kafka, flights, 0, 2 * BOOKINGS);

        String failureFreeTopic = kafka.createTopic("statistics", FlightFeeds.PARTITIONS);
        TestDatabase failureFreeDatabase = TestPostgres.get().createDatabase();
        failureFreeDatabase.createTables();
        cluster.awaitEnd(cluster.submit(UsageStatsJob::main,
                UsageStatsArguments.of(kafka, flights, failureFreeTopic, failureFreeDatabase,
                        TestServices.randomName("usage-stats"), temporary, "--bounded", "--parallelism", "2")));

        String statistics = kafka.createTopic("statistics", FlightFeeds.PARTITIONS);
        TestDatabase database = TestPostgres.get().createDatabase();
        database.createTables();
        // Two source readers: hold each after a tenth of its partition.
        Crash crash = runWithCrash(UsageStatsJob::main,
                withInterceptor(UsageStatsArguments.of(kafka, flights, statistics, database,
                        TestServices.randomName("usage-stats"), temporary, "--bounded", "--parallelism", "2")
                        .toArray(String[]::new)),
                statistics, BOOKINGS / 10);

        Map<String, List<String>> expected = Outputs.committedByKey(kafka, failureFreeTopic);
        assertThat(expected).as("users with statistics").hasSizeGreaterThan(50);
        assertThat(Outputs.committedByKey(kafka, statistics)).as("statistics per user").isEqualTo(expected);
        assertThat(Outputs.userStatisticsRows(database)).as("user_statistics")
                .isEqualTo(Outputs.userStatisticsRows(failureFreeDatabase))
                .hasSize(expected.size());
        crash.assertOpenTransactionResolved(TopicOffsets.of(kafka.bootstrapServers(), statistics,
                FlightFeeds.PARTITIONS));
    }

    private static List<String> withInterceptor(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(ThrottledConsumption.OPTION));
        return all;
    }

    /**
     * The output topic's offsets when the TaskManager was killed, with a transaction holding records.
     *
     * @param atCrash offsets of the output topic just before the crash
     */
    private record Crash(TopicOffsets atCrash) {
        /**
         * Checks that nothing is left open: on every partition the last stable offset is the log end offset, and
         * it is past every record written before the crash, those of the transaction the crash left open included.
         */
        void assertOpenTransactionResolved(TopicOffsets atEnd) {
            assertThat(atEnd.lastStable()).as("last stable offsets at the end").isEqualTo(atEnd.logEnd());
            atCrash.logEnd().forEach((partition, written) -> {
                if (written > atCrash.lastStable().get(partition)) {
                    assertThat(atEnd.lastStable().get(partition))
                            .as("last stable offset of partition %d, written up to %d at the crash", partition,
                                    written)
                            .isGreaterThan(written);
                }
            });
        }
    }

    /**
     * Runs a job whose sources each pass {@code heldAfter} records and wait; once a checkpoint has committed output,
     * paces the input, waits for a transaction holding records, kills a TaskManager, lets the input flow and waits
     * for the job to finish after at least one restart.
     */
    private Crash runWithCrash(MainMethod main, List<String> args, String output, int heldAfter)
            throws Exception {
        String bootstrapServers = TestKafka.get().bootstrapServers();
        ThrottledConsumption.holdAfter(heldAfter);
        RunningJob job = cluster.submit(main, args);
        cluster.await(job, "committed output", () -> cluster.completedCheckpoints(job) > 0
                && TopicOffsets.of(bootstrapServers, output, FlightFeeds.PARTITIONS).anyCommitted());
        ThrottledConsumption.pace(3);
        TopicOffsets[] atCrash = new TopicOffsets[1];
        cluster.await(job, "a transaction holding records", () -> {
            atCrash[0] = TopicOffsets.of(bootstrapServers, output, FlightFeeds.PARTITIONS);
            return atCrash[0].transactionOpen();
        });
        assertThat(job.main().isDone()).as("job ended before the crash").isFalse();
        cluster.replaceTaskManager();
        ThrottledConsumption.release();
        cluster.awaitEnd(job);
        assertThat(cluster.restarts(job)).as("restarts of the job's tasks").isGreaterThanOrEqualTo(1);
        return new Crash(atCrash[0]);
    }
}
