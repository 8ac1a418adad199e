package io.github.flinkjobs.flightimporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The job jar that {@code flink run} takes: stable name, the importer as main class, the generator inside (for
 * {@code flink run -c}), connectors and the datagen source inside, Flink runtime outside.
 */
class FlightImporterFatJarIT {

    private static final Path JAR = Path.of("target/job-flight-importer.jar");

    @Test
    void holdsBothMainsAndTheConnectorsButNotTheFlinkRuntimeOrLogging() throws Exception {
        assertThat(JAR).exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(FlightImporterJob.class.getName());
            List<String> entries = jar.stream().map(JarEntry::getName).toList();
            assertThat(entries).contains(
                    "io/github/flinkjobs/flightimporter/FlightImporterJob.class",
                    "io/github/flinkjobs/flightimporter/FlightDataGenerator.class",
                    "io/github/flinkjobs/core/model/SunsetAirFlightData.class",
                    "org/apache/flink/connector/datagen/source/DataGeneratorSource.class",
                    "org/apache/flink/connector/kafka/sink/KafkaSink.class",
                    "org/apache/kafka/clients/producer/KafkaProducer.class",
                    "com/fasterxml/jackson/databind/ObjectMapper.class");
            assertThat(entries).noneMatch(name -> name.startsWith("org/apache/flink/streaming/api/")
                    || name.startsWith("org/apache/flink/runtime/")
                    || name.startsWith("org/apache/flink/api/common/")
                    || name.startsWith("org/apache/flink/api/connector/source/util/ratelimit/")
                    || name.startsWith("org/apache/flink/connector/file/")
                    || name.startsWith("org/apache/flink/connector/base/")
                    || name.startsWith("org/apache/logging/log4j/")
                    || name.startsWith("org/slf4j/"));
        }
        assertThat(Files.size(JAR)).isLessThan(40L * 1024 * 1024);
    }
}
