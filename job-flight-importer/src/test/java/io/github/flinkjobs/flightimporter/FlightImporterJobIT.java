package io.github.flinkjobs.flightimporter;

import static io.github.flinkjobs.flightimporter.IndependentImport.rejected;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.testing.FlinkTestCluster;
import io.github.flinkjobs.testing.PartFiles;
import io.github.flinkjobs.testing.Repository;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The importer end to end on a mini-cluster at parallelism 2, on the sample feeds of {@code test-data/}. */
class FlightImporterJobIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    /** Flights in the samples arrive in 2099, except one of each feed, in 2001. */
    private static final String NOW = "2050-01-01T00:00:00Z";

    /** What each line of a sample feed is (1-based line numbers): imported, rejected with a reason, or past. */
    private record Sample(AirlineFeed feed, List<Integer> importedLines, Map<Integer, String> rejectedLines, int pastLine) {

        Path path() {
            return Repository.file("test-data/" + feed.feedName() + ".jsonl");
        }

        List<String> lines() throws IOException {
            List<String> lines = Files.readAllLines(path(), StandardCharsets.UTF_8);
            assertThat(lines).as("every line of " + path() + " is accounted for")
                    .hasSize(importedLines.size() + rejectedLines.size() + 1);
            return lines;
        }

        List<FlightData> expectedFlights() throws IOException {
            List<String> lines = lines();
            return importedLines.stream().map(line -> IndependentImport.flight(feed, lines.get(line - 1))).toList();
        }

        List<String> expectedDeadLetters() throws IOException {
            List<String> lines = lines();
            List<String> expected = new ArrayList<>();
            rejectedLines.forEach((line, reason) -> expected.add(rejected(reason, lines.get(line - 1))));
            return expected;
        }
    }

    private static final Sample SKYONE = new Sample(AirlineFeed.SKYONE, List.of(1, 2, 3, 4, 6, 7, 8), Map.of(
            5, "malformed-json",
            9, "missing-field:confirmation",
            10, "arrival-before-departure",
            11, "bad-time:flightArrivalTime"), 12);

    private static final Sample SUNSET = new Sample(AirlineFeed.SUNSET, List.of(1, 2, 3, 4, 6, 8), Map.of(
            5, "wrong-type:totalPrice",
            7, "missing-field:customerEmailAddress",
            9, "malformed-json",
            10, "arrival-before-departure"), 11);

    @TempDir
    Path temp;

    static void runImporter(String... args) throws Exception {
        JobRuns.run(FlightImporterJob.SPEC, FlightImporterJob::run, args);
    }

    private static List<FlightData> expectedFlights(Sample... samples) throws IOException {
        List<FlightData> expected = new ArrayList<>();
        for (Sample sample : samples) {
            expected.addAll(sample.expectedFlights());
        }
        return expected;
    }

    @Test
    void importsBothTopicsIntoFlightdataKeyedByEmailAndSendsBadRecordsToEachFeedsDeadLetterTopic() throws Exception {
        TestKafka kafka = TestKafka.get();
        Map<AirlineFeed, String> topics = new EnumMap<>(AirlineFeed.class);
        for (Sample sample : List.of(SKYONE, SUNSET)) {
            String topic = kafka.createTopic(sample.feed().feedName(), 2);
            kafka.produce(topic, sample.lines());
            topics.put(sample.feed(), topic);
        }
        String output = TestServices.randomName("flightdata");

        runImporter("--bootstrap-servers", kafka.bootstrapServers(), "--bounded",
                "--skyone-topic", topics.get(AirlineFeed.SKYONE), "--sunset-topic", topics.get(AirlineFeed.SUNSET),
                "--output-topic", output, "--group-id", TestServices.randomName("group"), "--now", NOW,
                "--checkpoint-interval", "300ms");

        List<ConsumerRecord<byte[], byte[]>> written = kafka.readCommitted(output);
        List<String> values = written.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        List<FlightData> flights = IndependentImport.flights(values);
        assertThat(flights).containsExactlyInAnyOrderElementsOf(expectedFlights(SKYONE, SUNSET));
        for (int i = 0; i < written.size(); i++) {
            assertThat(new String(written.get(i).key(), StandardCharsets.UTF_8))
                    .isEqualTo(flights.get(i).emailAddress());
        }
        for (Sample sample : List.of(SKYONE, SUNSET)) {
            String topic = topics.get(sample.feed());
            List<DeadLetter> deadLetters = IndependentImport.deadLetters(kafka.readCommittedValues(topic + ".dlq"));
            assertThat(deadLetters).extracting(IndependentImport::rejected)
                    .containsExactlyInAnyOrderElementsOf(sample.expectedDeadLetters());
            assertThat(deadLetters).extracting(DeadLetter::source).containsOnly(topic);
        }
    }

    @Test
    void importsTheSampleFilesAndWritesBothFeedsDeadLettersToOneDirectory() throws Exception {
        Path output = temp.resolve("flights");
        Path deadLetterOutput = temp.resolve("dlq");

        runImporter("--skyone-input", SKYONE.path().toString(), "--sunset-input", SUNSET.path().toString(),
                "--output", output.toString(), "--dlq-output", deadLetterOutput.toString(), "--now", NOW,
                "--checkpoint-interval", "300ms");

        assertThat(IndependentImport.flights(PartFiles.lines(output)))
                .containsExactlyInAnyOrderElementsOf(expectedFlights(SKYONE, SUNSET));
        assertThat(PartFiles.finished(output)).allSatisfy(file ->
                assertThat(file.getFileName().toString()).startsWith("part-").endsWith(".jsonl"));
        assertThat(PartFiles.inProgress(output)).isEmpty();
        List<DeadLetter> deadLetters = IndependentImport.deadLetters(PartFiles.lines(deadLetterOutput));
        for (Sample sample : List.of(SKYONE, SUNSET)) {
            assertThat(deadLetters).filteredOn(letter -> letter.source().equals(sample.path().toString()))
                    .extracting(IndependentImport::rejected)
                    .containsExactlyInAnyOrderElementsOf(sample.expectedDeadLetters());
        }
        assertThat(deadLetters).hasSize(SKYONE.rejectedLines().size() + SUNSET.rejectedLines().size());
        assertThat(PartFiles.finished(deadLetterOutput)).allSatisfy(file ->
                assertThat(file.getFileName().toString()).startsWith("dead-letters-").endsWith(".jsonl"));
    }

    @Test
    void withOneInputFileReadsOnlyThatFeedAndPrintsItsDeadLettersToStderr() throws Exception {
        Path output = temp.resolve("flights");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            runImporter("--sunset-input", SUNSET.path().toString(), "--output", output.toString(), "--now", NOW,
                    "--checkpoint-interval", "300ms");
        } finally {
            System.setErr(stderr);
        }

        assertThat(IndependentImport.flights(PartFiles.lines(output)))
                .containsExactlyInAnyOrderElementsOf(SUNSET.expectedFlights());
        List<String> printed = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("dead-letter"))
                .map(line -> line.substring(line.indexOf('{')))
                .toList();
        assertThat(IndependentImport.deadLetters(printed)).extracting(IndependentImport::rejected)
                .containsExactlyInAnyOrderElementsOf(SUNSET.expectedDeadLetters());
    }

    @Test
    void theConfiguredNowDecidesWhichFlightsArrivedAlready() throws Exception {
        Path output = temp.resolve("flights");

        runImporter("--skyone-input", SKYONE.path().toString(), "--output", output.toString(),
                "--dlq-output", temp.resolve("dlq").toString(), "--now", "2001-05-04T14:19:59.999Z",
                "--checkpoint-interval", "300ms");

        List<FlightData> expected = new ArrayList<>(SKYONE.expectedFlights());
        expected.add(IndependentImport.flight(AirlineFeed.SKYONE, SKYONE.lines().get(SKYONE.pastLine() - 1)));
        assertThat(IndependentImport.flights(PartFiles.lines(output))).containsExactlyInAnyOrderElementsOf(expected);
    }
}
