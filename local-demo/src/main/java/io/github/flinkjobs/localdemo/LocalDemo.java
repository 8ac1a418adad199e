package io.github.flinkjobs.localdemo;

import static io.github.flinkjobs.core.config.CommonOptions.CHECKPOINT_INTERVAL_ON;
import static io.github.flinkjobs.core.config.CommonOptions.PARALLELISM;

import io.github.flinkjobs.core.config.ConfigException;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.JobMain;
import io.github.flinkjobs.core.config.JobSpec;
import io.github.flinkjobs.core.config.Option;
import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.core.model.UserStatistics;
import io.github.flinkjobs.flightimporter.FlightDataGenerator;
import io.github.flinkjobs.flightimporter.FlightImporterJob;
import io.github.flinkjobs.localdemo.Summary.UserTotals;
import io.github.flinkjobs.testing.JobCluster;
import io.github.flinkjobs.testing.JobCluster.MainMethod;
import io.github.flinkjobs.testing.JobCluster.RunningJob;
import io.github.flinkjobs.testing.TestDatabase;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestPostgres;
import io.github.flinkjobs.usagestats.UsageStatsJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flights pipeline on one machine with nothing to install or start: an in-JVM Kafka broker, an embedded
 * PostgreSQL holding the tables of {@code sql/schema.sql}, and one Flink mini-cluster (web UI on
 * {@code localhost:8081}) running the flight data generator, the flight importer and usage statistics together, each
 * submitted through its own {@code main} as {@code flink run} would. Next to the generated bookings it writes three bad
 * ones, so the dead letters show too.
 *
 * <p>It prints progress every few seconds, read from the topics and the table. Once the generator has finished, it
 * stops the importer and then usage statistics with a draining savepoint ({@code flink stop --drain}), each as soon
 * as it has processed all its input, so every last window fires and every sink commits. It then prints a summary read
 * back from the topics and PostgreSQL, and exits 1 when that does not add up.
 *
 * <p>Options: {@code --records} (bookings per feed, default 50 per second of {@code --duration}), {@code --duration}
 * (default 30s), {@code --web-port} (default 8081, 0 for any free port), {@code --keep-running} (stay up after the
 * summary, printing how to connect, until Ctrl-C), {@code --checkpoint-interval} (of every job, default 2s) and
 * {@code --parallelism} (of every job, default 2).
 */
public final class LocalDemo implements AutoCloseable {

    /** Bookings per second of each feed when {@code --records} is not given. */
    static final int DEFAULT_RATE = 50;

    static final Option<Duration> DURATION = Option.positiveDuration("duration",
            "how long the generator takes to write the bookings").withDefault("30s");

    static final Option<Integer> RECORDS = Option.positiveInt("records",
            "bookings of each feed, spread evenly over --duration")
            .withDefaultDescribedAs(DEFAULT_RATE + " per second of --duration");

