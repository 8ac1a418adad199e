package io.github.flinkjobs.flightimporter;

import static io.github.flinkjobs.flightimporter.FlightImporterJobIT.runImporter;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.model.SkyOneAirlinesFlightData;
import io.github.flinkjobs.core.model.SunsetAirFlightData;
import io.github.flinkjobs.testing.FlinkTestCluster;
import io.github.flinkjobs.testing.PartFiles;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The importer on a generated hostile corpus ({@link HostileCorpus}): its output equals what the corpus says it
 * must be, record for record, and every bad record is in its feed's dead letters with its reason, over Kafka and
 * over files.
 */
class FlightImporterHostileCorpusIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    private static final Instant NOW = Instant.parse("2030-06-01T12:00:00Z");
    private static final long SEED = 20300601L;
    private static final int RECORDS_PER_FEED = 400;

    @TempDir
    Path temp;

    @Test
    void theCorpusHoldsEveryKindOfRecord() {
        HostileCorpus corpus = HostileCorpus.generate(SEED, RECORDS_PER_FEED, NOW);

        assertThat(corpus.expectedFlights()).hasSizeGreaterThan(150);
        assertThat(corpus.pastFlights()).isGreaterThan(20);
        for (AirlineFeed feed : AirlineFeed.values()) {
            Set<String> reasons = new TreeSet<>();
            corpus.expectedDeadLetters(feed).forEach(letter -> reasons.add(letter.substring(0, letter.indexOf(' '))));
            assertThat(reasons).contains("malformed-json", "invalid-utf8", "arrival-before-departure",
                    "implausible-duration", "bad-value:" + (feed == AirlineFeed.SKYONE
                            ? SkyOneAirlinesFlightData.EMAIL_FIELD : SunsetAirFlightData.EMAIL_FIELD));
            assertThat(reasons).anyMatch(reason -> reason.startsWith("wrong-type:"));
            assertThat(reasons).filteredOn(reason -> reason.startsWith("bad-time:")).hasSize(2);
            List<String> required = feed == AirlineFeed.SKYONE
                    ? SkyOneAirlinesFlightData.REQUIRED_FIELDS
                    : SunsetAirFlightData.REQUIRED_FIELDS;
            required.forEach(field -> assertThat(reasons).contains("missing-field:" + field));
        }
    }

    @Test
    void overKafkaTheOutputAndTheDeadLettersAreExactlyWhatTheCorpusSays() throws Exception {
        HostileCorpus corpus = HostileCorpus.generate(SEED, RECORDS_PER_FEED, NOW);
        corpus.addRecordsWithoutValue();
        TestKafka kafka = TestKafka.get();
        Map<AirlineFeed, String> topics = new EnumMap<>(AirlineFeed.class);
        for (AirlineFeed feed : AirlineFeed.values()) {
            topics.put(feed, kafka.createTopic(feed.feedName(), 2));
            kafka.produceBytes(topics.get(feed), corpus.records(feed));
        }
        String output = TestServices.randomName("flightdata");

        runImporter("--bootstrap-servers", kafka.bootstrapServers(), "--bounded",
                "--skyone-topic", topics.get(AirlineFeed.SKYONE), "--sunset-topic", topics.get(AirlineFeed.SUNSET),
                "--output-topic", output, "--group-id", TestServices.randomName("group"), "--now", NOW.toString(),
                "--checkpoint-interval", "300ms");

        assertThat(IndependentImport.flights(kafka.readCommittedValues(output)))
                .containsExactlyInAnyOrderElementsOf(corpus.expectedFlights());
        for (AirlineFeed feed : AirlineFeed.values()) {
            String deadLetterTopic = topics.get(feed) + ".dlq";
            List<DeadLetter> deadLetters = IndependentImport.deadLetters(kafka.readCommittedValues(deadLetterTopic));
            assertThat(deadLetters).extracting(IndependentImport::rejected)
                    .containsExactlyInAnyOrderElementsOf(corpus.expectedDeadLetters(feed));
            assertThat(deadLetters).extracting(DeadLetter::source).containsOnly(topics.get(feed));
        }
    }

    @Test
    void overFilesTheOutputAndTheDeadLettersAreExactlyWhatTheCorpusSays() throws Exception {
        HostileCorpus corpus = HostileCorpus.generate(SEED, RECORDS_PER_FEED, NOW);
        Map<AirlineFeed, Path> files = new EnumMap<>(AirlineFeed.class);
        List<String> args = new ArrayList<>();
        for (AirlineFeed feed : AirlineFeed.values()) {
            files.put(feed, Files.write(temp.resolve(feed.feedName() + ".jsonl"), corpus.file(feed)));
            args.addAll(List.of("--" + feed.input().name(), files.get(feed).toString()));
        }
        Path output = temp.resolve("flights");
        Path deadLetterOutput = temp.resolve("dlq");
        args.addAll(List.of("--output", output.toString(), "--dlq-output", deadLetterOutput.toString(),
                "--now", NOW.toString(), "--checkpoint-interval", "300ms"));

        runImporter(args.toArray(String[]::new));

        assertThat(IndependentImport.flights(PartFiles.lines(output)))
                .containsExactlyInAnyOrderElementsOf(corpus.expectedFlights());
        List<DeadLetter> deadLetters = IndependentImport.deadLetters(PartFiles.lines(deadLetterOutput));
        for (AirlineFeed feed : AirlineFeed.values()) {
            assertThat(deadLetters).filteredOn(letter -> letter.source().equals(files.get(feed).toString()))
                    .extracting(IndependentImport::rejected)
                    .containsExactlyInAnyOrderElementsOf(corpus.expectedDeadLetters(feed));
        }
        assertThat(deadLetters).hasSize(corpus.expectedDeadLetters(AirlineFeed.SKYONE).size()
                + corpus.expectedDeadLetters(AirlineFeed.SUNSET).size());
    }
}
