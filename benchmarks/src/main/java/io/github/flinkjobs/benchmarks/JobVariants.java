package io.github.flinkjobs.benchmarks;

import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.flightimporter.FlightImporterJob;
import io.github.flinkjobs.testing.JobCluster.MainMethod;
import io.github.flinkjobs.testing.PartFiles;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.usagestats.UsageStatsJob;
import io.github.flinkjobs.wordcount.WordCount;
import io.github.flinkjobs.wordcount.WordCountJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The jobs as variants, each run through its own {@code main} with {@code --bounded} on the mini-cluster that is
 * the context environment, with a fresh consumer group and a fresh output per run, and the jobs' checkpointing
 * ({@code --checkpoint-interval}, 10s by default: exactly-once sinks commit on checkpoints, the last time when the
 * bounded input ends).
 */
final class JobVariants {

    /** Prepares a run of a variant. */
    @FunctionalInterface
    interface Preparer {
        Variant.PreparedRun prepare(Workload workload, String runName) throws Exception;
    }

    /** A variant made of its names and how to prepare a run. */
    record NamedVariant(String key, String title, Preparer preparer) implements Variant {
        @Override
        public PreparedRun prepare(Workload workload, String runName) throws Exception {
            return preparer.prepare(workload, runName);
        }
    }

    private static final JsonCodec<WordCount> WORD_COUNT_JSON = JsonCodec.of(WordCount.class);

    private final TestKafka broker;
    private final Duration checkpointInterval;
    private final Path workDirectory;

    JobVariants(TestKafka broker, Duration checkpointInterval, Path workDirectory) {
        this.broker = broker;
        this.checkpointInterval = checkpointInterval;
        this.workDirectory = workDirectory;
    }

    /** The flight importer at {@code parallelism}, exactly-once or at-least-once, to a fresh topic. */
    Variant importer(int parallelism, boolean exactlyOnce) {
        String guarantee = exactlyOnce ? "exactly-once" : "at-least-once";
        String key = (exactlyOnce ? "importer-p" : "importer-alo-p") + parallelism;
        String title = "Flight importer, p" + parallelism + (exactlyOnce ? "" : ", at-least-once");
        return new NamedVariant(key, title, (workload, runName) -> {
            broker.createTopic(runName, Workload.PARTITIONS, true);
            List<String> args = common(runName, parallelism);
            args.addAll(List.of("--skyone-topic", workload.skyOneTopic(), "--sunset-topic", workload.sunsetTopic(),
                    "--output-topic", runName, "--now", Workload.NOW.toString(), "--delivery-guarantee", guarantee));
            return new Variant.PreparedRun(workload.bookings(), workload.arriving(),
                    () -> run(FlightImporterJob::main, args), () -> broker.countCommitted(runName),
                    () -> broker.deleteTopic(runName));
        });
    }

    /** Usage statistics at {@code parallelism}, to a fresh topic. */
    Variant usageStats(int parallelism) {
        return new NamedVariant("usage-stats-p" + parallelism, "Usage statistics, p" + parallelism,
                (workload, runName) -> {
                    broker.createTopic(runName, Workload.PARTITIONS, true);
                    List<String> args = common(runName, parallelism);
                    args.addAll(List.of("--input-topic", workload.flightsTopic(), "--output-topic", runName));
                    return new Variant.PreparedRun(workload.flights(), workload.userWindows(),
                            () -> run(UsageStatsJob::main, args), () -> broker.countCommitted(runName),
                            () -> broker.deleteTopic(runName));
                });
    }

    /**
     * Word count at {@code parallelism}, to part files in a fresh directory; its output count is the sum of the
     * counts, which must be the number of words in the lines.
     */
    Variant wordCount(int parallelism) {
        return new NamedVariant("wordcount-p" + parallelism, "Word count, p" + parallelism + " (to files)",
                (workload, runName) -> {
                    Path output = workDirectory.resolve(runName);
                    List<String> args = common(runName, parallelism);
                    args.addAll(List.of("--topic", workload.linesTopic(), "--output", output.toString()));
                    return new Variant.PreparedRun(workload.lines(), workload.words(),
                            () -> run(WordCountJob::main, args), () -> countedWords(output),
                            () -> deleteRecursively(output));
                });
    }

    private List<String> common(String runName, int parallelism) {
        return new ArrayList<>(List.of("--bootstrap-servers", broker.bootstrapServers(), "--group-id", runName,
                "--bounded", "--parallelism", Integer.toString(parallelism),
                "--checkpoint-interval", checkpointInterval.toMillis() + "ms"));
    }

    private static void run(MainMethod main, List<String> args) throws Exception {
        main.main(args.toArray(String[]::new));
    }

    /** The sum of the counts in the finished part files below {@code directory}. */
    static long countedWords(Path directory) throws IOException {
        long words = 0;
        for (String line : PartFiles.lines(directory)) {
            words += WORD_COUNT_JSON.read(line).count();
        }
        return words;
    }

    /** Deletes {@code directory} and everything below it, if it exists. */
    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