    static final Option<Long> WEB_PORT = Option.wholeNumber("web-port",
                    "port of the Flink web UI and REST API on localhost; 0 for any free port")
            .checked("a port number from 0 to 65535", port -> {
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("not a port");
                }
                return port;
            })
            .withDefault("8081");

    static final Option<Boolean> KEEP_RUNNING = Option.flag("keep-running",
            "stay up after the summary, with the services and the web UI, printing how to connect, until Ctrl-C");

    static final JobSpec SPEC = new JobSpec("local-demo",
            "Runs the flight data generator, the flight importer and usage statistics together in one Flink"
                    + " mini-cluster, on an in-JVM Kafka broker and an embedded PostgreSQL, with progress and a"
                    + " summary.",
            List.of(RECORDS, DURATION, WEB_PORT, KEEP_RUNNING,
                    CHECKPOINT_INTERVAL_ON.describedAs("interval between the checkpoints of every job (they commit"
                            + " their output on checkpoints)").withDefault("2s"),
                    PARALLELISM.describedAs("parallelism of every job").withDefault("2")));

    /** The jobs that run at once; the cluster gets a task slot per job and parallel instance. */
    static final int JOBS = 3;

    /** Usage statistics' windows: short, so statistics appear while the demo runs. */
    static final Duration WINDOW = Duration.ofSeconds(10);

    /** The database the demo creates on the embedded server. */
    static final String DATABASE = "flights";

    static final String IMPORTER_GROUP = "flight-importer";
    static final String USAGE_STATS_GROUP = "usage-stats";

    /** How many of the busiest users the summary shows. */
    static final int TOP_USERS = 5;

    /**
     * Bookings the importer refuses, written into the feeds next to the generated ones so the dead letters show:
     * not JSON, arriving before departing, and without the passenger's email address.
     */
    static final Map<String, List<String>> BAD_BOOKINGS = Map.of(
            DemoTopics.SKYONE, List.of(
                    "this is not a booking",
                    "{\"emailAddress\":\"ana.silva@example.com\",\"flightDepartureTime\":\"2099-01-01T12:00:00.000Z\","
                            + "\"iataDepartureCode\":\"ATL\",\"flightArrivalTime\":\"2099-01-01T10:00:00.000Z\","
                            + "\"iataArrivalCode\":\"JFK\",\"flightNumber\":\"SKY1001\","
                            + "\"confirmation\":\"SKY1BADONE\"}"),
            DemoTopics.SUNSET, List.of(
                    "{\"departureTime\":\"2099-01-01T10:00:00.000Z\",\"departureAirport\":\"LAX\","
                            + "\"arrivalTime\":\"2099-01-01T12:00:00.000Z\",\"arrivalAirport\":\"SFO\","
                            + "\"flightId\":\"SUN001\",\"referenceNumber\":\"SUNBADBOOKI\"}"));

    private static final Logger LOG = LoggerFactory.getLogger(LocalDemo.class);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(3);
    private static final Duration QUICK_READ = Duration.ofMillis(500);
    private static final Duration STEP_LIMIT = Duration.ofMinutes(5);

    /** How often the REST API fetches the metrics it shows (the web UI's default is 10 s). */
    private static final Duration METRICS_INTERVAL = Duration.ofMillis(500);
    private static final JsonCodec<UserStatistics> STATISTICS_JSON = JsonCodec.of(UserStatistics.class);
    private static final JsonCodec<DeadLetter> DEAD_LETTER_JSON = JsonCodec.of(DeadLetter.class);

    private final JobConfig config;
    private final PrintStream out;
    private final long started = System.nanoTime();
    private final Map<String, UserStatistics> lastStatistics = new TreeMap<>();
    private final Map<String, Long> deadLetterReasons = new TreeMap<>();
    private final List<RunningJob> jobs = new ArrayList<>();
    private Path workDirectory;
    private JobCluster cluster;
    private TestKafka kafka;
    private TestPostgres postgres;
    private TestDatabase database;
    private Admin admin;
    private CommittedRecords bookings;
    private CommittedRecords flights;
    private CommittedRecords deadLetters;
    private CommittedRecords statistics;
    private long lastProgress;
    private volatile boolean stopping;
    private boolean closed;

    /** A demo with the given options, printing to {@code out}; {@link #start()} starts it. */
    LocalDemo(JobConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        quietLogging();
        JobMain.run(SPEC, args, LocalDemo::run);
    }

    /**
     * Keeps the log to what matters next to the demo's own lines: not every checkpoint of three jobs, nor the
     * checkpoints declined while a job stops with a savepoint, nor the in-JVM broker's notes.
     */
    private static void quietLogging() {
        Configurator.setLevel("org.apache.flink.runtime.checkpoint.CheckpointCoordinator", Level.WARN);
        Configurator.setLevel("org.apache.flink.runtime.checkpoint.CheckpointFailureManager", Level.ERROR);
        Configurator.setLevel("kafka", Level.ERROR);
        Configurator.setLevel("org.apache.pekko", Level.ERROR);
    }

    /**
     * Runs the demo as {@code main} does; exits 1 when the summary does not add up. Ctrl-C (the JVM's shutdown) stops
     * the demo where it is and closes everything in order.
     */
    static void run(JobConfig config) throws Exception {
        LocalDemo demo = new LocalDemo(config, System.out);
        Thread runner = Thread.currentThread();
        Thread stopOnExit = new Thread(() -> demo.stopFromShutdown(runner), "stop-local-demo");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        boolean consistent = false;
        try {
            demo.start();
            consistent = demo.runPipeline().problems().isEmpty();
            if (config.get(KEEP_RUNNING)) {
                demo.printConnections();
                new CountDownLatch(1).await();
            }
        } catch (Exception e) {
            if (!demo.stopping) {
                throw e;
            }
        } finally {
            demo.close();
        }
        if (demo.stopping) {
            return;
        }
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        if (!consistent) {
            System.exit(1);
        }
    }

    /** On Ctrl-C: interrupts the demo's thread, which then closes everything, and waits for it. */
    private void stopFromShutdown(Thread runner) {
        stopping = true;
        runner.interrupt();
        try {
            runner.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close();
    }

    /**
     * Starts the mini-cluster (first, so a taken web port fails at once), the Kafka broker with the pipeline's topics
     * and PostgreSQL with the tables of {@code sql/schema.sql}.
     *
     * @throws ConfigException when the web port is taken
     */
    void start() throws Exception {
        workDirectory = Files.createTempDirectory("local-demo");
        int parallelism = config.get(PARALLELISM);
        cluster = startCluster(JOBS * parallelism, Math.toIntExact(config.get(WEB_PORT)), parallelism);
        say("Flink mini-cluster: %d task slots, web UI at %s", JOBS * parallelism, cluster.webUi());
        CompletableFuture<TestPostgres> startingPostgres = CompletableFuture.supplyAsync(TestPostgres::startEmbedded);
        try {
            kafka = startBroker();
        } finally {
            postgres = started(startingPostgres);
        }
        DemoTopics.all().forEach(topic -> kafka.createTopic(topic, DemoTopics.PARTITIONS, true));
        say("Kafka: in-JVM broker at %s, topics %s with %d partitions each", kafka.bootstrapServers(),
                String.join(", ", DemoTopics.all()), DemoTopics.PARTITIONS);
        database = postgres.createDatabase(DATABASE);
        database.execute(schema());
        say("PostgreSQL: embedded server, database %s with the tables of sql/schema.sql", database.jdbcUrl());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        bookings = new CommittedRecords(kafka.bootstrapServers(), DemoTopics.FEEDS);
        flights = new CommittedRecords(kafka.bootstrapServers(), List.of(DemoTopics.FLIGHTS));
        deadLetters = new CommittedRecords(kafka.bootstrapServers(), DemoTopics.allDeadLetters(),
                record -> deadLetterReasons.merge(read(DEAD_LETTER_JSON, record.value()).reason(), 1L, Long::sum));
        statistics = new CommittedRecords(kafka.bootstrapServers(), List.of(DemoTopics.STATISTICS), record -> {
            UserStatistics user = read(STATISTICS_JSON, record.value());
            lastStatistics.put(user.emailAddress(), user);
        });
    }

    private static TestPostgres started(CompletableFuture<TestPostgres> postgres) {
        try {
            return postgres.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL; run as root, it needs unprivileged"
                    + " user namespaces (unshare -U true tells)", e.getCause());
        }
    }

    /**
     * Starts the in-JVM broker, whose storage formatting prints to stdout: set aside meanwhile, so only the demo's
     * lines are there.
     */
    private static TestKafka startBroker() {
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
        try {
            return TestKafka.startInJvm();
        } finally {
            System.setOut(stdout);
        }
    }

    /**
     * Runs the three jobs until the generator has finished and the importer and usage statistics have processed all
     * of it, printing progress, then prints the summary and returns it.
     */
    Summary runPipeline() throws Exception {
        int records = records();
        int rate = rate(records);
        BAD_BOOKINGS.forEach(kafka::produce);
        RunningJob usageStats = submit("usage-stats", UsageStatsJob::main, usageStatsArguments());
        RunningJob importer = submit("flight-importer", FlightImporterJob::main, importerArguments());
        RunningJob generator = submit("flight-data-generator", FlightDataGenerator::main, List.of(
                "--skyone-topic", DemoTopics.SKYONE, "--sunset-topic", DemoTopics.SUNSET,
                "--records", Integer.toString(records), "--rate", Integer.toString(rate)));
        say("Running flight-data-generator (%d bookings per feed, %d per second), flight-importer and usage-stats"
                + " (%ds windows) at parallelism %d; %d bad bookings written to the feeds", records, rate,
                WINDOW.toSeconds(), config.get(PARALLELISM), badBookings());

        await("the generator to finish", List.of(importer, usageStats), generator::ended,
                config.get(DURATION).multipliedBy(2).plus(STEP_LIMIT));
        bookings.readAll(STEP_LIMIT);
        say("flight-data-generator finished: %d bookings generated", bookings.total() - badBookings());

        Map<TopicPartition, Long> everyBooking = bookings.nextOffsets();
        long allBookings = bookings.total();
        await("the importer to read every booking", List.of(importer, usageStats),
                () -> hasRead(importer, allBookings, IMPORTER_GROUP, everyBooking), STEP_LIMIT);
        say("flight-importer has read every booking: stopping it with a savepoint, draining");
        cluster.stopWithSavepoint(importer, workDirectory.resolve("savepoints"), true, STEP_LIMIT);

        flights.readAll(STEP_LIMIT);
        Map<TopicPartition, Long> everyFlight = flights.nextOffsets();
        long allFlights = flights.total();
        say("flight-importer finished: %d flights imported", flights.total());
        await("usage statistics to read every flight", List.of(usageStats),
                () -> hasRead(usageStats, allFlights, USAGE_STATS_GROUP, everyFlight), STEP_LIMIT);
        say("usage-stats has read every flight: stopping it with a savepoint, draining, so its last windows fire");
        cluster.stopWithSavepoint(usageStats, workDirectory.resolve("savepoints"), true, STEP_LIMIT);
        say("usage-stats finished");

        for (CommittedRecords topics : List.of(bookings, flights, deadLetters, statistics)) {
            topics.readAll(STEP_LIMIT);
        }
        printProgress();
        Summary summary = summary();
        summary.print(out, TOP_USERS);
        return summary;
    }

    /** Prints how to reach the services, for {@code --keep-running}. */
    void printConnections() throws Exception {
        URI jdbc = URI.create(database.jdbcUrl().substring("jdbc:".length()));
        out.printf("Still running for inspection (--keep-running); Ctrl-C stops everything.%n");
        out.printf("  %-18s %s%n", "Flink web UI", cluster.webUi());
        out.printf("  %-18s %s (topics %s)%n", "Kafka", kafka.bootstrapServers(), String.join(", ", DemoTopics.all()));
        out.printf("  %-18s %s, user %s, password %s%n", "PostgreSQL", database.jdbcUrl(), database.user(),
                database.password());
        out.printf("  %-18s psql -h %s -p %d -U %s %s%n", "", jdbc.getHost(), jdbc.getPort(), database.user(),
                DATABASE);
        out.printf("  %-18s kafka-console-consumer.sh --bootstrap-server %s --topic %s --from-beginning"
                + " --isolation-level read_committed%n", "", kafka.bootstrapServers(), DemoTopics.STATISTICS);
    }

    /** The broker; for tests. */
    TestKafka kafka() {
        return kafka;
    }

    /** The database; for tests. */
    TestDatabase database() {
        return database;
    }

    /**
     * A cluster of one TaskManager with {@code slots} task slots, listening on localhost only (its REST API accepts
     * jars to run), its web UI on {@code webPort} (0 for any free port) with metrics fresh every half second, running
     * jobs at {@code parallelism}.
     *
     * @throws ConfigException when the port is taken
     */
    private static JobCluster startCluster(int slots, int webPort, int parallelism) throws Exception {
        Configuration configuration = JobCluster.onLocalhostOnly(webPort);
        configuration.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, METRICS_INTERVAL);
        try {
            return JobCluster.start(configuration, 1, slots, parallelism);
        } catch (Exception e) {
            if (ExceptionUtils.findThrowable(e, BindException.class).isPresent()) {
                throw new ConfigException("cannot serve the Flink web UI on localhost:" + webPort + ", the port is in"
                        + " use: give another --web-port (0 for any free port)");
            }
            throw e;
        }
    }

    private RunningJob submit(String name, MainMethod main, List<String> arguments) throws Exception {
        List<String> all = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers(),
                "--checkpoint-interval", millis(config.get(CHECKPOINT_INTERVAL_ON)),
                "--parallelism", Integer.toString(config.get(PARALLELISM))));
        config.kafkaProperties().forEach((key, value) -> all.addAll(List.of("--kafka." + key, value.toString())));
        all.addAll(arguments);
        RunningJob job = cluster.submit(name, main, all);
        jobs.add(job);
        return job;
    }

    private List<String> importerArguments() {
        return List.of("--skyone-topic", DemoTopics.SKYONE, "--sunset-topic", DemoTopics.SUNSET,
                "--output-topic", DemoTopics.FLIGHTS, "--group-id", IMPORTER_GROUP);
    }

    /**
     * Usage statistics with short windows. The flights of a partition of {@code flightdata} are out of order by up to
     * about a checkpoint interval of the generator (each of its checkpoints makes a batch of both feeds visible at
     * once): hence an out-of-orderness of three checkpoint intervals, and a minute of allowed lateness as a margin on
     * a busy machine. No partition is ever taken for idle ({@code --idleness 1h}): a source that is idle when it is
     * drained does not pass the end of event time on (Flink 2.2), so the last windows would never fire. Both
     * partitions hold flights of many users, so the watermark moves on without it.
     */
    private List<String> usageStatsArguments() throws IOException {
        Path password = database.writePasswordFile(workDirectory);
        Duration checkpoints = config.get(CHECKPOINT_INTERVAL_ON);
        return List.of("--input-topic", DemoTopics.FLIGHTS, "--output-topic", DemoTopics.STATISTICS,
                "--group-id", USAGE_STATS_GROUP, "--window", millis(WINDOW),
                "--out-of-orderness", millis(checkpoints.multipliedBy(3)), "--idleness", "1h",
                "--allowed-lateness", "1min",
                "--jdbc-url", database.jdbcUrl(), "--jdbc-user", database.user(),
                "--jdbc-password-file", password.toString());
    }

    private int records() {
        return config.getOptional(RECORDS)
                .orElseGet(() -> Math.toIntExact(Math.max(1, DEFAULT_RATE * config.get(DURATION).toMillis() / 1000)));
    }

    /** Bookings per second of each feed, so that {@code records} take {@code --duration}. */
    private int rate(int records) {
        return (int) Math.max(1, Math.ceil(records * 1000.0 / config.get(DURATION).toMillis()));
    }

    private static int badBookings() {
        return BAD_BOOKINGS.values().stream().mapToInt(List::size).sum();
    }

    private static Map<String, Integer> badBookingsPerFeed() {
        Map<String, Integer> perFeed = new TreeMap<>();
        BAD_BOOKINGS.forEach((feed, bookings) -> perFeed.put(feed, bookings.size()));
        return perFeed;
    }

    /** A condition the demo waits for. */
    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * Waits until {@code condition} holds, printing progress, and fails when one of the {@code running} jobs ends or
     * fails first, or when it takes longer than {@code limit}.
     */
    private void await(String what, List<RunningJob> running, Condition condition, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.holds()) {
            for (RunningJob job : running) {
                if (job.ended()) {
                    throw new IllegalStateException(job.name() + " ended while waiting for " + what);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited " + limit.toMinutes() + " minutes for " + what);
            }
            if (System.nanoTime() - lastProgress >= PROGRESS_INTERVAL.toNanos()) {
                printProgress();
            }
            Thread.sleep(200);
        }
    }

    /**
     * Whether {@code job} has read all of its input, {@code records} records up to {@code offsets}, so that what it
     * made of them is in its state or its sinks, and a drained stop commits it all. Either of two signs is enough:
     * its sources have read as many records in the job's current run (Flink's metrics, through the REST API; after a
     * restart they count from the restored position, so reaching the total still means the end), or its consumer
     * group has committed offsets at or past the end (on a completed checkpoint). The first shows at once; the second
     * can come up to 10 seconds later, since the Kafka source commits its offsets when its fetcher next wakes up,
     * which, once the input has gone quiet, is when its 10-second poll times out.
     */
    private boolean hasRead(RunningJob job, long records, String group, Map<TopicPartition, Long> offsets)
            throws Exception {
        if (cluster.recordsRead(job) >= records) {
            return true;
        }
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().allMatch(partition -> {
            OffsetAndMetadata offset = committed.get(partition.getKey());
            return offset != null && offset.offset() >= partition.getValue();
        });
    }

    /** Reads what the jobs committed since the last time and prints one line of counts. */
    private void printProgress() throws Exception {
        for (CommittedRecords topics : List.of(bookings, flights, deadLetters, statistics)) {
            topics.read(QUICK_READ);
        }
        long rows = (Long) database.query("SELECT count(*) FROM user_statistics").get(0).get(0);
        StringBuilder states = new StringBuilder();
        for (RunningJob job : jobs) {
            JobStatus status = cluster.status(job);
            if (status != JobStatus.RUNNING && status != JobStatus.FINISHED) {
                states.append(" | ").append(job.name()).append(' ').append(status);
            }
        }
        say("generated %d | imported %d | dead letters %d | statistics %d | rows in PostgreSQL %d%s",
                bookings.total() - badBookings(), flights.total(), deadLetters.total(), statistics.total(), rows,
                states);
        lastProgress = System.nanoTime();
    }

    private Summary summary() {
        List<UserTotals> fromDatabase = database.query("SELECT email_address, number_of_flights,"
                        + " total_flight_duration_seconds FROM user_statistics").stream()
                .map(row -> new UserTotals((String) row.get(0), (Long) row.get(1), (Long) row.get(2)))
                .sorted(Summary.BUSIEST_FIRST)
                .toList();
        List<UserTotals> fromTopic = lastStatistics.values().stream()
                .map(user -> new UserTotals(user.emailAddress(), user.numberOfFlights(),
                        user.totalFlightDurationMillis() / 1000))
                .sorted(Summary.BUSIEST_FIRST)
                .toList();
        return new Summary(bookings.counts(), badBookingsPerFeed(), flights.total(), deadLetters.counts(),
                Map.copyOf(deadLetterReasons), statistics.total(), fromDatabase, fromTopic);
    }

    private void say(String format, Object... arguments) {
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        out.printf("[%3ds] %s%n", seconds, String.format(format, arguments));
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + "ms";
    }

    private static String schema() throws IOException {
        try (InputStream schema = LocalDemo.class.getResourceAsStream("/sql/schema.sql")) {
            if (schema == null) {
                throw new IllegalStateException("sql/schema.sql is not on the classpath");
            }
            return new String(schema.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static <T> T read(JsonCodec<T> json, byte[] value) {
        try {
            return json.read(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops everything in order, whatever has started: the jobs and the mini-cluster, then Kafka, then PostgreSQL,
     * and deletes the demo's files. Runs once.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Thread.interrupted(); // a Ctrl-C interrupted this thread: closing must not stop half-way
        Stream.<AutoCloseable>of(bookings, flights, deadLetters, statistics, admin, cluster, kafka, postgres)
                .filter(Objects::nonNull)
                .forEach(resource -> {
                    try {
                        resource.close();
                    } catch (Exception e) {
                        LOG.warn("Could not close {}: {}", resource, e.toString());
                    }
                });
        deleteWorkDirectory();
    }

    private void deleteWorkDirectory() {
        if (workDirectory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(workDirectory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", workDirectory, e.toString());
        }
    }
}
