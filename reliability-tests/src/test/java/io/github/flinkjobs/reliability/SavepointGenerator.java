package io.github.flinkjobs.reliability;

import io.github.flinkjobs.reliability.CommittedSavepoints.Fixture;
import io.github.flinkjobs.testing.JobCluster.RunningJob;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.Repository;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;

/**
 * Writes the committed savepoints of a release ({@link CommittedSavepoints}): for each fixture, runs the job on an
 * in-JVM Kafka broker and a mini-cluster at parallelism 2 (heap backend, or RocksDB for the {@code -rocksdb} ones)
 * over the first {@code before} records of its fixed input, waits until it has committed exactly the output those
 * records give, stops it with a savepoint (CANONICAL format; small state goes inline into {@code _metadata}), checks
 * the output again, and copies the savepoint to {@code <module>/src/test/resources/savepoints/<release>/<name>/},
 * replacing what was there.
 *
 * <p>Run it for a new release with {@code reliability-tests/generate-savepoints 0.2.0}, which compiles the
 * modules and runs this class from the repository root on this module's test class path ({@code MVN} names the
 * Maven command, default {@code mvn -B -o}); docs/state-compatibility.md has the whole procedure. Arguments: the
 * release, then optionally the names of the savepoints to write (default all: {@code usage-stats},
 * {@code usage-stats-rocksdb}, {@code word-count}, {@code flight-importer}, {@code char-count}).
 */
public final class SavepointGenerator {

    private SavepointGenerator() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].matches("\\d+\\.\\d+\\.\\d+")) {
            System.err.println("usage: SavepointGenerator RELEASE [name ...]   (RELEASE such as 0.2.0; names of "
                    + CommittedSavepoints.byName().keySet() + ")");
            System.exit(2);
        }
        String release = args[0];
        if (System.getProperty("repository.root") == null) {
            System.setProperty("repository.root", "."); // run from the repository's root
        }
        List<Fixture> fixtures = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            fixtures.add(Objects.requireNonNull(CommittedSavepoints.byName().get(args[i]), "no savepoint " + args[i]));
        }
        if (fixtures.isEmpty()) {
            fixtures.addAll(CommittedSavepoints.ALL);
        }
        TestKafka kafka = TestKafka.startInJvm();
        // A fixed place: the file sinks' operator names, which the savepoints hold, name their directories.
        Path work = Repository.root().resolve("reliability-tests/target/savepoint-generator");
        deleteRecursively(work);
        Files.createDirectories(work);
        try {
            for (Fixture fixture : fixtures) {
                generate(fixture, release, kafka, work);
            }
        } finally {
            kafka.close();
            deleteRecursively(work);
        }
        System.exit(0); // the mini-clusters' and Kafka's leftover non-daemon threads
    }

    private static void generate(Fixture fixture, String release, TestKafka kafka, Path work) throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(StateBackendOptions.STATE_BACKEND, fixture.rocksDb() ? "rocksdb" : "hashmap");
        try (TestCluster cluster = TestCluster.start(1, CommittedSavepoints.PARALLELISM, configuration)) {
            fixture.produceInput(kafka, release, fixture.before());
            String output = CommittedSavepoints.writesFiles(fixture)
                    ? work.resolve(fixture.name() + "-output").toString()
                    : fixture.topic(release, "output");
            if (!CommittedSavepoints.writesFiles(fixture)) {
                kafka.createTopic(output, CommittedSavepoints.PARTITIONS, true);
            }
            List<String> args = CommittedSavepoints.arguments(fixture, kafka, release,
                    "savepoint-" + release + "-" + fixture.name(), output);
            RunningJob job = cluster.submit(fixture.main(), args);
            Object expected = CommittedSavepoints.expectedBefore(fixture);
            long records = (long) fixture.before() * fixture.roles().size();
            cluster.await(job, "the output of the first " + fixture.before() + " records", () ->
                    cluster.recordsRead(job) >= records
                            && expected.equals(CommittedSavepoints.committedOutput(fixture, kafka, output)));
            Path savepoints = Files.createDirectories(work.resolve(fixture.name() + "-savepoints"));
            Path savepoint = Path.of(URI.create(cluster.stopWithSavepoint(job, savepoints, false)));
            Object actual = CommittedSavepoints.committedOutput(fixture, kafka, output);
            check(expected.equals(actual), fixture.name() + " committed other output than expected before its"
                    + " savepoint:\n  expected " + expected + "\n  actual   " + actual);
            Path target = fixture.directory(release);
            deleteRecursively(target);
            Files.createDirectories(target);
            long bytes = 0;
            try (Stream<Path> files = Files.list(savepoint)) {
                for (Path file : files.sorted().toList()) {
                    Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    bytes += Files.size(file);
                }
            }
            System.out.printf("%s: savepoint of %d bytes written to %s%n", fixture.name(), bytes, target);
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
