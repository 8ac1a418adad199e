package io.github.flinkjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Checks of a job module's fat jar, the one {@code flink run} takes: {@code target/<module>.jar} with the job's main
 * class in its manifest, {@code jobs-core}, the Kafka connector, Kafka clients and Jackson inside, and nothing the
 * cluster provides (the Flink runtime, the file connector, logging), which would clash with the cluster's copies.
 */
public final class JobJars {

    /** Jars stay well below this size; a larger one has picked up something the cluster provides. */
    private static final long MAX_BYTES = 40L * 1024 * 1024;

    private JobJars() {
    }

    /**
     * Asserts that the fat jar of the module under test (run from the module's directory) has {@code mainClass} as
     * its main class, holds the suite's shared code and connectors and the {@code extraEntries} (class files such as
     * {@code org/postgresql/Driver.class}), and leaves out the Flink runtime and logging.
     */
    public static void assertJobJar(String module, Class<?> mainClass, String... extraEntries) throws IOException {
        Path path = Path.of("target", module + ".jar");
        assertThat(path).exists();
        try (JarFile jar = new JarFile(path.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(mainClass.getName());
            List<String> entries = jar.stream().map(JarEntry::getName).toList();
            assertThat(entries).contains(
                    mainClass.getName().replace('.', '/') + ".class",
                    "io/github/flinkjobs/core/JobIo.class",
                    "org/apache/flink/connector/kafka/source/KafkaSource.class",
                    "org/apache/kafka/clients/producer/KafkaProducer.class",
                    "com/fasterxml/jackson/databind/ObjectMapper.class");
            assertThat(entries).containsAll(List.of(extraEntries));
            assertThat(entries).noneMatch(name -> name.startsWith("org/apache/flink/streaming/api/")
                    || name.startsWith("org/apache/flink/runtime/")
                    || name.startsWith("org/apache/flink/api/common/")
                    || name.startsWith("org/apache/flink/api/connector/")
                    || name.startsWith("org/apache/flink/connector/file/")
                    || name.startsWith("org/apache/flink/connector/base/")
                    || name.startsWith("org/apache/logging/log4j/")
                    || name.startsWith("org/slf4j/"));
        }
        assertThat(Files.size(path)).isLessThan(MAX_BYTES);
    }
}
