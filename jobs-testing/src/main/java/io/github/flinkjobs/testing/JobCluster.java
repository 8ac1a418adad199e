package io.github.flinkjobs.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.util.ExceptionUtils;

/**
 * A Flink mini-cluster whose jobs are submitted as {@code flink run} submits them: by running the job's own
 * {@code main}, whose {@code StreamExecutionEnvironment.getExecutionEnvironment()} is this cluster while it runs. The
 * benchmarks call the jobs' {@code main} themselves; the local demo and the reliability tests {@link #submit} it, in a
 * thread of its own, and stop a job with a savepoint and start the next ones from it, as {@code flink stop} and
 * {@code flink run -s} do.
 */
public final class JobCluster implements AutoCloseable {

    /** Longest wait for a job's {@code main} to submit its job, and for a cancelled job to end. */
    private static final Duration SUBMISSION_LIMIT = Duration.ofMinutes(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A job's {@code main}. */
    @FunctionalInterface
    public interface MainMethod {
        void main(String[] args) throws Exception;
    }

    /**
     * A submitted job.
     *
     * @param name what its submitter calls it
     * @param id its id in the cluster
     * @param main its {@code main}, which returns when the job ends
     */
    public record RunningJob(String name, JobID id, Future<?> main) {

        /**
         * Whether the job's {@code main} has returned.
         *
         * @throws IllegalStateException when it failed
         */
        public boolean ended() {
            if (!main.isDone()) {
                return false;
            }
            try {
                main.get();
                return true;
            } catch (ExecutionException e) {
                throw new IllegalStateException(name + " failed: " + ExceptionUtils.stringifyException(e.getCause()),
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private final MiniCluster cluster;
    private final int parallelism;
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService mains = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "job-main-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newHttpClient();

    private JobCluster(MiniCluster cluster, int parallelism) {
        this.cluster = cluster;
        this.parallelism = parallelism;
    }

    /**
     * Starts a cluster of {@code taskManagers} TaskManagers of {@code slots} slots each with {@code configuration}, and
     * makes it the execution environment of jobs, at {@code parallelism} unless they set their own.
     */
    public static JobCluster start(Configuration configuration, int taskManagers, int slots, int parallelism)
            throws Exception {
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(taskManagers)
                .setNumSlotsPerTaskManager(slots)
                .build());
        try {
            cluster.start();
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
        JobCluster jobCluster = new JobCluster(cluster, parallelism);
        jobCluster.restoreFrom(null);
        return jobCluster;
    }

    /** A configuration in which every part of the cluster listens on localhost only, the REST API on {@code port}. */
    public static Configuration onLocalhostOnly(int restPort) {
        Configuration configuration = new Configuration();
        configuration.set(JobManagerOptions.BIND_HOST, "localhost");
        configuration.set(TaskManagerOptions.BIND_HOST, "localhost");
        configuration.set(RestOptions.ADDRESS, "localhost");
        configuration.set(RestOptions.BIND_ADDRESS, "localhost");
        configuration.set(RestOptions.BIND_PORT, Integer.toString(restPort));
        return configuration;
    }

    /** The Flink mini-cluster itself, for what only a test does (such as killing a TaskManager). */
    public MiniCluster miniCluster() {
        return cluster;
    }

    /** The web UI and REST API. */
    public URI webUi() throws Exception {
        return cluster.getRestAddress().get();
    }

    /**
     * Jobs submitted from now on start from {@code savepoint} ({@code execution.state-recovery.path}, as
     * {@code flink run -s} sets it), or afresh when it is {@code null}.
     */
    public void restoreFrom(String savepoint) {
        Configuration extra = new Configuration();
        if (savepoint != null) {
            extra.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        ContextEnvironment.install(cluster, parallelism, extra);
    }

    /**
     * Runs {@code main} with {@code args} in a thread of its own and waits until the job it submits is in the cluster.
     *
     * @throws IllegalStateException when {@code main} ends before submitting a job, or submits none within
     *     {@link #SUBMISSION_LIMIT} (its thread is then interrupted)
     */
    public RunningJob submit(String name, MainMethod main, List<String> args) throws Exception {
        Set<JobID> before = jobIds();
        Future<?> running = mains.submit(() -> {
            main.main(args.toArray(String[]::new));
            return null;
        });
        long deadline = System.nanoTime() + SUBMISSION_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean mainEnded = running.isDone();
            Set<JobID> submitted = jobIds();
            submitted.removeAll(before);
            if (!submitted.isEmpty()) {
                return new RunningJob(name, submitted.iterator().next(), running);
            }
            if (mainEnded) {
                new RunningJob(name, null, running).ended();
                throw new IllegalStateException(name + " returned without submitting a job");
            }
            Thread.sleep(50);
        }
        running.cancel(true);
        throw new IllegalStateException(name + " submitted no job within " + SUBMISSION_LIMIT + "; the cluster: "
                + describeAll());
    }

    /**
     * The records the job's sources have read in the job's current run, as its web UI shows them: the sum of
     * {@code read-records} over the vertices whose name starts with {@code Source: }.
     */
    public long recordsRead(RunningJob job) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(webUi().resolve("/jobs/" + job.id())).build(), BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the REST API answered " + response.statusCode() + " for " + job.name());
        }
        long read = 0;
        for (JsonNode vertex : JSON.readTree(response.body()).get("vertices")) {
            if (vertex.get("name").asText().startsWith("Source: ")) {
                read += vertex.get("metrics").get("read-records").asLong();
            }
        }
        return read;
    }

    /** The job's status: running, restarting, finished... */
    public JobStatus status(RunningJob job) throws Exception {
        return cluster.getJobStatus(job.id()).get();
    }

    /**
     * Whether the job is running with every task running or finished (none still deploying or restoring its state),
     * and at least one running: what a savepoint needs.
     *
     * @throws IllegalStateException when the job has ended
     */
    public boolean readyForSavepoint(RunningJob job) throws Exception {
        AccessExecutionGraph graph = cluster.getExecutionGraph(job.id()).get();
        if (graph.getState().isGloballyTerminalState()) {
            throw new IllegalStateException(job.name() + " is " + graph.getState() + ", so no savepoint");
        }
        boolean anyRunning = false;
        for (AccessExecutionVertex vertex : graph.getAllExecutionVertices()) {
            ExecutionState state = vertex.getExecutionState();
            if (state != ExecutionState.RUNNING && state != ExecutionState.FINISHED) {
                return false;
            }
            anyRunning |= state == ExecutionState.RUNNING;
        }
        return graph.getState() == JobStatus.RUNNING && anyRunning;
    }

    /**
     * Stops the job with a savepoint in {@code directory}, as {@code flink stop} does, and waits until it has ended
     * and its {@code main} has returned; the savepoint's path. With {@code drain} the job is drained first: its
     * sources stop, the end of event time fires every window and the sinks commit what they hold. A savepoint needs
     * every task running, so it first waits for tasks still restoring their state.
     *
     * @throws IllegalStateException when a step takes longer than {@code limit}, or the job ends otherwise than
     *     finished (with the failure of its {@code main} as the cause)
     */
    public String stopWithSavepoint(RunningJob job, Path directory, boolean drain, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!readyForSavepoint(job)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(job.name() + " has tasks not running after " + limit + ": "
                        + describe(job.id()));
            }
            Thread.sleep(50);
        }
        String savepoint;
        try {
            savepoint = cluster.stopWithSavepoint(job.id(), directory.toUri().toString(), drain,
                    SavepointFormatType.CANONICAL).get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the savepoint of " + job.name() + " took longer than " + limit + ": "
                    + describe(job.id()), e);
        }
        Throwable mainFailure = null;
        try {
            job.main().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(job.name() + " did not end within " + limit + " after its savepoint: "
                    + describe(job.id()), e);
        } catch (ExecutionException e) {
            mainFailure = e.getCause(); // a job stopped with a savepoint may end its main so; its status tells
        }
        JobStatus status = awaitTerminalStatus(job.id(), limit);
        if (status != JobStatus.FINISHED) {
            throw new IllegalStateException(job.name() + " is not finished after its savepoint: "
                    + describe(job.id()), mainFailure);
        }
        return savepoint;
    }

