package io.github.flinkjobs.localdemo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.flinkjobs.core.config.ConfigException;
import java.net.BindException;
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
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.util.ExceptionUtils;

/**
 * One Flink mini-cluster that several jobs share, listening on localhost only (its REST API accepts jars to run).
 * Jobs are submitted by running their own {@code main} in a thread of its own, as {@code flink run} runs it: their
 * {@code StreamExecutionEnvironment.getExecutionEnvironment()} is this cluster, and {@code main} returns when the job
 * ends.
 */
final class DemoCluster implements AutoCloseable {

    private static final Duration SUBMISSION_LIMIT = Duration.ofMinutes(2);

    /** How often the REST API fetches the metrics it shows (the web UI's default is 10 s). */
    private static final Duration METRICS_INTERVAL = Duration.ofMillis(500);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A job's {@code main}. */
    @FunctionalInterface
    interface JobMainMethod {
        void main(String[] args) throws Exception;
    }

    /**
     * A submitted job.
     *
     * @param name what the demo calls it
     * @param id its id in the cluster
     * @param main its {@code main}, which returns when the job ends
     */
    record RunningJob(String name, JobID id, Future<?> main) {

        /**
         * Whether the job has ended.
         *
         * @throws IllegalStateException when it failed
         */
        boolean ended() {
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
    private final ExecutorService mains;
    private final HttpClient http = HttpClient.newHttpClient();

    private DemoCluster(MiniCluster cluster) {
        this.cluster = cluster;
        AtomicInteger threads = new AtomicInteger();
        this.mains = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "job-main-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts a cluster of one TaskManager with {@code slots} task slots, its web UI on {@code localhost:webPort} (0 for
     * any free port), and makes it the execution environment of jobs at {@code parallelism}.
     *
     * @throws ConfigException when the port is taken
     */
    static DemoCluster start(int slots, int webPort, int parallelism) throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(JobManagerOptions.BIND_HOST, "localhost");
        configuration.set(TaskManagerOptions.BIND_HOST, "localhost");
        configuration.set(RestOptions.ADDRESS, "localhost");
        configuration.set(RestOptions.BIND_ADDRESS, "localhost");
        configuration.set(RestOptions.BIND_PORT, Integer.toString(webPort));
        configuration.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, METRICS_INTERVAL);
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        try {
            cluster.start();
        } catch (Exception e) {
            cluster.close();
            if (ExceptionUtils.findThrowable(e, BindException.class).isPresent()) {
                throw new ConfigException("cannot serve the Flink web UI on localhost:" + webPort + ", the port is in"
                        + " use: give another --web-port (0 for any free port)");
            }
            throw e;
        }
        TestStreamEnvironment.setAsContext(cluster, parallelism);
        return new DemoCluster(cluster);
    }

    /** The web UI and REST API. */
    URI webUi() throws Exception {
        return cluster.getRestAddress().get();
    }

    /**
     * Runs {@code main} with {@code args} in a thread of its own and waits until the job it submits is in the cluster.
     *
     * @throws IllegalStateException when {@code main} fails before submitting a job
     */
    RunningJob submit(String name, JobMainMethod main, List<String> args) throws Exception {
        Set<JobID> before = jobIds();
        Future<?> running = mains.submit(() -> {
            main.main(args.toArray(String[]::new));
            return null;
        });
        long deadline = System.nanoTime() + SUBMISSION_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            Set<JobID> submitted = jobIds();
            submitted.removeAll(before);
            if (!submitted.isEmpty()) {
                return new RunningJob(name, submitted.iterator().next(), running);
            }
            if (running.isDone()) {
                new RunningJob(name, null, running).ended();
                throw new IllegalStateException(name + " returned without submitting a job");
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " submitted no job within " + SUBMISSION_LIMIT);
    }

    /**
     * The records the job's sources have read in the job's current run, as its web UI shows them: the sum of
     * {@code read-records} over the vertices whose name starts with {@code Source: }.
     */
    long recordsRead(RunningJob job) throws Exception {
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
    JobStatus status(RunningJob job) throws Exception {
        return cluster.getJobStatus(job.id()).get();
    }

    /**
     * Stops the job with a savepoint in {@code savepoints}, draining it first: its sources stop, the end of event time
     * fires every window, and the sinks commit what they hold, as {@code flink stop --drain} does. Returns when the
     * job's {@code main} has returned.
     */
    void drain(RunningJob job, Path savepoints, Duration limit) throws Exception {
        cluster.stopWithSavepoint(job.id(), savepoints.toUri().toString(), true, SavepointFormatType.CANONICAL)
                .get(limit.toMillis(), TimeUnit.MILLISECONDS);
        try {
            job.main().get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(job.name() + " did not end within " + limit + " after its savepoint");
        } catch (ExecutionException e) {
            job.ended();
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
        TestStreamEnvironment.unsetAsContext();
        try {
            cluster.close();
        } finally {
            mains.shutdownNow();
        }
    }
}
