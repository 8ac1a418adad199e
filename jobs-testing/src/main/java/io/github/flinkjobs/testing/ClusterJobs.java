package io.github.flinkjobs.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a test learns about the jobs of its mini-cluster through the REST API, as an operator would from the web UI:
 * which job ran last under a name, and whether it ever failed or restarted (its exception history, and the attempt
 * number of each parallel instance, which a restart raises). Get the client with
 * {@code @InjectClusterClient RestClusterClient<?> client} as a test method parameter.
 */
public final class ClusterJobs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestClusterClient<?> client;
    private final HttpClient http = HttpClient.newHttpClient();

    public ClusterJobs(RestClusterClient<?> client) {
        this.client = client;
    }

    /** The job named {@code name} that was submitted last. */
    public JobID latest(String name) throws ExecutionException, InterruptedException {
        return client.listJobs().get().stream()
                .filter(job -> job.getJobName().equals(name))
                .max(Comparator.comparingLong(JobStatusMessage::getStartTime))
                .map(JobStatusMessage::getJobId)
                .orElseThrow(() -> new AssertionError("no job named " + name + " ran on the mini-cluster"));
    }

    /** How many failures the job's exception history holds: each one made the job restart or fail. */
    public int failures(JobID job) throws IOException, InterruptedException {
        return get("/jobs/" + job + "/exceptions").path("exceptionHistory").path("entries").size();
    }

    /** How often the job restarted: the highest attempt number of any of its parallel instances. */
    public int restarts(JobID job) throws IOException, InterruptedException {
        int restarts = 0;
        for (JsonNode vertex : get("/jobs/" + job).path("vertices")) {
            for (JsonNode subtask : get("/jobs/" + job + "/vertices/" + vertex.path("id").asText()).path("subtasks")) {
                restarts = Math.max(restarts, subtask.path("attempt").asInt());
            }
        }
        return restarts;
    }

    /** Cancels the job and waits until it is cancelled. */
    public void cancel(JobID job) throws ExecutionException, InterruptedException {
        client.cancel(job).get();
        client.requestJobResult(job).get();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(client.getWebInterfaceURL() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
