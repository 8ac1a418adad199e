package io.github.flinkjobs.usagestats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The job jar that {@code flink run} takes: main class, Kafka and PostgreSQL inside, Flink runtime outside. */
class UsageStatsFatJarIT {

    private static final Path JAR = Path.of("target/job-usage-stats.jar");

    @Test
    void bundlesKafkaAndTheJdbcSinkWithTheDriverButNotTheFlinkRuntime() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(UsageStatsJob.class.getName());
            List<String> entries = jar.stream().map(JarEntry::getName).toList();
            assertThat(entries).contains(
                    "io/github/flinkjobs/usagestats/CumulativeStatistics.class",
                    "io/github/flinkjobs/core/model/UserStatistics.class",
                    "org/apache/flink/connector/kafka/sink/KafkaSink.class",
                    "org/apache/flink/connector/jdbc/core/datastream/sink/JdbcSink.class",
                    "org/postgresql/Driver.class",
                    "META-INF/services/java.sql.Driver");
            assertThat(entries).noneMatch(name -> name.startsWith("org/apache/flink/streaming/api/")
                    || name.startsWith("org/apache/flink/runtime/")
                    || name.startsWith("org/apache/logging/log4j/")
                    || name.startsWith("org/slf4j/"));
        }
        assertThat(Files.size(JAR)).isLessThan(40L * 1024 * 1024);
    }
}
