package io.github.flinkjobs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.charcount.CharCountJob;
import io.github.flinkjobs.flightimporter.FlightImporterJob;
import io.github.flinkjobs.testing.JobCluster.MainMethod;
import io.github.flinkjobs.testing.Repository;
import io.github.flinkjobs.testing.TestDatabase;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestPostgres;
import io.github.flinkjobs.usagestats.UsageStatsJob;
import io.github.flinkjobs.wordcount.WordCountJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operator of every job has a uid of its own ({@link OperatorUids}), in each configuration whose graph differs:
 * Kafka or files in, Kafka, files, PostgreSQL or stdout out. The jobs' {@code main} builds the graph as it would
 * for a cluster, and {@link StreamGraphCapture} keeps it instead of running it. An integration test because the
 * jobs check their Kafka (reachable, input topics exist) and PostgreSQL before building the graph.
 */
class JobUidsIT {

    @TempDir
    static Path temporary;

    private static TestDatabase database;
    private static Path passwordFile;

    @BeforeAll
    static void createDatabase() throws Exception {
        database = TestPostgres.get().createDatabase();
        database.createTables();
        passwordFile = database.writePasswordFile(temporary);
        for (String topic : List.of("text", "words", "skyone", "sunset", "flightdata")) {
            TestKafka.get().createTopic(topic, 2, false);
        }
    }

    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of("char count from Kafka", (MainMethod) CharCountJob::main,
                        List.of("--topic", "text", "--output", "{dir}")),
                Arguments.of("char count from files", (MainMethod) CharCountJob::main,
                        List.of("--input", data("messages.txt"), "--output", "{dir}")),
                Arguments.of("word count from Kafka to PostgreSQL", (MainMethod) WordCountJob::main,
                        List.of("--topic", "words", "{jdbc}")),
                Arguments.of("word count from Kafka to files", (MainMethod) WordCountJob::main,
                        List.of("--topic", "words", "--output", "{dir}")),
                Arguments.of("word count from files to stdout", (MainMethod) WordCountJob::main,
                        List.of("--input", data("words.txt"))),
                Arguments.of("word count from files to files", (MainMethod) WordCountJob::main,
                        List.of("--input", data("words.txt"), "--output", "{dir}", "--dlq-output", "{dir}")),
                Arguments.of("flight importer from Kafka", (MainMethod) FlightImporterJob::main,
                        List.of()),
                Arguments.of("flight importer from files", (MainMethod) FlightImporterJob::main,
                        List.of("--skyone-input", data("skyone.jsonl"), "--sunset-input", data("sunset.jsonl"),
                                "--output", "{dir}", "--dlq-output", "{dir}")),
                Arguments.of("usage statistics from Kafka to Kafka and PostgreSQL",
                        (MainMethod) UsageStatsJob::main, List.of("{jdbc}")),
                Arguments.of("usage statistics from files to files",
                        (MainMethod) UsageStatsJob::main,
                        List.of("--input", data("flightdata.jsonl"), "--output", "{dir}", "--dlq-output", "{dir}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void everyOperatorHasAUidOfItsOwn(String configuration, MainMethod main, List<String> args)
            throws Exception {
        StreamGraph graph = StreamGraphCapture.of(main, arguments(args));
        assertThat(graph.getStreamNodes()).as("operators").isNotEmpty();
        assertThat(OperatorUids.violations(graph)).as(configuration).isEmpty();
    }

    private static String data(String file) {
        return Repository.file("test-data/" + file).toString();
    }

    /** The job's arguments with a fresh directory for each {@code {dir}} and the database for {@code {jdbc}}. */
    private static String[] arguments(List<String> args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--bootstrap-servers", TestKafka.get().bootstrapServers()));
        for (String arg : args) {
            if (arg.equals("{dir}")) {
                all.add(Files.createTempDirectory(temporary, "out").toString());
            } else if (arg.equals("{jdbc}")) {
                all.addAll(List.of("--jdbc-url", database.jdbcUrl(), "--jdbc-user", database.user(),
                        "--jdbc-password-file", passwordFile.toString()));
            } else {
                all.add(arg);
            }
        }
        return all.toArray(String[]::new);
    }
}
