package io.github.flinkjobs.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.charcount.CharCountJob;
import io.github.flinkjobs.flightimporter.FlightDataGenerator;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operator of every job has a uid of its own ({@link OperatorUids}), in each configuration whose graph differs:
 * Kafka or files in, Kafka, files, PostgreSQL or stdout out; and the uids and the max parallelism are exactly those
 * of the job's golden list, {@code <module>/src/test/resources/uids/<job>.txt}, whatever the topics, paths and
 * options (every configuration here names topics other than the defaults). A savepoint restores only onto operators
 * of the same uids and the same max parallelism, so changing either must be a deliberate, reviewed edit of that file
 * (see docs/operations.md). The jobs' {@code main} builds the graph as it would for a cluster, and
 * {@link StreamGraphCapture} keeps it instead of running it. An integration test because the jobs check their Kafka
 * (reachable, input topics exist) and PostgreSQL before building the graph.
 */
class JobUidsIT {

    private static final List<String> TOPICS = List.of("text-renamed", "lines-renamed", "skyone-renamed",
            "sunset-renamed", "flights-renamed");

    @TempDir
    static Path temporary;

    private static TestDatabase database;
    private static Path passwordFile;

    @BeforeAll
    static void createDatabase() throws Exception {
        database = TestPostgres.get().createDatabase();
        database.createTables();
        passwordFile = database.writePasswordFile(temporary);
        for (String topic : TOPICS) {
            TestKafka.get().createTopic(topic, 2, false);
        }
    }

    /** A job's configuration: its module, its name, its {@code main} and arguments. */
    record Configuration(String description, String module, String job, MainMethod main, List<String> args) {
        @Override
        public String toString() {
            return description;
        }
    }

    static List<Configuration> configurations() {
        String importer = "flight-importer";
        String generator = "flight-data-generator";
        String usageStats = "usage-stats";
        String wordCount = "word-count";
        String charCount = "char-count";
        List<String> importerTopics = List.of("--skyone-topic", "skyone-renamed", "--sunset-topic", "sunset-renamed",
                "--output-topic", "flights-renamed");
        return List.of(
                new Configuration("char count from Kafka", "job-char-count", charCount, CharCountJob::main,
                        List.of("--topic", "text-renamed", "--output", "{dir}")),
                new Configuration("char count from files", "job-char-count", charCount, CharCountJob::main,
                        List.of("--input", data("messages.txt"), "--output", "{dir}")),
                new Configuration("word count from Kafka to PostgreSQL", "job-wordcount", wordCount,
                        WordCountJob::main, List.of("--topic", "lines-renamed", "{jdbc}")),
                new Configuration("word count from Kafka to files", "job-wordcount", wordCount, WordCountJob::main,
                        List.of("--topic", "lines-renamed", "--output", "{dir}", "--window", "7s")),
                new Configuration("word count from files to stdout", "job-wordcount", wordCount, WordCountJob::main,
                        List.of("--input", data("words.txt"))),
                new Configuration("word count from files to files", "job-wordcount", wordCount, WordCountJob::main,
                        List.of("--input", data("words.txt"), "--output", "{dir}", "--dlq-output", "{dir}")),
                new Configuration("flight importer from Kafka", "job-flight-importer", importer,
                        FlightImporterJob::main, importerTopics),
                new Configuration("flight importer from files", "job-flight-importer", importer,
                        FlightImporterJob::main, List.of("--skyone-input", data("skyone.jsonl"), "--sunset-input",
                                data("sunset.jsonl"), "--output", "{dir}", "--dlq-output", "{dir}")),
                new Configuration("flight data generator to Kafka", "job-flight-importer", generator,
                        FlightDataGenerator::main, List.of("--skyone-topic", "skyone-renamed", "--sunset-topic",
                                "sunset-renamed", "--records", "10")),
                new Configuration("flight data generator to files", "job-flight-importer", generator,
                        FlightDataGenerator::main, List.of("--output", "{dir}", "--records", "10")),
                new Configuration("usage statistics from Kafka to Kafka and PostgreSQL", "job-usage-stats",
                        usageStats, UsageStatsJob::main, List.of("--input-topic", "flights-renamed",
                                "--output-topic", "statistics-renamed", "{jdbc}")),
                new Configuration("usage statistics from files to files", "job-usage-stats", usageStats,
                        UsageStatsJob::main, List.of("--input", data("flightdata.jsonl"), "--output", "{dir}",
                                "--dlq-output", "{dir}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void everyOperatorHasAUidOfItsOwn(Configuration configuration) throws Exception {
        StreamGraph graph = StreamGraphCapture.of(configuration.main(), arguments(configuration.args()));
        assertThat(graph.getStreamNodes()).as("operators").isNotEmpty();
        assertThat(OperatorUids.violations(graph)).as(configuration.description()).isEmpty();
    }

    static Stream<String> jobs() {
        return configurations().stream().map(Configuration::job).distinct();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void theUidsAndMaxParallelismOfEveryConfigurationAreThoseOfTheGoldenList(String job) throws Exception {
        List<Configuration> ofJob = configurations().stream().filter(c -> c.job().equals(job)).toList();
        Path golden = Repository.file(ofJob.get(0).module() + "/src/test/resources/uids/" + job + ".txt");
        Set<String> uids = new TreeSet<>();
        Set<String> maxParallelisms = new TreeSet<>();
        for (Configuration configuration : ofJob) {
            StreamGraph graph = StreamGraphCapture.of(configuration.main(), arguments(configuration.args()));
            graph.getStreamNodes().forEach(node -> uids.add(node.getTransformationUID()));
            maxParallelisms.add("max-parallelism " + graph.getExecutionConfig().getMaxParallelism());
        }
        List<String> actual = new ArrayList<>(maxParallelisms);
        actual.addAll(uids);
        List<String> expected = Files.readAllLines(golden).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .toList();

        assertThat(actual).as("the uids and max parallelism of %s in %s (update it only on purpose)", job, golden)
                .containsExactlyElementsOf(expected);
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
