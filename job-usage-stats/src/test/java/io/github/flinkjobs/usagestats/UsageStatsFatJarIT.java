package io.github.flinkjobs.usagestats;

import io.github.flinkjobs.testing.JobJars;
import org.junit.jupiter.api.Test;

/** The job jar that {@code flink run} takes: main class, Kafka and PostgreSQL inside, Flink runtime outside. */
class UsageStatsFatJarIT {

    @Test
    void bundlesKafkaAndTheJdbcSinkWithTheDriverButNotTheFlinkRuntime() throws Exception {
        JobJars.assertJobJar("job-usage-stats", UsageStatsJob.class,
                "io/github/flinkjobs/usagestats/CumulativeStatistics.class",
                "io/github/flinkjobs/core/model/UserStatistics.class",
                "org/apache/flink/connector/kafka/sink/KafkaSink.class",
                "org/apache/flink/connector/jdbc/core/datastream/sink/JdbcSink.class",
                "org/postgresql/Driver.class",
                "META-INF/services/java.sql.Driver");
    }
}
