package io.github.flinkjobs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.model.UserStatistics;
import io.github.flinkjobs.reliability.CommittedSavepoints.Fixture;
import io.github.flinkjobs.testing.JobCluster.RunningJob;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestServices;
import io.github.flinkjobs.wordcount.WordCount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The savepoints committed for each release ({@link CommittedSavepoints}) restore in the current build, on the heap
 * backend, and their state is exactly the state they were taken with: each job, started from the savepoint on its
 * input topics recreated with the same records plus the records after the savepoint, reads only the records after
 * it and commits exactly what the saved state and those records give. A change to the jobs that breaks restoring
 * the state of an earlier release fails here (see docs/state-compatibility.md).
 */
class CommittedSavepointsIT {

    private static TestCluster cluster;

    @TempDir
    Path temporary;

    @BeforeAll
    static void startCluster() throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        cluster = TestCluster.start(1, CommittedSavepoints.PARALLELISM, configuration);
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

    static List<String> usageStatsReleases() {
        return CommittedSavepoints.releases(CommittedSavepoints.USAGE_STATS);
    }

    static List<String> usageStatsRocksDbReleases() {
        return CommittedSavepoints.releases(CommittedSavepoints.USAGE_STATS_ROCKSDB);
    }

    static List<String> wordCountReleases() {
        return CommittedSavepoints.releases(CommittedSavepoints.WORD_COUNT);
    }

    static List<String> flightImporterReleases() {
        return CommittedSavepoints.releases(CommittedSavepoints.FLIGHT_IMPORTER);
    }

    static List<String> charCountReleases() {
        return CommittedSavepoints.releases(CommittedSavepoints.CHAR_COUNT);
    }

    @ParameterizedTest(name = "savepoint of {0}")
    @MethodSource("usageStatsReleases")
    void usageStatisticsContinueFromTheSavedTotals(String release) throws Exception {
        Map<String, List<UserStatistics>> restored = restore(cluster, CommittedSavepoints.USAGE_STATS, release,
                temporary);
        assertContinuesFromSavedTotals(CommittedSavepoints.USAGE_STATS, restored);
    }

    @ParameterizedTest(name = "savepoint of {0}")
    @MethodSource("usageStatsRocksDbReleases")
    void usageStatisticsOfARocksDbSavepointRestoreOnTheHeapBackend(String release) throws Exception {
        Map<String, List<UserStatistics>> restored = restore(cluster, CommittedSavepoints.USAGE_STATS_ROCKSDB,
                release, temporary);
        assertContinuesFromSavedTotals(CommittedSavepoints.USAGE_STATS_ROCKSDB, restored);
    }

    @ParameterizedTest(name = "savepoint of {0}")
    @MethodSource("wordCountReleases")
    void openWordCountWindowsFireWithLinesFromBeforeAndAfterTheSavepoint(String release) throws Exception {
        List<WordCount> counts = restore(cluster, CommittedSavepoints.WORD_COUNT, release, temporary);
        // The window open at the savepoint held lines 20 to 24; lines 25 to 29 came after: 10 lines of 3 words.
        int open = CommittedSavepoints.windowsFiredBefore(CommittedSavepoints.WORD_COUNT);
        assertThat(counts.stream().filter(count -> count.windowStart().equals(
                        CommittedSavepoints.EVENT_TIME_START.plusSeconds(10L * open)))
                .mapToLong(WordCount::count).sum()).as("words of the window open at the savepoint").isEqualTo(30);
    }

    @ParameterizedTest(name = "savepoint of {0}")
    @MethodSource("flightImporterReleases")
    void theImporterResumesAtTheSavedOffsetsWithNoFlightLostOrRepeated(String release) throws Exception {
        restore(cluster, CommittedSavepoints.FLIGHT_IMPORTER, release, temporary);
    }

    @ParameterizedTest(name = "savepoint of {0}")
    @MethodSource("charCountReleases")
    void charCountRestoresItsFileSinkAndWritesEveryCountOnce(String release) throws Exception {
        restore(cluster, CommittedSavepoints.CHAR_COUNT, release, temporary);
    }

    /**
     * Starts {@code fixture}'s job from its savepoint of {@code release} on {@code cluster}, on its input with the
     * records after the savepoint, waits until it has read exactly those, drains it (so windows still open fire and
     * the sinks commit) and checks that it committed exactly {@link CommittedSavepoints#expectedAfter}; that output.
     */
    static <T> T restore(TestCluster cluster, Fixture fixture, String release, Path temporary) throws Exception {
        return restore(cluster, fixture, release, temporary, job -> { });
    }

    /** As {@link #restore(TestCluster, Fixture, String, Path)}, checking {@code whileRunning} before the stop. */
    @SuppressWarnings("unchecked")
    static <T> T restore(TestCluster cluster, Fixture fixture, String release, Path temporary, JobCheck whileRunning)
            throws Exception {
        TestKafka kafka = TestKafka.get();
        fixture.prepareInput(kafka, release);
        String output = CommittedSavepoints.writesFiles(fixture)
                ? temporary.resolve(TestServices.randomName("output")).toString()
                : kafka.createTopic(fixture.name() + "-restored", CommittedSavepoints.PARTITIONS);
        cluster.restoreFrom(fixture.directory(release).toUri().toString());
        RunningJob job = cluster.submit(fixture.main(), CommittedSavepoints.arguments(fixture, kafka, release,
                TestServices.randomName(fixture.name()), output));
        long after = CommittedSavepoints.recordsAfter(fixture);
        cluster.await(job, "the job to read the " + after + " records after the savepoint",
                () -> cluster.recordsRead(job) >= after);
        whileRunning.check(job);
        assertThat(cluster.recordsRead(job)).as("records read after restoring").isEqualTo(after);
        cluster.stopWithSavepoint(job, temporary, true);
        Object committed = CommittedSavepoints.committedOutput(fixture, kafka, output);
        assertThat(committed).as("output of %s restored from its savepoint of %s", fixture.name(), release)
                .isEqualTo(CommittedSavepoints.expectedAfter(fixture));
        return (T) committed;
    }

    /** A check of a running job. */
    @FunctionalInterface
    interface JobCheck {
        void check(RunningJob job) throws Exception;
    }

    /**
     * Each user's first statistics after the restore are the saved total (the user's last statistics before the
     * savepoint) plus the user's flights of the window then open.
     */
    static void assertContinuesFromSavedTotals(Fixture fixture, Map<String, List<UserStatistics>> restored) {
        @SuppressWarnings("unchecked")
        Map<String, List<UserStatistics>> saved =
                (Map<String, List<UserStatistics>>) CommittedSavepoints.expectedBefore(fixture);
        assertThat(restored.keySet()).as("users").isEqualTo(saved.keySet()).hasSize(5);
        saved.forEach((user, before) -> {
            UserStatistics total = before.get(before.size() - 1);
            UserStatistics first = restored.get(user).get(0);
            assertThat(first.numberOfFlights()).as("flights of %s", user).isEqualTo(total.numberOfFlights() + 2);
            assertThat(first.totalFlightDurationMillis()).as("flight time of %s", user)
                    .isGreaterThan(total.totalFlightDurationMillis());
        });
    }
}
