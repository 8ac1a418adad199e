package io.github.flinkjobs.flightimporter;

import static io.github.flinkjobs.flightimporter.FlightImporterJobIT.runImporter;
import static io.github.flinkjobs.testing.HostileRecords.rejected;
import static io.github.flinkjobs.testing.HostileRecords.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.deadletter.DeadLetterRouter;
import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.testing.ClusterJobs;
import io.github.flinkjobs.testing.FlinkTestCluster;
import io.github.flinkjobs.testing.HostileRecords;
import io.github.flinkjobs.testing.JobCounters;
import io.github.flinkjobs.testing.Repository;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The importer on the shared hostile records through Kafka, in both feeds: bytes that are not UTF-8, texts that are
 * not one JSON object, a megabyte record and records without a value are each in their feed's dead-letter topic with
 * their reason and bytes (truncated, with the full length kept); a valid booking sent twice, once with a record
 * timestamp of 0, is imported twice; the same booking arrived in 2001 is dropped as a past flight, not a dead letter;
 * the job never restarts and its counters agree with its outputs.
 */
class FlightImporterHostileInputIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    @Test
    void everyBadRecordIsADeadLetterOfItsFeedAndDuplicatesPassThrough(
            @InjectClusterClient RestClusterClient<?> client) throws Exception {
        TestKafka kafka = TestKafka.get();
        Map<AirlineFeed, String> topics = new EnumMap<>(AirlineFeed.class);
        Map<AirlineFeed, List<String>> expectedDeadLetters = new EnumMap<>(AirlineFeed.class);
        List<FlightData> expectedFlights = new ArrayList<>();
        for (AirlineFeed feed : AirlineFeed.values()) {
            String booking = Files.readAllLines(Repository.file("test-data/" + feed.feedName() + ".jsonl"),
                    StandardCharsets.UTF_8).get(0);
            List<byte[]> records = new ArrayList<>();
            List<String> rejections = new ArrayList<>();
            HostileRecords.invalidUtf8().forEach(record -> {
                records.add(record);
                rejections.add(rejected("invalid-utf8", record, DeadLetter.MAX_RAW_BYTES));
            });
            List<byte[]> malformed = new ArrayList<>(HostileRecords.notOneJsonObject());
            malformed.add(HostileRecords.oversized('x', utf8(booking)));
            malformed.forEach(record -> {
                records.add(record);
                rejections.add(rejected("malformed-json", record, DeadLetter.MAX_RAW_BYTES));
            });
            records.add(null);
            rejections.add(rejected("null-value", null, DeadLetter.MAX_RAW_BYTES));
            records.add(utf8(booking));
            records.add(utf8(booking.replace("2099-", "2001-")));
            topics.put(feed, kafka.createTopic(feed.feedName(), 2));
            kafka.produceBytes(topics.get(feed), records);
            kafka.produceBytes(topics.get(feed), 1, 0L, List.of(utf8(booking)));
            expectedFlights.add(IndependentImport.flight(feed, booking));
            expectedFlights.add(IndependentImport.flight(feed, booking));
            expectedDeadLetters.put(feed, rejections);
        }
        String output = TestServices.randomName("flightdata");

        runImporter("--bootstrap-servers", kafka.bootstrapServers(), "--bounded",
                "--skyone-topic", topics.get(AirlineFeed.SKYONE), "--sunset-topic", topics.get(AirlineFeed.SUNSET),
                "--output-topic", output, "--group-id", TestServices.randomName("group"),
                "--now", "2050-01-01T00:00:00Z", "--checkpoint-interval", "300ms");

        assertThat(IndependentImport.flights(kafka.readCommittedValues(output)))
                .containsExactlyInAnyOrderElementsOf(expectedFlights);
        int deadLetters = 0;
        for (AirlineFeed feed : AirlineFeed.values()) {
            List<String> letters = kafka.readCommittedValues(topics.get(feed) + ".dlq");
            assertThat(letters).extracting(HostileRecords::rejected)
                    .containsExactlyInAnyOrderElementsOf(expectedDeadLetters.get(feed));
            deadLetters += letters.size();
        }
        ClusterJobs jobs = new ClusterJobs(client);
        JobID job = jobs.latest(FlightImporterJob.SPEC.name());
        assertThat(jobs.failures(job)).as("failures").isZero();
        assertThat(jobs.restarts(job)).as("restarts").isZero();
        assertThat(JobCounters.sum(job, DeadLetterRouter.DEAD_LETTERS_METRIC)).isEqualTo(deadLetters);
        assertThat(JobCounters.sum(job, ArrivingFlights.PAST_FLIGHTS_METRIC)).as("past flights").isEqualTo(2);
    }
}
