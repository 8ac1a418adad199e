package io.github.flinkjobs.charcount;

import io.github.flinkjobs.testing.JobJars;
import org.junit.jupiter.api.Test;

/** The job jar that {@code flink run} takes: stable name, main class, connectors inside, Flink runtime outside. */
class CharCountFatJarIT {

    @Test
    void bundlesTheConnectorsButNotTheFlinkRuntimeOrLogging() throws Exception {
        JobJars.assertJobJar("job-char-count", CharCountJob.class);
    }
}