    /**
     * Cancels every job of the cluster that has not ended and waits until each has, so that no job is left taking
     * slots.
     */
    public void cancelUnfinishedJobs() throws Exception {
        for (JobStatusMessage job : cluster.listJobs().get()) {
            if (!job.getJobState().isTerminalState()) {
                try {
                    cluster.cancelJob(job.getJobId()).get(SUBMISSION_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    // it ended between the listing and the cancellation; its status says so below
                }
                awaitTerminalStatus(job.getJobId(), SUBMISSION_LIMIT);
            }
        }
    }

    private JobStatus awaitTerminalStatus(JobID job, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        JobStatus status = cluster.getJobStatus(job).get();
        while (!status.isGloballyTerminalState()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + job + " has not ended after " + limit + ": "
                        + describe(job));
            }
            Thread.sleep(50);
            status = cluster.getJobStatus(job).get();
        }
        return status;
    }

    /** What the REST API says of the job ({@link JobReport}): for the message of a wait that ran out. */
    public String describe(JobID job) {
        try {
            return JobReport.describe(webUi(), job.toString());
        } catch (Exception e) {
            return "not described (" + e + ")";
        }
    }

    private String describeAll() {
        try {
            return JobReport.describeAll(webUi());
        } catch (Exception e) {
            return "not described (" + e + ")";
        }
    }

    private Set<JobID> jobIds() throws Exception {
        Set<JobID> ids = new HashSet<>();
        for (JobStatusMessage job : cluster.listJobs().get()) {
            ids.add(job.getJobId());
        }
        return ids;
    }

    /** Cancels whatever still runs and stops the cluster. */
    @Override
    public void close() throws Exception {
        ContextEnvironment.uninstall();
        try {
            cluster.close();
        } finally {
            mains.shutdownNow();
        }
    }

    /** The context environment of jobs on the cluster, with extra configuration such as a savepoint to restore. */
    private static final class ContextEnvironment extends TestStreamEnvironment {

        private ContextEnvironment(MiniCluster cluster, int parallelism) {
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
