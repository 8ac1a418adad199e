package io.github.flinkjobs.flightimporter;

import io.github.flinkjobs.testing.JobJars;
import org.junit.jupiter.api.Test;

/**
 * The job jar that {@code flink run} takes: stable name, the importer as main class, the generator inside (for
 * {@code flink run -c}), connectors and the datagen source inside, Flink runtime outside.
 */
class FlightImporterFatJarIT {

    @Test
    void holdsBothMainsAndTheConnectorsButNotTheFlinkRuntimeOrLogging() throws Exception {
        JobJars.assertJobJar("job-flight-importer", FlightImporterJob.class,
                "io/github/flinkjobs/flightimporter/FlightDataGenerator.class",
                "io/github/flinkjobs/core/model/SunsetAirFlightData.class",
                "org/apache/flink/connector/datagen/source/DataGeneratorSource.class",
                "org/apache/flink/connector/kafka/sink/KafkaSink.class");
    }
}
