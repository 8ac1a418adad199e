package io.github.flinkjobs.usagestats;

import static io.github.flinkjobs.testing.HostileRecords.rejected;
import static io.github.flinkjobs.testing.HostileRecords.utf8;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.FLIGHT_JSON;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.flight;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.recentHour;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.runJob;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.statistics;
import static io.github.flinkjobs.usagestats.UsageStatsFixtures.statisticsByUser;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.deadletter.DeadLetterRouter;
import io.github.flinkjobs.core.deadletter.LateRecords;
import io.github.flinkjobs.core.json.Json;
import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.testing.ClusterJobs;
import io.github.flinkjobs.testing.FlinkTestCluster;
import io.github.flinkjobs.testing.HostileRecords;
import io.github.flinkjobs.testing.JobCounters;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Usage statistics on hostile input through Kafka: records that are not UTF-8, not one JSON object, without a value,
 * a megabyte long, with fields missing, null, of the wrong type or with values no job can use (an email address with
 * a NUL or an unpaired surrogate, times that are not ISO-8601 or out of range, arrival before departure, flights of
 * years) are each in the dead-letter topic with their reason and bytes; the valid flights among them, duplicates
 * and a megabyte of whitespace before one included, give the exact statistics; the job never restarts and its counters agree with its outputs.
 */
class UsageStatsHostileInputIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    @Test
    void everyBadRecordIsADeadLetterAndTheValidFlightsAreCounted(@InjectClusterClient RestClusterClient<?> client)
            throws Exception {
        Instant hour = recentHour();
        FlightData ana = flight("ana@example.com", hour, Duration.ofHours(2), "SKY1");
        FlightData bob = flight("bob@example.com", hour, Duration.ofHours(1), "SKY2");
        String valid = FLIGHT_JSON.writeAsString(ana);
        Map<byte[], String> bad = new LinkedHashMap<>();
        HostileRecords.invalidUtf8().forEach(record -> bad.put(record, "invalid-utf8"));
        HostileRecords.notOneJsonObject().forEach(record -> bad.put(record, "malformed-json"));
        bad.put(HostileRecords.oversized('x', utf8(valid)), "malformed-json");
        bad.put(utf8("{}"), "missing-field:emailAddress");
        bad.put(utf8(valid.replace("\"arrivalTime\"", "\"arrival\"")), "missing-field:arrivalTime");
        bad.put(utf8(valid.replace("\"ana@example.com\"", "null")), "missing-field:emailAddress");
        bad.put(utf8(valid.replace("\"ana@example.com\"", "42")), "wrong-type:emailAddress");
        bad.put(utf8(valid.replace("\"ana@example.com\"", "[\"ana@example.com\"]")), "wrong-type:emailAddress");
        bad.put(utf8(valid.replace("\"SKY1\"", "{}")), "wrong-type:flightNumber");
        bad.put(utf8(valid.replace("ana@", "ana\\u0000@")), "bad-value:emailAddress");
        bad.put(utf8(valid.replace("ana@", "ana\\ud800@")), "bad-value:emailAddress");
        bad.put(utf8(valid.replace("ana@", "ana\\u001b@")), "bad-value:emailAddress");
        bad.put(utf8(valid.replace("\"ana@example.com\"", "\" \"")), "bad-value:emailAddress");
        bad.put(utf8(valid.replace("\"ana@example.com\"", "\"" + "a".repeat(321) + "\"")), "bad-value:emailAddress");
        String departure = "\"" + Json.formatInstant(ana.departureTime()) + "\"";
        for (String time : List.of("\"next tuesday\"", "4102444800000", "true", "\"\"", "\"2099-02-30T10:15:00Z\"",
                "\"2099-01-01T10:15:00\"", "\"+1000000000-01-01T00:00:00Z\"", "\"2099-01-01T10:15:00+25:00\"")) {
            bad.put(utf8(valid.replace(departure, time)), "bad-time:departureTime");
        }
        bad.put(utf8(FLIGHT_JSON.writeAsString(flight("ana@example.com", hour, Duration.ofMillis(-1), "SKY3"))),
                "arrival-before-departure");
        bad.put(utf8(FLIGHT_JSON.writeAsString(flight("ana@example.com", hour, Duration.ofHours(49), "SKY4"))),
                "implausible-duration");
        bad.put(utf8(FLIGHT_JSON.writeAsString(new FlightData("ana@example.com",
                Instant.parse("-999999999-01-01T00:00:00Z"), "LHR", Instant.parse("+999999999-12-31T00:00:00Z"), "JFK",
                "SKY5", "C", FlightData.SKYONE))), "bad-time:departureTime");
        List<String> expectedDeadLetters = new ArrayList<>();
        bad.forEach((record, reason) -> expectedDeadLetters.add(rejected(reason, record, DeadLetter.MAX_RAW_BYTES)));
        expectedDeadLetters.add(rejected("null-value", null, DeadLetter.MAX_RAW_BYTES));

        TestKafka kafka = TestKafka.get();
        String input = kafka.createTopic("hostile-flights", 2);
        String output = kafka.createTopic("statistics", 2);
        long eventTime = hour.plusSeconds(10).toEpochMilli();
        kafka.produceBytes(input, 0, eventTime,
                List.of(utf8(valid), utf8(valid), HostileRecords.oversized(' ', utf8(valid))));
        kafka.produceBytes(input, 1, eventTime, List.of(utf8(FLIGHT_JSON.writeAsString(bob))));
        List<byte[]> badRecords = new ArrayList<>(bad.keySet());
        badRecords.add(null);
        kafka.produceBytes(input, 0, eventTime, badRecords.subList(0, badRecords.size() / 2));
        kafka.produceBytes(input, 1, eventTime, badRecords.subList(badRecords.size() / 2, badRecords.size()));

        runJob(Map.of(), "--bootstrap-servers", kafka.bootstrapServers(), "--bounded", "--input-topic", input,
                "--output-topic", output, "--group-id", TestServices.randomName("group"),
                "--checkpoint-interval", "300ms", "--idleness", "1h");

        Instant windowEnd = hour.plus(Duration.ofMinutes(1));
        assertThat(statisticsByUser(kafka, output)).isEqualTo(Map.of(
                "ana@example.com", List.of(statistics("ana@example.com", Duration.ofHours(6), 3, windowEnd)),
                "bob@example.com", List.of(statistics("bob@example.com", Duration.ofHours(1), 1, windowEnd))));
        List<String> deadLetters = kafka.readCommittedValues(input + ".dlq");
        assertThat(deadLetters).extracting(HostileRecords::rejected)
                .containsExactlyInAnyOrderElementsOf(expectedDeadLetters);

        ClusterJobs jobs = new ClusterJobs(client);
        JobID job = jobs.latest(UsageStatsJob.SPEC.name());
        assertThat(jobs.failures(job)).as("failures").isZero();
        assertThat(jobs.restarts(job)).as("restarts").isZero();
        assertThat(JobCounters.sum(job, DeadLetterRouter.DEAD_LETTERS_METRIC)).isEqualTo(deadLetters.size());
        assertThat(JobCounters.sum(job, LateRecords.LATE_RECORDS_METRIC)).isZero();
    }
}
