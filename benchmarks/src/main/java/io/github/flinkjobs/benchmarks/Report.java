package io.github.flinkjobs.benchmarks;

import io.github.flinkjobs.benchmarks.Results.SerdeResult;
import io.github.flinkjobs.benchmarks.Results.VariantRuns;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The results as Markdown: the machine, each variant's records per second and per CPU-second (median, min, max) with
 * their ratios to the raw Kafka copy B0, the comparisons the targets are about, the JSON serde micro-benchmarks, and,
 * when a "before" run is given, before and after side by side.
 */
public final class Report {

    /** The baseline every variant is compared with: a raw Kafka consumer → producer byte copy. */
    public static final String BASELINE = "b0";

    /**
     * A target: {@code variant} reaches {@code atLeast} times {@code reference}, per CPU-second.
     *
     * @param variant the measured variant
     * @param reference what it is compared with
     * @param atLeast the ratio to reach
     */
    record Target(String variant, String reference, double atLeast) {
    }

    /** The targets the jobs aim at, per CPU-second of the same run. */
    static final List<Target> TARGETS = List.of(
            new Target("importer-p1", BASELINE, 0.5),
            new Target("importer-p2", BASELINE, 0.5),
            new Target("usage-stats-p1", BASELINE, 0.4),
            new Target("usage-stats-p2", BASELINE, 0.4),
            new Target("importer-p1", "sql-importer-p1", 1.0));

    private Report() {
    }

    /** The report of {@code results}, with the columns of {@code before} next to them when given. */
    public static String markdown(Results results, Optional<Results> before) {
        StringBuilder out = new StringBuilder();
        out.append("# Benchmark results\n\n");
        out.append(String.format(Locale.ROOT, "Run `%s` of %s; the whole command took %s.%n%n", results.label(),
                results.date(), minutes(results.commandSeconds())));
        machine(out, results);
        throughput(out, results);
        targets(out, results);
        serde(out, results);
        before.ifPresent(earlier -> beforeAndAfter(out, earlier, results));
        out.append("![Records per CPU-second](results.svg)\n");
        return out.toString();
    }

    private static void machine(StringBuilder out, Results results) {
        Results.Machine machine = results.machine();
        out.append("| CPU | cores | memory | JDK | OS |\n|---|---|---|---|---|\n");
        out.append(String.format(Locale.ROOT, "| %s | %d | %.1f GB | %s | %s |%n%n", machine.cpu(), machine.cores(),
                machine.memoryGigabytes(), machine.jdk(), machine.os()));
        out.append("Settings: ");
        out.append(String.join(", ", results.settings().entrySet().stream()
                .map(entry -> entry.getKey() + " " + entry.getValue()).toList()));
        out.append(".\n\n");
    }

