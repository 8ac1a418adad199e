package io.github.flinkjobs.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.benchmarks.Results.Run;
import io.github.flinkjobs.benchmarks.Results.VariantRuns;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark command end to end in its quick mode: every variant runs, checks its output and is reported. */
class BenchmarksIT {

    @Test
    void aQuickRunMeasuresAndReportsEveryVariant(@TempDir Path results) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        int status = Benchmarks.execute(new String[] {"--quick", "--results-dir", results.toString()},
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(status).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        Results measured = Results.read(results.resolve("results.json"));
        List<String> keys = List.of("b0", "importer-p1", "importer-p2", "importer-alo-p1", "sql-importer-p1",
                "usage-stats-p1", "usage-stats-p2", "wordcount-p1", "wordcount-p2");
        assertThat(measured.variants()).extracting(VariantRuns::key).containsExactlyElementsOf(keys);
        for (VariantRuns variant : measured.variants()) {
            assertThat(variant.runs()).hasSize(1);
            Run run = variant.runs().get(0);
            assertThat(run.inputRecords()).as(variant.key()).isEqualTo(Benchmarks.QUICK_RECORDS);
            assertThat(run.outputRecords()).as(variant.key()).isPositive();
            assertThat(run.cpuSeconds()).as(variant.key()).isPositive();
        }
        assertThat(measured.variant("b0").orElseThrow().runs().get(0).outputRecords())
                .isEqualTo(Benchmarks.QUICK_RECORDS);
        assertThat(measured.serde()).hasSize(SerdeBenchmarks.NAMES.size());
        assertThat(measured.label()).isEqualTo("after");

        String markdown = Files.readString(results.resolve("results.md"));
        String svg = Files.readString(results.resolve("results.svg"));
        for (VariantRuns variant : measured.variants()) {
            assertThat(markdown).contains("| " + variant.title() + " |");
            assertThat(svg).contains(BarChart.escape(variant.title()));
        }
        assertThat(markdown).doesNotContain("Before and after");
        assertThat(Files.exists(results.resolve("before.json"))).isFalse();
    }
}
