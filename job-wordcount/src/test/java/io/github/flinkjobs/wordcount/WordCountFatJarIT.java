package io.github.flinkjobs.wordcount;

import io.github.flinkjobs.testing.JobJars;
import org.junit.jupiter.api.Test;

/** The job jar that {@code flink run} takes: stable name, main class, connectors inside, Flink runtime outside. */
class WordCountFatJarIT {

    @Test
    void bundlesTheConnectorsAndTheDatabaseDriverButNotTheFlinkRuntimeOrLogging() throws Exception {
        JobJars.assertJobJar("job-wordcount", WordCountJob.class,
                "org/apache/flink/connector/jdbc/core/datastream/sink/JdbcSink.class", "org/postgresql/Driver.class");
    }
}
