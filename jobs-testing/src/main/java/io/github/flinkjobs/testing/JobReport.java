package io.github.flinkjobs.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a cluster's REST API says of a job, on one line, for the message of a wait that ran out: its state, how many
 * of its tasks are in each state (naming those not running), its checkpoints (counts, the last completed one and its
 * age, the last failure), and the failures in its exception history with the newest one's cause. The same for a
 * mini-cluster and a real cluster, as an operator reads it from the web UI.
 */
public final class JobReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration REQUEST_LIMIT = Duration.ofSeconds(10);

    private JobReport() {
    }

    /**
     * The job {@code jobId} as the REST API at {@code restAddress} describes it, or why it could not be described:
     * never an exception, as it is meant for the message of a failure.
     */
    public static String describe(URI restAddress, String jobId) {
        try {
            StringBuilder text = new StringBuilder();
            JsonNode job = get(restAddress, "/jobs/" + jobId);
            text.append(job.path("state").asText());
            Map<String, Integer> tasks = new TreeMap<>();
            List<String> notRunning = new ArrayList<>();
            for (JsonNode vertex : job.path("vertices")) {
                vertex.path("tasks").fields().forEachRemaining(state -> {
                    int count = state.getValue().asInt();
                    if (count > 0) {
                        tasks.merge(state.getKey(), count, Integer::sum);
                        if (!state.getKey().equals("RUNNING")) {
                            notRunning.add(vertex.path("name").asText() + " " + count + "x " + state.getKey());
                        }
                    }
                });
            }
            text.append(", tasks ").append(tasks);
            if (!notRunning.isEmpty()) {
                text.append(", not running: ").append(notRunning);
            }
            text.append(", ").append(checkpoints(get(restAddress, "/jobs/" + jobId + "/checkpoints")));
            text.append(", ").append(failures(get(restAddress, "/jobs/" + jobId + "/exceptions")));
            return text.toString();
        } catch (IOException e) {
            return "not described (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "not described (interrupted)";
        }
    }

    /**
     * Every job of the cluster at {@code restAddress}, newest first, each as {@link #describe} says it: for a wait
     * that does not know the id of the job it waits for.
     */
    public static String describeAll(URI restAddress) {
        try {
            List<JsonNode> jobs = new ArrayList<>();
            get(restAddress, "/jobs/overview").path("jobs").forEach(jobs::add);
            if (jobs.isEmpty()) {
                return "no jobs in the cluster";
            }
            jobs.sort((a, b) -> Long.compare(b.path("start-time").asLong(), a.path("start-time").asLong()));
            List<String> described = new ArrayList<>();
            for (JsonNode job : jobs) {
                described.add("job " + job.path("name").asText() + " (" + job.path("jid").asText() + "): "
                        + describe(restAddress, job.path("jid").asText()));
            }
            return String.join("; ", described);
        } catch (IOException e) {
            return "jobs not described (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "jobs not described (interrupted)";
        }
    }

    private static String checkpoints(JsonNode checkpoints) {
        JsonNode counts = checkpoints.path("counts");
        StringBuilder text = new StringBuilder("checkpoints completed ").append(counts.path("completed").asLong())
                .append(" failed ").append(counts.path("failed").asLong())
                .append(" in progress ").append(counts.path("in_progress").asLong());
        JsonNode completed = checkpoints.path("latest").path("completed");
        if (completed.isObject()) {
            Instant at = Instant.ofEpochMilli(completed.path("latest_ack_timestamp").asLong());
            text.append(" (last completed #").append(completed.path("id").asLong()).append(" at ").append(at)
                    .append(", ").append(Duration.between(at, Instant.now()).toSeconds()).append(" s ago)");
        }
        JsonNode failed = checkpoints.path("latest").path("failed");
        if (failed.isObject()) {
            text.append(" (last failed #").append(failed.path("id").asLong()).append(": ")
                    .append(failed.path("failure_message").asText()).append(')');
        }
        return text.toString();
    }

    private static String failures(JsonNode exceptions) {
        JsonNode entries = exceptions.path("exceptionHistory").path("entries");
        if (entries.isEmpty()) {
            return "no failures";
        }
        JsonNode newest = entries.get(0);
        for (JsonNode entry : entries) {
            if (entry.path("timestamp").asLong() > newest.path("timestamp").asLong()) {
                newest = entry;
            }
        }
        String cause = newest.path("stacktrace").asText().lines().findFirst().orElse(newest.path("exceptionName")
                .asText());
        return entries.size() + " failures, the newest at " + Instant.ofEpochMilli(newest.path("timestamp").asLong())
                + (newest.path("taskName").isTextual() ? " in " + newest.path("taskName").asText() : "") + ": "
                + cause;
    }

    private static JsonNode get(URI restAddress, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(restAddress.resolve(path)).timeout(REQUEST_LIMIT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
