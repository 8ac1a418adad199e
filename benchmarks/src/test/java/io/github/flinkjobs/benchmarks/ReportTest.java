package io.github.flinkjobs.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    @Test
    void eachVariantHasItsMedianMinMaxAndRatiosToB0() {
        String report = Report.markdown(SampleResults.of("after", 60_000), Optional.empty());

        assertThat(report)
                .contains("| B0 raw copy | 200,000 (160,000 – 250,000) | 1.00× | 100,000 (80,000 – 125,000) | 1.00× |")
                .contains("| Flight importer, p1 | 60,000 (48,000 – 75,000) | 0.30× | 60,000 (48,000 – 75,000)"
                        + " | 0.60× |")
                .contains("The process CPU includes the in-JVM Kafka broker's work")
                .contains("DataStream importer vs the SQL importer (parallelism 1): 1.50× per CPU-second")
                .contains("| Some CPU | 2 | 8.0 GB | OpenJDK 17 | Linux |")
                .contains("records per input 1,000,000")
                .contains("| SkyOne parse (feed parser) | 2,000 | 500,000 |")
                .doesNotContain("Before and after");
    }

    @Test
    void targetsSayWhetherTheyAreMet() {
        String report = Report.markdown(SampleResults.of("after", 60_000), Optional.empty());

        assertThat(report)
                .contains("| Flight importer, p1 | B0 raw copy | ≥ 0.5× | 0.60× | yes |")
                .contains("| Flight importer, p1 | Flight importer in <SQL> | ≥ 1.0× | 1.50× | yes |");
        assertThat(Report.markdown(SampleResults.of("after", 30_000), Optional.empty()))
                .contains("| Flight importer, p1 | B0 raw copy | ≥ 0.5× | 0.30× | no |");
    }

    @Test
    void aBeforeRunAddsBeforeAndAfterColumns() {
        String report = Report.markdown(SampleResults.of("after", 60_000),
                Optional.of(SampleResults.of("before", 30_000)));

        assertThat(report)
                .contains("## Before and after")
                .contains("| Flight importer, p1 | 30,000 (0.30×) | 60,000 (0.60×) | 2.00× |")
                .contains("| SkyOne parse (feed parser) | 2,000 | 2,000 | 1.00× |");
    }

    @Test
    void resultsSurviveTheirJsonFile(@TempDir Path directory) throws Exception {
        Results results = SampleResults.of("before", 50_000);
        results.write(directory.resolve("results.json"));

        assertThat(Results.read(directory.resolve("results.json"))).isEqualTo(results);
    }
}
