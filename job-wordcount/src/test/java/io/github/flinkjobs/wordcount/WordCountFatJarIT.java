package io.github.flinkjobs.wordcount;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The job jar that {@code flink run} takes: stable name, main class, connectors inside, Flink runtime outside. */
class WordCountFatJarIT {

    private static final Path JAR = Path.of("target/job-wordcount.jar");

    @Test
    void bundlesTheConnectorsButNotTheFlinkRuntimeOrLogging() throws Exception {
        assertThat(JAR).exists();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(WordCountJob.class.getName());
            List<String> entries = jar.stream().map(JarEntry::getName).toList();
            assertThat(entries).contains(
                    "io/github/flinkjobs/wordcount/WordCountJob.class",
                    "io/github/flinkjobs/core/JobIo.class",
                    "org/apache/flink/connector/kafka/source/KafkaSource.class",
                    "org/apache/kafka/clients/producer/KafkaProducer.class",
                    "com/fasterxml/jackson/databind/ObjectMapper.class",
                    "org/apache/flink/connector/jdbc/core/datastream/sink/JdbcSink.class",
                    "org/postgresql/Driver.class");
            assertThat(entries).noneMatch(name -> name.startsWith("org/apache/flink/streaming/api/")
                    || name.startsWith("org/apache/flink/runtime/")
                    || name.startsWith("org/apache/flink/api/common/")
                    || name.startsWith("org/apache/flink/connector/file/")
                    || name.startsWith("org/apache/flink/connector/base/")
                    || name.startsWith("org/apache/logging/log4j/")
                    || name.startsWith("org/slf4j/"));
        }
        assertThat(Files.size(JAR)).isLessThan(40L * 1024 * 1024);
    }
}
