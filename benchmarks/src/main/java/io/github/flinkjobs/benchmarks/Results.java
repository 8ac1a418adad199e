package io.github.flinkjobs.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one benchmark run measured, as written to {@code results.json} (and kept as {@code before.json}), so that the
 * report can be made again, and compared with a later run, without measuring.
 *
 * @param label what the run measured, such as {@code before} or {@code after}
 * @param date when the run ended (ISO-8601)
 * @param commandSeconds how long the whole command took, preloading and micro-benchmarks included
 * @param machine where it ran
 * @param settings records per input, warm-up records, rounds, checkpoint interval
 * @param variants each variant's measured runs, in the order of the report
 * @param serde the micro-benchmarks of the JSON serde
 */
public record Results(String label, String date, double commandSeconds, Machine machine, Map<String, String> settings,
        List<VariantRuns> variants, List<SerdeResult> serde) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The machine the run measured.
     *
     * @param cpu the CPU model
     * @param cores the cores the JVM sees
     * @param memoryGigabytes the machine's memory
     * @param jdk the Java runtime
     * @param os the operating system
     */
    public record Machine(String cpu, int cores, double memoryGigabytes, String jdk, String os) {
    }

    /**
     * One measured run of a variant.
     *
     * @param round the round, from 1
     * @param inputRecords the records the variant read
     * @param outputRecords the records it wrote, checked against what it should write
     * @param wallSeconds elapsed time
     * @param cpuSeconds CPU time of the whole process (the in-JVM broker included)
     */
    public record Run(int round, long inputRecords, long outputRecords, double wallSeconds, double cpuSeconds) {

        /** Input records per second of elapsed time. */
        public double recordsPerSecond() {
            return inputRecords / wallSeconds;
        }

        /** Input records per CPU-second of the process. */
        public double recordsPerCpuSecond() {
            return inputRecords / cpuSeconds;
        }
    }

    /**
     * A variant and its measured runs.
     *
     * @param key a short stable name, such as {@code importer-p1}
     * @param title what the report calls it
     * @param runs the measured runs, warm-up excluded
     */
    public record VariantRuns(String key, String title, List<Run> runs) {

        /** Records per second over the runs. */
        public Stats recordsPerSecond() {
            return Stats.of(runs.stream().mapToDouble(Run::recordsPerSecond).toArray());
        }

        /** Records per CPU-second over the runs. */
        public Stats recordsPerCpuSecond() {
            return Stats.of(runs.stream().mapToDouble(Run::recordsPerCpuSecond).toArray());
        }
    }

    /**
     * One micro-benchmark of the JSON serde.
     *
     * @param name what it does, such as {@code SkyOne parse}
     * @param nanosPerOperation average time of one operation
     */
    public record SerdeResult(String name, double nanosPerOperation) {

        /** Operations per second of one thread. */
        public double operationsPerSecond() {
            return 1e9 / nanosPerOperation;
        }
    }

    /** The variant with {@code key}, if measured. */
    public Optional<VariantRuns> variant(String key) {
        return variants.stream().filter(variant -> variant.key().equals(key)).findFirst();
    }

    /** The micro-benchmark named {@code name}, if measured. */
    public Optional<SerdeResult> serde(String name) {
        return serde.stream().filter(result -> result.name().equals(name)).findFirst();
    }

    /** Writes the results as JSON to {@code file}. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), this);
    }

    /** Reads results written by {@link #write}. */
    public static Results read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Results.class);
    }
}
