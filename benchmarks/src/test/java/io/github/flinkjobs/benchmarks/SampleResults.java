package io.github.flinkjobs.benchmarks;

import io.github.flinkjobs.benchmarks.Results.Run;
import io.github.flinkjobs.benchmarks.Results.SerdeResult;
import io.github.flinkjobs.benchmarks.Results.VariantRuns;
import java.util.List;
import java.util.Map;

/** Results with round numbers, for the report's tests. */
final class SampleResults {

    private SampleResults() {
    }

    /**
     * B0 at 100,000 records per CPU-second (200,000/s), the importer at {@code importerPerCpuSecond} (half as many per
     * second), the SQL importer at 40,000, each from three runs of 1,000,000 records.
     */
    static Results of(String label, double importerPerCpuSecond) {
        return new Results(label, "2026-01-01T00:00:00Z", 600,
                new Results.Machine("Some CPU", 2, 8, "OpenJDK 17", "Linux"),
                Map.of("records per input", "1,000,000"),
                List.of(variant("b0", "B0 raw copy", 100_000, 2),
                        variant("importer-p1", "Flight importer, p1", importerPerCpuSecond, 1),
                        variant("sql-importer-p1", "Flight importer in <SQL>", 40_000, 1)),
                List.of(new SerdeResult("SkyOne parse (feed parser)", 2_000)));
    }

    /** Three runs of 1,000,000 records at about {@code perCpuSecond}, {@code perCpu} times as fast per second. */
    private static VariantRuns variant(String key, String title, double perCpuSecond, double cpus) {
        double cpuSeconds = 1_000_000 / perCpuSecond;
        return new VariantRuns(key, title, List.of(
                new Run(1, 1_000_000, 1_000_000, cpuSeconds / cpus * 1.25, cpuSeconds * 1.25),
                new Run(2, 1_000_000, 1_000_000, cpuSeconds / cpus, cpuSeconds),
                new Run(3, 1_000_000, 1_000_000, cpuSeconds / cpus * 0.8, cpuSeconds * 0.8)));
    }
}
