package io.github.flinkjobs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.flinkjobs.testing.JobReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Flink session cluster for end-to-end tests: a JobManager and a TaskManager, each in its own JVM, started
 * from the Flink jars the way Flink's scripts start them ({@code BashJavaUtils} computes the memory flags), with a
 * {@code config.yaml} on free local ports. {@link #flink} runs Flink's command-line frontend ({@code CliFrontend},
 * what {@code flink run} executes) in another JVM. {@link #close} kills every process, also from a shutdown hook so
 * a failing or interrupted test leaves nothing running.
 */
final class StandaloneFlinkCluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(3);


    private final Path home;
    private final Path lib;
    private final List<String> jvmOpens;
    private final int restPort;
    private final List<Process> processes = new ArrayList<>();
    private Process jobManager;
    private final Thread shutdownHook = new Thread(this::destroyProcesses, "stop-flink-cluster");
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private StandaloneFlinkCluster(Path home, Path lib, List<String> jvmOpens, int restPort) {
        this.home = home;
        this.lib = lib;
        this.jvmOpens = jvmOpens;
        this.restPort = restPort;
    }

    /**
     * Starts a cluster whose configuration, logs, checkpoints and savepoints live in {@code home}, with the Flink
     * jars of {@code lib} and one TaskManager of {@code slots} slots, and the {@code settings} lines
     * ({@code key: value}) in its configuration besides those of a local cluster; returns once the TaskManager has
     * registered.
     */
    static StandaloneFlinkCluster start(Path home, Path lib, List<String> jvmOpens, int slots, List<String> settings)
            throws IOException, InterruptedException {
        StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(home, lib, jvmOpens, freePort());
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            cluster.writeConfiguration(slots, settings);
            cluster.jobManager = cluster.startProcess("jobmanager", "GET_JM_RESOURCE_PARAMS",
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
            cluster.startProcess("taskmanager", "GET_TM_RESOURCE_PARAMS",
                    "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
            cluster.awaitTaskManager();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The directory savepoints are written to by default. */
    Path savepoints() {
        return home.resolve("savepoints");
    }

    /** The output of one run of the command-line frontend. */
    record ClientResult(int exitCode, String output) {
    }

    /**
     * Runs {@code flink <arguments>} against this cluster with {@code environment} added to the client's
     * environment (the jobs read service addresses and credentials from it); fails when it does not exit 0.
     */
    ClientResult flink(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        List<String> command = java("org.apache.flink.client.cli.CliFrontend");
        command.addAll(Arrays.asList(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("FLINK_CONF_DIR", conf().toString());
        Process client = builder.start();
        processes.add(client);
        byte[] output = client.getInputStream().readAllBytes();
        if (!client.waitFor(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new AssertionError("flink " + String.join(" ", arguments) + " did not finish in " + CLIENT_TIMEOUT);
        }
        processes.remove(client);
        ClientResult result = new ClientResult(client.exitValue(), new String(output, StandardCharsets.UTF_8));
        if (result.exitCode() != 0) {
            throw new AssertionError("flink " + String.join(" ", arguments) + " exited with " + result.exitCode()
                    + ":\n" + result.output());
        }
        return result;
    }

    /** The state of the job ({@code RUNNING}, {@code FINISHED}, ...), from the REST API. */
    String jobState(String jobId) throws IOException, InterruptedException {
        return rest("/jobs/" + jobId).path("state").asText();
    }

    /** Waits until the job reaches {@code state}. */
    void awaitJobState(String jobId, String state, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String current = jobState(jobId);
        while (!current.equals(state)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + jobId + " is not " + state + " after " + timeout + ": "
                        + describe(jobId));
            }
            Thread.sleep(250);
            current = jobState(jobId);
        }
    }

    /**
     * What the REST API says of the job ({@link JobReport}), and where the cluster's logs are: for the message of a
     * wait that ran out.
     */
    String describe(String jobId) {
        return JobReport.describe(restAddress(), jobId) + "; the cluster's logs are in " + home.resolve("log");
    }

    private URI restAddress() {
        return URI.create("http://localhost:" + restPort);
    }

    /** The directory of the job's checkpoints ({@code chk-<n>} below it), kept when the job fails or is cancelled. */
    Path checkpointsOf(String jobId) {
        return home.resolve("checkpoints").resolve(jobId);
    }

    /** What the REST API answers for {@code GET path}. */
    JsonNode get(String path) throws IOException, InterruptedException {
        return rest(path);
    }

    /** An answer of the REST API. */
    record RestAnswer(int status, JsonNode body) {
    }

    /** Uploads a job jar as the web UI does ({@code POST /jars/upload}); its id for {@link #runJar}. */
    String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "----jar" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(restAddress().resolve("/jars/upload"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                                HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail)))
                        .timeout(CLIENT_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("POST /jars/upload answered " + response.statusCode() + ": " + response.body());
        }
        return Path.of(json.readTree(response.body()).path("filename").asText()).getFileName().toString();
    }

    /**
     * Runs an uploaded jar's {@code main} inside the JobManager with {@code arguments}, as the web UI's Submit
     * does ({@code POST /jars/<id>/run}).
     */
    RestAnswer runJar(String jarId, List<String> arguments) throws IOException, InterruptedException {
        String body = json.writeValueAsString(Map.of("programArgsList", arguments));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(restAddress().resolve("/jars/" + jarId
                        + "/run")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(CLIENT_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        return new RestAnswer(response.statusCode(), json.readTree(response.body()));
    }

    /** Whether the JobManager's process still runs. */
    boolean jobManagerAlive() {
        return jobManager.isAlive();
    }

    private JsonNode rest(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(restAddress().resolve(path))
                        .timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    private void awaitTaskManager() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new AssertionError("a Flink process exited with " + process.exitValue() + "; see the logs in "
                            + home.resolve("log"));
                }
            }
            try {
                if (rest("/overview").path("taskmanagers").asInt() > 0) {
                    return;
                }
            } catch (IOException e) {
                // the REST endpoint is not up yet
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the Flink cluster did not start in " + START_TIMEOUT + "; see the logs in "
                        + home.resolve("log"));
            }
            Thread.sleep(250);
        }
    }

    private Process startProcess(String name, String resourceQuery, String mainClass)
            throws IOException, InterruptedException {
        List<String> resources = resourceParameters(resourceQuery);
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        command.addAll(jvmOpens);
        command.addAll(Arrays.asList(resources.get(0).trim().split("\\s+")));
        command.addAll(List.of("-Dlog.file=" + home.resolve("log").resolve(name + ".log"),
                "-Dlog4j.configurationFile=" + conf().resolve("log4j.properties").toUri(),
                "-cp", lib + "/*", mainClass, "--configDir", conf().toString()));
        command.addAll(Arrays.asList(resources.get(1).trim().split("\\s+")));
        Path out = home.resolve("log").resolve(name + ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        processes.add(process);
        return process;
    }

    /** Flink's {@code BashJavaUtils}: the JVM memory flags (first line) and dynamic properties (second line). */
    private List<String> resourceParameters(String query) throws IOException, InterruptedException {
        List<String> command = java("org.apache.flink.runtime.util.bash.BashJavaUtils");
        command.addAll(List.of(query, "--configDir", conf().toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        List<String> result = output.lines()
                .filter(line -> line.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                .map(line -> line.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()))
                .toList();
        if (result.size() < 2) {
            throw new AssertionError("BashJavaUtils " + query + " answered:\n" + output);
        }
        return result.subList(result.size() - 2, result.size());
    }

    private void writeConfiguration(int slots, List<String> settings) throws IOException {
        Files.createDirectories(conf());
        Files.createDirectories(home.resolve("log"));
        Files.createDirectories(savepoints());
        List<String> configuration = new ArrayList<>(List.of(
                "jobmanager.rpc.address: localhost",
                "jobmanager.rpc.port: " + freePort(),
                "jobmanager.bind-host: localhost",
                "jobmanager.memory.process.size: 1024m",
                "taskmanager.bind-host: localhost",
                "taskmanager.host: localhost",
                "taskmanager.numberOfTaskSlots: " + slots,
                "taskmanager.memory.process.size: 1600m",
                "taskmanager.memory.managed.fraction: 0.05",
                "rest.address: localhost",
                "rest.bind-address: localhost",
                "rest.port: " + restPort,
                "parallelism.default: 2",
                "execution.checkpointing.dir: " + home.resolve("checkpoints").toUri(),
                "execution.checkpointing.savepoint-dir: " + savepoints().toUri(),
                "io.tmp.dirs: " + home.resolve("tmp")));
        configuration.addAll(settings);
        Files.writeString(conf().resolve("config.yaml"), String.join("\n", configuration) + "\n");
        Files.writeString(conf().resolve("log4j.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = File",
                "appender.file.name = File",
                "appender.file.type = File",
                "appender.file.fileName = ${sys:log.file}",
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-40c{1} - %m%n",
                "logger.kafka.name = org.apache.kafka",
                "logger.kafka.level = WARN",
                ""));
        Files.writeString(conf().resolve("log4j-cli.properties"), String.join("\n",
                "rootLogger.level = WARN",
                "rootLogger.appenderRef.console.ref = Console",
                "appender.console.name = Console",
                "appender.console.type = Console",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-40c{1} - %m%n",
                "logger.suite.name = io.github.flinkjobs",
                "logger.suite.level = INFO",
                ""));
    }

    private Path conf() {
        return home.resolve("conf");
    }

    private List<String> java(String mainClass) {
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        command.addAll(jvmOpens);
        command.addAll(List.of("-Xmx512m", "-Dlog4j.configurationFile=" + conf().resolve("log4j-cli.properties").toUri(),
                "-cp", lib + "/*", mainClass));
        return command;
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void destroyProcesses() {
        for (Process process : List.copyOf(processes)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (Process process : List.copyOf(processes)) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        processes.clear();
    }

    @Override
    public void close() {
        destroyProcesses();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and runs the hook anyway
        }
    }
}