    private static void throughput(StringBuilder out, Results results) {
        out.append("## Throughput\n\n");
        out.append("Input records per second of elapsed time and per CPU-second of the whole process, median (min –"
                + " max) over the measured rounds, and the ratio of the medians to B0. **The process CPU includes the"
                + " in-JVM Kafka broker's work**, the same for every variant, B0 included. Every run's output was"
                + " counted and checked.\n\n");
        out.append("| Variant | records/s | × B0 | records/CPU-s | × B0 |\n|---|---:|---:|---:|---:|\n");
        Optional<VariantRuns> baseline = results.variant(BASELINE);
        for (VariantRuns variant : results.variants()) {
            Stats perSecond = variant.recordsPerSecond();
            Stats perCpuSecond = variant.recordsPerCpuSecond();
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", variant.title(), spread(perSecond),
                    baseline.map(b0 -> ratio(perSecond.median(), b0.recordsPerSecond().median())).orElse("–"),
                    spread(perCpuSecond),
                    baseline.map(b0 -> ratio(perCpuSecond.median(), b0.recordsPerCpuSecond().median())).orElse("–")));
        }
        out.append('\n');
        comparison(out, results, "importer-p1", "sql-importer-p1", "DataStream importer vs the SQL importer");
        comparison(out, results, "importer-p1", "importer-alo-p1", "Exactly-once importer vs at-least-once");
        out.append('\n');
    }

    private static void comparison(StringBuilder out, Results results, String first, String second, String what) {
        Optional<VariantRuns> one = results.variant(first);
        Optional<VariantRuns> other = results.variant(second);
        if (one.isPresent() && other.isPresent()) {
            out.append(String.format(Locale.ROOT, "- %s (parallelism 1): %s per CPU-second, %s per second.%n", what,
                    ratio(one.get().recordsPerCpuSecond().median(), other.get().recordsPerCpuSecond().median()),
                    ratio(one.get().recordsPerSecond().median(), other.get().recordsPerSecond().median())));
        }
    }

    private static void targets(StringBuilder out, Results results) {
        out.append("## Targets (per CPU-second, same run)\n\n| Variant | compared with | target | measured | met |\n"
                + "|---|---|---:|---:|---|\n");
        for (Target target : TARGETS) {
            Optional<VariantRuns> variant = results.variant(target.variant());
            Optional<VariantRuns> reference = results.variant(target.reference());
            if (variant.isEmpty() || reference.isEmpty()) {
                continue;
            }
            double measured = variant.get().recordsPerCpuSecond().median()
                    / reference.get().recordsPerCpuSecond().median();
            out.append(String.format(Locale.ROOT, "| %s | %s | ≥ %.1f× | %.2f× | %s |%n", variant.get().title(),
                    reference.get().title(), target.atLeast(), measured, measured >= target.atLeast() ? "yes" : "no"));
        }
        out.append('\n');
    }

    private static void serde(StringBuilder out, Results results) {
        if (results.serde().isEmpty()) {
            return;
        }
        out.append("## JSON serde (JMH, one thread)\n\n| Operation | ns/op | ops/s |\n|---|---:|---:|\n");
        for (SerdeResult result : results.serde()) {
            out.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f |%n", result.name(),
                    result.nanosPerOperation(), result.operationsPerSecond()));
        }
        out.append('\n');
    }

    private static void beforeAndAfter(StringBuilder out, Results before, Results after) {
        out.append(String.format(Locale.ROOT, "## Before and after%n%nMedian records per CPU-second (× B0 of the same"
                + " run): `%s` (%s) and `%s` (%s).%n%n", before.label(), before.date(), after.label(), after.date()));
        out.append("| Variant | before | after | after / before |\n|---|---:|---:|---:|\n");
        for (VariantRuns variant : after.variants()) {
            Optional<VariantRuns> earlier = before.variant(variant.key());
            double now = variant.recordsPerCpuSecond().median();
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", variant.title(),
                    earlier.map(runs -> perCpuSecondWithRatio(before, runs)).orElse("–"),
                    perCpuSecondWithRatio(after, variant),
                    earlier.map(runs -> ratio(now, runs.recordsPerCpuSecond().median())).orElse("–")));
        }
        out.append('\n');
        if (!after.serde().isEmpty()) {
            out.append("| JSON serde | before ns/op | after ns/op | after / before |\n|---|---:|---:|---:|\n");
            for (SerdeResult result : after.serde()) {
                Optional<SerdeResult> earlier = before.serde(result.name());
                out.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %s |%n", result.name(),
                        earlier.map(e -> String.format(Locale.ROOT, "%,.0f", e.nanosPerOperation())).orElse("–"),
                        result.nanosPerOperation(),
                        earlier.map(e -> ratio(result.nanosPerOperation(), e.nanosPerOperation())).orElse("–")));
            }
            out.append('\n');
        }
    }

    private static String perCpuSecondWithRatio(Results results, VariantRuns variant) {
        double median = variant.recordsPerCpuSecond().median();
        return results.variant(BASELINE)
                .map(b0 -> String.format(Locale.ROOT, "%,.0f (%s)", median,
                        ratio(median, b0.recordsPerCpuSecond().median())))
                .orElse(String.format(Locale.ROOT, "%,.0f", median));
    }

    /** {@code 123,456 (120,000 – 130,000)}. */
    static String spread(Stats stats) {
        return String.format(Locale.ROOT, "%,.0f (%,.0f – %,.0f)", stats.median(), stats.min(), stats.max());
    }

    /** {@code 0.45×}. */
    static String ratio(double value, double reference) {
        return String.format(Locale.ROOT, "%.2f×", value / reference);
    }

    /** {@code 12.3 min}, or seconds below a minute. */
    static String minutes(double seconds) {
        return seconds < 60 ? String.format(Locale.ROOT, "%.0f s", seconds)
                : String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }
}
