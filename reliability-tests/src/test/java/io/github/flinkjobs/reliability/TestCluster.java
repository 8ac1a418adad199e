package io.github.flinkjobs.reliability;

import io.github.flinkjobs.testing.JobCluster;
import io.github.flinkjobs.testing.JobCluster.MainMethod;
import io.github.flinkjobs.testing.JobCluster.RunningJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;

/**
 * A {@link JobCluster} a test controls further: TaskManagers killed and replaced, a job's checkpoints and restarts
 * counted, and waits that, when they run out, say what became of the job.
 */
final class TestCluster implements AutoCloseable {

    /**
     * Longest wait for anything a job does in these small tests: ample, so that a job that recovers from a stall
     * (a Kafka client call blocks for up to {@code max.block.ms}, 60 s, before it fails and the job restarts) still
     * passes on a busy machine, and a job that never gets there fails with its state in the message.
     */
    static final Duration LIMIT = Duration.ofSeconds(120);

    private final JobCluster jobs;
    private final MiniCluster cluster;
    private int oldestTaskManager;

    private TestCluster(JobCluster jobs) {
        this.jobs = jobs;
        this.cluster = jobs.miniCluster();
    }

    /** Starts a cluster of {@code taskManagers} TaskManagers with {@code slots} slots each. */
    static TestCluster start(int taskManagers, int slots) throws Exception {
        return start(taskManagers, slots, new Configuration());
    }

    /**
     * Starts a cluster like {@link #start(int, int)} whose JobManager notices a lost TaskManager within 5 seconds
     * rather than the default 50, for tests that {@linkplain #replaceTaskManager kill TaskManagers}. Only for those:
     * on a busy machine a heartbeat can be late by seconds, and then a healthy job would fail over.
     */
    static TestCluster startDetectingLostTaskManagersFast(int taskManagers, int slots) throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        configuration.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(5));
        return start(taskManagers, slots, configuration);
    }

    /**
     * Starts a cluster like {@link #start(int, int)} with {@code configuration} as the cluster's configuration (such
     * as {@code state.backend.type: rocksdb}), which jobs use where they set nothing themselves.
     */
    static TestCluster start(int taskManagers, int slots, Configuration configuration) throws Exception {
        configuration.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(100));
        return new TestCluster(JobCluster.start(configuration, taskManagers, slots, taskManagers * slots));
    }

    /** As {@link JobCluster#restoreFrom}. */
    void restoreFrom(String savepoint) {
        jobs.restoreFrom(savepoint);
    }

    /** Runs {@code main} with {@code args} in a thread of its own; returns once its job is in the cluster. */
    RunningJob submit(MainMethod main, List<String> args) throws Exception {
        return jobs.submit("the job of " + args, main, args);
    }

    /** Waits for the job's {@code main} to return, failing on its exception. */
    void awaitEnd(RunningJob job) throws Exception {
        try {
            job.main().get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the job failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("waited " + LIMIT + " for the job to end; the job: " + describe(job), e);
        }
    }

    /** As {@link JobCluster#stopWithSavepoint}, failing with what became of the job as an assertion. */
    String stopWithSavepoint(RunningJob job, Path directory, boolean drain) throws Exception {
        try {
            return jobs.stopWithSavepoint(job, directory, drain, LIMIT);
        } catch (IllegalStateException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** As {@link JobCluster#cancelUnfinishedJobs}. */
    void cancelUnfinishedJobs() throws Exception {
        jobs.cancelUnfinishedJobs();
    }

    /** As {@link JobCluster#recordsRead}. */
    long recordsRead(RunningJob job) throws Exception {
        return jobs.recordsRead(job);
    }

    /**
     * Waits until {@code condition} holds, checking every 50 ms; when it still does not after {@link #LIMIT}, or no
     * longer can because the job's {@code main} has returned, fails saying what became of the job: its status, its
     * tasks' states, its checkpoints and its last failure.
     */
    void await(RunningJob job, String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.holds()) {
            if (job.main().isDone() && !condition.holds()) {
                throw new AssertionError("the job's main returned before " + what + "; the job: " + describe(job));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + LIMIT + " for " + what + "; the job: " + describe(job));
            }
            Thread.sleep(50);
        }
    }

    /** A condition {@link #await} waits for. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    /** What the cluster's REST API says of the job: its state, tasks, checkpoints and failures. */
    String describe(RunningJob job) {
        return jobs.describe(job.id());
    }

    /** Checkpoints the job has completed so far. */
    long completedCheckpoints(RunningJob job) throws Exception {
        AccessExecutionGraph graph = cluster.getExecutionGraph(job.id()).get();
        return graph.getCheckpointStatsSnapshot() == null ? 0
                : graph.getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints();
    }

    /** How often the most restarted task of the job was restarted: 0 for a job that never failed. */
    int restarts(RunningJob job) throws Exception {
        int restarts = 0;
        for (AccessExecutionVertex vertex : cluster.getArchivedExecutionGraph(job.id()).get()
                .getAllExecutionVertices()) {
            restarts = Math.max(restarts, vertex.getCurrentExecutionAttempt().getAttemptNumber());
        }
        return restarts;
    }

    /** Kills the oldest TaskManager still running, as a crashed machine would be, and starts a new one. */
    void replaceTaskManager() throws Exception {
        cluster.terminateTaskManager(oldestTaskManager++).get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        cluster.startTaskManager();
    }

    @Override
    public void close() throws Exception {
        jobs.close();
    }
}
