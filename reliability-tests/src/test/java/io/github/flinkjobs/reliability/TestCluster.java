package io.github.flinkjobs.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.FailedCheckpointStats;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/**
 * A mini-cluster a test controls beyond what {@code MiniClusterExtension} offers: TaskManagers killed and replaced,
 * jobs stopped with a savepoint and resumed from it. Jobs run through their own {@code main}, in a thread of their
 * own, on this cluster as their execution environment.
 */
final class TestCluster implements AutoCloseable {

    /**
     * Longest wait for anything a job does in these small tests: ample, so that a job that recovers from a stall
     * (a Kafka client call blocks for up to {@code max.block.ms}, 60 s, before it fails and the job restarts) still
     * passes on a busy machine, and a job that never gets there fails with its state in the message.
     */
    static final Duration LIMIT = Duration.ofSeconds(120);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A job submitted by a {@code main} running in {@code main}. */
    record RunningJob(JobID id, Future<?> main) {
    }

    /** A job's {@code main}. */
    @FunctionalInterface
    interface JobMainMethod {
        void main(String[] args) throws Exception;
    }

    private final MiniCluster cluster;
    private final int parallelism;
    private final ExecutorService mains = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "job-main");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newHttpClient();
    private int oldestTaskManager;

    private TestCluster(MiniCluster cluster, int parallelism) {
        this.cluster = cluster;
        this.parallelism = parallelism;
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

    private static TestCluster start(int taskManagers, int slots, Configuration configuration) throws Exception {
        configuration.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(100));
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(taskManagers)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
        TestCluster testCluster = new TestCluster(cluster, taskManagers * slots);
        testCluster.restoreFrom(null);
        return testCluster;
    }

    /**
     * Jobs submitted from now on start from {@code savepoint} ({@code execution.state-recovery.path}, as
     * {@code flink run -s} sets it), or afresh when it is {@code null}.
     */
    void restoreFrom(String savepoint) {
        Configuration configuration = new Configuration();
        if (savepoint != null) {
            configuration.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        ClusterEnvironment.install(cluster, parallelism, configuration);
    }

    /** Runs {@code main} with {@code args} in a thread of its own; returns once its job is in the cluster. */
    RunningJob submit(JobMainMethod main, List<String> args) throws Exception {
        Set<JobID> before = jobIds();
        Future<?> running = mains.submit(() -> {
            main.main(args.toArray(String[]::new));
            return null;
        });
        await("a job submitted by " + args, () -> {
            if (running.isDone()) {
                throw new AssertionError("the job's main returned before its job was seen: " + outcome(running));
            }
            return jobIds().size() > before.size();
        });
        Set<JobID> submitted = jobIds();
        submitted.removeAll(before);
        return new RunningJob(submitted.iterator().next(), running);
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

    /**
     * Stops the job with a savepoint (draining it first with {@code drain}) and waits for its end; the savepoint. As
     * {@code flink stop}, it needs every task running, so it first waits for tasks still restoring their state.
     */
    String stopWithSavepoint(RunningJob job, Path directory, boolean drain) throws Exception {
        await(job, "all of its tasks running", () -> allTasksRunning(job));
        String savepoint = cluster.stopWithSavepoint(job.id(), directory.toUri().toString(), drain,
                SavepointFormatType.CANONICAL).get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            job.main().get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // a job stopped with a savepoint may end its main with an exception; its status tells
        }
        await(job, "the stopped job to finish", () -> cluster.getJobStatus(job.id()).get() == JobStatus.FINISHED);
        return savepoint;
    }

    /** Cancels every job of the cluster that has not ended, so that a failed test leaves no job taking slots. */
    void cancelUnfinishedJobs() throws Exception {
        for (JobStatusMessage job : cluster.listJobs().get()) {
            if (!job.getJobState().isTerminalState()) {
                cluster.cancelJob(job.getJobId()).get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Waits until {@code condition} holds, like {@link #await(String, Condition)}; when it never does, the failure
     * says what became of the job: its status, its tasks' states, its checkpoints and its last failure.
     */
    void await(RunningJob job, String what, Condition condition) throws Exception {
        try {
            await(what, condition);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the job: " + describe(job), e);
        }
    }

    /** A failure and its causes, each as its class and message, on one line. */
    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            text.append(text.isEmpty() ? "" : " <- caused by ").append(cause);
        }
        return text.toString();
    }

    private boolean allTasksRunning(RunningJob job) throws Exception {
        for (AccessExecutionVertex vertex : cluster.getExecutionGraph(job.id()).get().getAllExecutionVertices()) {
            if (vertex.getExecutionState() != ExecutionState.RUNNING) {
                return false;
            }
        }
        return true;
    }

    /**
     * The job's status, how many of its tasks are in each state (naming those not running), how often they were
     * restarted, its checkpoint counts and its last failure, on one line.
     */
    String describe(RunningJob job) {
        try {
            AccessExecutionGraph graph = cluster.getExecutionGraph(job.id()).get();
            Map<ExecutionState, Integer> states = new TreeMap<>();
            List<String> notRunning = new ArrayList<>();
            int attempts = 0;
            for (AccessExecutionVertex vertex : graph.getAllExecutionVertices()) {
                states.merge(vertex.getExecutionState(), 1, Integer::sum);
                if (vertex.getExecutionState() != ExecutionState.RUNNING) {
                    notRunning.add(vertex.getTaskNameWithSubtaskIndex() + " " + vertex.getExecutionState());
                }
                attempts = Math.max(attempts, vertex.getCurrentExecutionAttempt().getAttemptNumber());
            }
            StringBuilder text = new StringBuilder(graph.getState().toString()).append(", tasks ").append(states)
                    .append(", restarted ").append(attempts).append(" times");
            if (!notRunning.isEmpty()) {
                text.append(", not running: ").append(notRunning);
            }
            CheckpointStatsSnapshot checkpoints = graph.getCheckpointStatsSnapshot();
            if (checkpoints != null) {
                text.append(", checkpoints completed ").append(checkpoints.getCounts().getNumberOfCompletedCheckpoints())
                        .append(" failed ").append(checkpoints.getCounts().getNumberOfFailedCheckpoints());
                FailedCheckpointStats failed = checkpoints.getHistory().getLatestFailedCheckpoint();
                if (failed != null) {
                    text.append(" (last failure: ").append(failed.getFailureMessage()).append(')');
                }
            }
            ErrorInfo failure = graph.getFailureInfo();
            if (failure != null) {
                text.append(", last failure: ").append(causes(failure.getException()));
            }
            return text.toString();
        } catch (Exception e) {
            return "not described (" + e + ")";
        }
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

    /**
     * The records the job's sources have read in its current run, as its web UI shows them: the sum of
     * {@code read-records} over the vertices whose name starts with {@code Source: }.
     */
    long recordsRead(RunningJob job) throws Exception {
        URI uri = cluster.getRestAddress().get().resolve("/jobs/" + job.id());
        String body = http.send(HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString()).body();
        long read = 0;
        for (JsonNode vertex : JSON.readTree(body).get("vertices")) {
            if (vertex.get("name").asText().startsWith("Source: ")) {
                read += vertex.get("metrics").get("read-records").asLong();
            }
        }
        return read;
    }

    /** Kills the oldest TaskManager still running, as a crashed machine would be, and starts a new one. */
    void replaceTaskManager() throws Exception {
        cluster.terminateTaskManager(oldestTaskManager++).get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        cluster.startTaskManager();
    }

    /** Waits until {@code condition} holds, checking every 50 ms, failing after {@link #LIMIT}. */
    static void await(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + LIMIT + " for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** A condition {@link #await} waits for. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    private Set<JobID> jobIds() throws Exception {
        Set<JobID> ids = new HashSet<>();
        for (JobStatusMessage job : cluster.listJobs().get()) {
            ids.add(job.getJobId());
        }
        return ids;
    }

    private static String outcome(Future<?> done) {
        try {
            done.get();
            return "no exception";
        } catch (ExecutionException e) {
            return e.getCause().toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public void close() throws Exception {
        ClusterEnvironment.uninstall();
        try {
            cluster.close();
        } finally {
            mains.shutdownNow();
        }
    }

    /** The context environment of jobs on the cluster, with extra configuration such as a savepoint to restore. */
    private static final class ClusterEnvironment extends TestStreamEnvironment {

        private ClusterEnvironment(MiniCluster cluster, int parallelism) {
            super(cluster, parallelism);
        }

        static void install(MiniCluster cluster, int parallelism, Configuration extra) {
            initializeContextEnvironment(configuration -> {
                Configuration merged = new Configuration(configuration);
                merged.addAll(extra);
                return new TestStreamEnvironment(cluster, merged, parallelism, List.of(), List.of());
            });
        }

        static void uninstall() {
            resetContextEnvironment();
        }
    }
}
