package io.github.flinkjobs.benchmarks;

import static io.github.flinkjobs.core.config.CommonOptions.CHECKPOINT_INTERVAL_ON;

import io.github.flinkjobs.benchmarks.Results.Run;
import io.github.flinkjobs.benchmarks.Results.SerdeResult;
import io.github.flinkjobs.benchmarks.Results.VariantRuns;
import io.github.flinkjobs.core.config.ConfigException;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.JobMain;
import io.github.flinkjobs.core.config.JobSpec;
import io.github.flinkjobs.core.config.Option;
import io.github.flinkjobs.testing.JobCluster;
import io.github.flinkjobs.testing.TestKafka;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * The benchmark command ({@code ./run-local benchmarks}): in one JVM, starts an in-JVM Kafka broker and a Flink
 * mini-cluster of two task slots, preloads {@code --records} records per input into topics of two partitions (the
 * two airline feeds, half each; FlightData; lines of text), then runs every variant once on a smaller warm-up input
 * and {@code --rounds} times on the full input, round-robin (each round starts one variant further on, so no variant
 * always runs first). Each run's output is counted and checked; its elapsed time and the CPU time of the whole process
 * (the broker's work included, as for every variant) are recorded. Finally it runs the JMH micro-benchmarks of the
 * JSON serde, and writes {@code results.json}, {@code results.md} and {@code results.svg} to {@code --results-dir},
 * with the columns of {@code before.json} next to them when that file is there.
 *
 * <p>Variants: B0, the raw Kafka copy; the flight importer at parallelism 1 and 2 and at-least-once at 1; the
 * importer in Flink SQL at 1; usage statistics and word count at 1 and 2.
 *
 * <p>Options: {@code --records} (per input, default 1,000,000), {@code --warmup-records} (default 250,000; 0 for
 * no warm-up), {@code --rounds} (default 5), {@code --variants KEY,...} (default all), {@code --checkpoint-interval}
 * (of the jobs, default 10s as theirs), {@code --results-dir} (default {@code docs/benchmarks}),
 * {@code --save-as-before} (label the run {@code before} and also keep it as {@code before.json}),
 * {@code --report-only} (write the report again from the JSON files, measuring nothing), {@code --quick} (a smoke
 * run: 4,000 records, no warm-up, one round, 500ms checkpoints, the shortest micro-benchmarks).
 */
public final class Benchmarks {

    static final Option<Integer> RECORDS = Option.positiveInt("records",
            "records per input (the two feeds share theirs)").withDefault("1000000");

    static final Option<Long> WARMUP_RECORDS = Option.wholeNumber("warmup-records",
            "records per input of the warm-up round (0: no warm-up)").withDefault("250000");

    static final Option<Integer> ROUNDS = Option.positiveInt("rounds", "measured rounds").withDefault("5");

    static final Option<String> VARIANTS = Option.text("variants",
            "comma-separated keys of the variants to run (b0, importer-p1, importer-p2, importer-alo-p1,"
                    + " sql-importer-p1, usage-stats-p1, usage-stats-p2, wordcount-p1, wordcount-p2)")
            .withDefaultDescribedAs("all");

    static final Option<String> RESULTS_DIR = Option.text("results-dir",
            "directory of results.json, results.md, results.svg and before.json").withDefault("docs/benchmarks");

    static final Option<Boolean> SAVE_AS_BEFORE = Option.flag("save-as-before",
            "label this run 'before' and keep it as before.json, the column later runs are compared with");

    static final Option<Boolean> REPORT_ONLY = Option.flag("report-only",
            "measure nothing: write results.md and results.svg again from results.json and before.json");

    static final Option<Boolean> QUICK = Option.flag("quick", "a smoke run: 4,000 records, no warm-up, one round,"
            + " 500ms checkpoints, the shortest micro-benchmarks (ignores the other sizes)");

    static final JobSpec SPEC = new JobSpec("benchmarks",
            "Measures the jobs against a raw Kafka copy on a preloaded in-JVM broker, plus JSON serde"
                    + " micro-benchmarks, and writes the results as JSON, Markdown and SVG.",
            List.of(RECORDS, WARMUP_RECORDS, ROUNDS, VARIANTS, RESULTS_DIR, SAVE_AS_BEFORE, REPORT_ONLY, QUICK,
                    CHECKPOINT_INTERVAL_ON.describedAs("checkpoint interval of the jobs (their default)")));

    static final int QUICK_RECORDS = 4000;

    /** Short, so that the exactly-once runs of a smoke run commit soon after their input ends. */
    static final Duration QUICK_CHECKPOINT_INTERVAL = Duration.ofMillis(500);

    /** A run that takes longer than this has hung: the command fails instead of waiting for ever. */
    static final Duration RUN_LIMIT = Duration.ofMinutes(10);

    /** Task slots of the mini-cluster: enough for parallelism 2. */
    static final int SLOTS = 2;

    private final PrintStream out;
    private final long started = System.nanoTime();

    private Benchmarks(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        JobMain.run(SPEC, args, config -> new Benchmarks(System.out).run(config));
    }

    /** Runs the command with {@code args}, printing to {@code out}; returns the exit status, as {@link JobMain}. */
    static int execute(String[] args, PrintStream out) throws Exception {
        return JobMain.execute(SPEC, args, System.getenv(), config -> new Benchmarks(out).run(config), out, out);
    }

    void run(JobConfig config) throws Exception {
        Path directory = Path.of(config.get(RESULTS_DIR));
        if (config.get(REPORT_ONLY)) {
            writeReport(Results.read(directory.resolve("results.json")), directory, false);
            return;
        }
        boolean quick = config.get(QUICK);
        int records = quick ? QUICK_RECORDS : config.get(RECORDS);
        long warmupRecords = quick ? 0 : config.get(WARMUP_RECORDS);
        int rounds = quick ? 1 : config.get(ROUNDS);
        Duration checkpointInterval = quick ? QUICK_CHECKPOINT_INTERVAL : config.get(CHECKPOINT_INTERVAL_ON);
        if (warmupRecords < 0) {
            throw new ConfigException("--warmup-records " + warmupRecords + ": expected 0 or more");
        }
        quietLogging();
        List<VariantRuns> measured;
        Path work = Files.createTempDirectory("benchmarks");
        try (TestKafka broker = TestKafka.startInJvm();
                JobCluster cluster = JobCluster.start(JobCluster.onLocalhostOnly(0), 1, SLOTS, 1)) {
            List<Variant> variants = select(variants(broker, checkpointInterval, work), config);
            say("preloading %,d records per input%s", records,
                    warmupRecords > 0 ? String.format(Locale.ROOT, " and %,d for the warm-up", warmupRecords) : "");
            Workload workload = Workload.preload(broker, "", records);
            Optional<Workload> warmup = warmupRecords > 0
                    ? Optional.of(Workload.preload(broker, "warmup-", Math.toIntExact(warmupRecords)))
                    : Optional.empty();
            say("preloaded: %s", workload);
            if (warmup.isPresent()) {
                for (Variant variant : variants) {
                    measure(variant, warmup.get(), variant.key() + "-warmup", "warm-up");
                }
            }
            Map<String, List<Run>> runs = new LinkedHashMap<>();
            variants.forEach(variant -> runs.put(variant.key(), new ArrayList<>()));
            for (int round = 1; round <= rounds; round++) {
                for (int i = 0; i < variants.size(); i++) {
                    Variant variant = variants.get((i + round - 1) % variants.size());
                    Run run = measure(variant, workload, variant.key() + "-r" + round, "round " + round + "/" + rounds);
                    runs.get(variant.key()).add(new Run(round, run.inputRecords(), run.outputRecords(),
                            run.wallSeconds(), run.cpuSeconds()));
                }
            }
            measured = variants.stream().map(v -> new VariantRuns(v.key(), v.title(), runs.get(v.key()))).toList();
        } finally {
            JobVariants.deleteRecursively(work);
        }
        say("micro-benchmarks of the JSON serde");
        List<SerdeResult> serde = MicroBenchmarks.run(quick);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("records per input", String.format(Locale.ROOT, "%,d", records));
        settings.put("warm-up records per input", String.format(Locale.ROOT, "%,d", warmupRecords));
        settings.put("measured rounds", Integer.toString(rounds));
        settings.put("topic partitions", Integer.toString(Workload.PARTITIONS));
        settings.put("checkpoint interval", checkpointInterval.toMillis() + " ms");
        boolean saveAsBefore = config.get(SAVE_AS_BEFORE);
        Results results = new Results(saveAsBefore ? "before" : "after",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), (System.nanoTime() - started) / 1e9,
                Machines.current(), settings, measured, serde);
        results.write(directory.resolve("results.json"));
        if (saveAsBefore) {
            results.write(directory.resolve("before.json"));
        }
        writeReport(results, directory, saveAsBefore);
        say("done in %s: %s", Report.minutes(results.commandSeconds()), directory.resolve("results.md"));
    }

    private void writeReport(Results results, Path directory, boolean isBefore) throws Exception {
        Path beforeFile = directory.resolve("before.json");
        Optional<Results> before = !isBefore && !results.label().equals("before") && Files.exists(beforeFile)
                ? Optional.of(Results.read(beforeFile)) : Optional.empty();
        String markdown = Report.markdown(results, before);
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("results.md"), markdown);
        Files.writeString(directory.resolve("results.svg"), BarChart.svg(results, before));
        out.println();
        out.print(markdown);
    }

    /** Every variant, in the report's order. */
    static List<Variant> variants(TestKafka broker, Duration checkpointInterval, Path work) {
        JobVariants jobs = new JobVariants(broker, checkpointInterval, work);
        return List.of(new RawCopy(broker), jobs.importer(1, true), jobs.importer(2, true), jobs.importer(1, false),
                new SqlImporter(broker, checkpointInterval, 1), jobs.usageStats(1), jobs.usageStats(2),
                jobs.wordCount(1), jobs.wordCount(2));
    }

    private static List<Variant> select(List<Variant> all, JobConfig config) {
        if (!config.has(VARIANTS)) {
            return all;
        }
        List<String> keys = Arrays.stream(config.get(VARIANTS).split(",")).map(String::trim).toList();
        for (String key : keys) {
            if (all.stream().noneMatch(variant -> variant.key().equals(key))) {
                throw new ConfigException("--variants: unknown variant " + key + ": expected some of "
                        + String.join(", ", all.stream().map(Variant::key).toList()));
            }
        }
        return all.stream().filter(variant -> keys.contains(variant.key())).toList();
    }

    /**
     * Runs {@code variant} once over {@code workload}: prepares its outputs, measures the run's elapsed and process
     * CPU time, then checks its output.
     *
     * @throws IllegalStateException when the output is not what it should be
     */
    private Run measure(Variant variant, Workload workload, String runName, String what) throws Exception {
        Variant.PreparedRun run = variant.prepare(workload, runName);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double wall;
        double cpu;
        long output;
        try {
            long cpuBefore = os.getProcessCpuTime();
            long wallBefore = System.nanoTime();
            withinLimit(run.execute(), variant.key() + " (" + runName + ")");
            wall = (System.nanoTime() - wallBefore) / 1e9;
            cpu = (os.getProcessCpuTime() - cpuBefore) / 1e9;
            output = run.countOutput().count();
        } finally {
            run.cleanUp().run();
        }
        if (output != run.expectedOutput()) {
            throw new IllegalStateException(variant.key() + " (" + runName + ") wrote " + output + " records, expected "
                    + run.expectedOutput());
        }
        say("%-8s %-16s %,10d records in %6.1f s (%,9.0f/s), %6.1f CPU-s (%,9.0f/CPU-s), output %,d checked", what,
                variant.key(), run.inputRecords(), wall, run.inputRecords() / wall, cpu, run.inputRecords() / cpu,
                output);
        return new Run(0, run.inputRecords(), output, wall, cpu);
    }

    /**
     * Runs {@code action} in a thread of its own and waits for it at most {@link #RUN_LIMIT}.
     *
     * @throws IllegalStateException when it takes longer, or fails
     */
    private static void withinLimit(Variant.Action action, String what) throws Exception {
        ExecutorService runner = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "benchmark-run");
            thread.setDaemon(true);
            return thread;
        });
        try {
            runner.submit(() -> {
                action.run();
                return null;
            }).get(RUN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " did not end within " + RUN_LIMIT.toMinutes() + " minutes");
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
        } finally {
            runner.shutdownNow();
        }
    }

    /** Keeps the log to the benchmark's own lines: not every checkpoint of every run, nor the broker's notes. */
    private static void quietLogging() {
        Configurator.setLevel("org.apache.flink", Level.WARN);
        Configurator.setLevel("org.apache.flink.runtime.checkpoint.CheckpointCoordinator", Level.WARN);
        Configurator.setLevel("org.apache.flink.runtime.executiongraph.DefaultExecutionGraph", Level.WARN);
        Configurator.setLevel("org.apache.flink.connector.kafka.source.KafkaSourceBuilder", Level.ERROR);
        Configurator.setLevel("org.apache.flink.runtime.checkpoint.CheckpointFailureManager", Level.ERROR);
        Configurator.setLevel("io.github.flinkjobs", Level.WARN);
        Configurator.setLevel("kafka", Level.ERROR);
        Configurator.setLevel("org.apache.kafka", Level.ERROR);
        Configurator.setLevel("org.apache.pekko", Level.ERROR);
    }

    private void say(String format, Object... arguments) {
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        out.printf("[%4ds] %s%n", seconds, String.format(Locale.ROOT, format, arguments));
    }
}
