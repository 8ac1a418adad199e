package io.github.flinkjobs.usagestats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkjobs.core.config.CommonOptions;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.JobMain;
import io.github.flinkjobs.core.deadletter.BadRecordException;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.core.model.UserStatistics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageStatsJobTest {

    private static final String FLIGHT = "{\"emailAddress\":\"ana@example.com\","
            + "\"departureTime\":\"2099-01-01T10:15:00.000Z\",\"departureAirportCode\":\"LHR\","
            + "\"arrivalTime\":\"2099-01-01T18:40:00.000Z\",\"arrivalAirportCode\":\"JFK\","
            + "\"flightNumber\":\"SKY1234\",\"confirmationCode\":\"SKYABC123\",\"source\":\"skyone\"}";

    private static FlightData parse(String json) throws BadRecordException {
        return UsageStatsJob.parseFlight(new RawRecord("flightdata", json.getBytes(StandardCharsets.UTF_8), 0L));
    }

    /** Runs the job's entry point up to the first refused option; returns its exit status and stderr. */
    private static String refusal(String... args) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = JobMain.execute(UsageStatsJob.SPEC, args, Map.of(), UsageStatsJob::run, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).as("exit status").isEqualTo(JobMain.CONFIG_ERROR);
        return err.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void parsesAFlight() throws BadRecordException {
        assertThat(parse(FLIGHT)).isEqualTo(new FlightData("ana@example.com",
                Instant.parse("2099-01-01T10:15:00Z"), "LHR", Instant.parse("2099-01-01T18:40:00Z"), "JFK",
                "SKY1234", "SKYABC123", FlightData.SKYONE));
    }

    @Test
    void needsOnlyTheEmailAddressAndTheTimes() throws BadRecordException {
        FlightData flight = parse("{\"emailAddress\":\"ana@example.com\","
                + "\"departureTime\":\"2099-01-01T10:15:00Z\",\"arrivalTime\":\"2099-01-01T10:15:00Z\"}");

        assertThat(UserStatistics.fromFlightData(flight))
                .isEqualTo(new UserStatistics("ana@example.com", 0, 1, null));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{\"emailAddress\":\"ana@example.com\"|malformed-json",
        "[1,2]|malformed-json",
        "{\"departureTime\":\"2099-01-01T10:15:00Z\",\"arrivalTime\":\"2099-01-01T11:15:00Z\"}"
                + "|missing-field:emailAddress",
        "{\"emailAddress\":\"a\",\"departureTime\":null,\"arrivalTime\":\"2099-01-01T11:15:00Z\"}"
                + "|missing-field:departureTime",
        "{\"emailAddress\":\"a\",\"departureTime\":\"2099-01-01T10:15:00Z\"}|missing-field:arrivalTime",
        "{\"emailAddress\":\"a\",\"departureTime\":\"2099-01-01 10:15\",\"arrivalTime\":\"2099-01-01T11:15:00Z\"}"
                + "|bad-time:departureTime",
        "{\"emailAddress\":42,\"departureTime\":\"2099-01-01T10:15:00Z\",\"arrivalTime\":\"2099-01-01T11:15:00Z\"}"
                + "|wrong-type:emailAddress",
        "{\"emailAddress\":\"a\",\"departureTime\":\"2099-01-01T10:15:00Z\",\"arrivalTime\":\"2099-01-01T10:14:59Z\"}"
                + "|arrival-before-departure",
        "{\"emailAddress\":\"a\",\"departureTime\":\"2099-01-01T10:15:00Z\",\"arrivalTime\":\"2099-01-03T10:15:01Z\"}"
                + "|implausible-duration",
        "{\"emailAddress\":\"a\",\"departureTime\":\"-999999999-01-01T00:00:00Z\","
                + "\"arrivalTime\":\"+999999999-12-31T00:00:00Z\"}|bad-time:departureTime",
        "{\"emailAddress\":\"\",\"departureTime\":\"2099-01-01T10:15:00Z\",\"arrivalTime\":\"2099-01-01T11:15:00Z\"}"
                + "|bad-value:emailAddress",
        "{\"emailAddress\":\" \",\"departureTime\":\"2099-01-01T10:15:00Z\",\"arrivalTime\":\"2099-01-01T11:15:00Z\"}"
                + "|bad-value:emailAddress",
        "{\"emailAddress\":\"a\\u0000b\",\"departureTime\":\"2099-01-01T10:15:00Z\","
                + "\"arrivalTime\":\"2099-01-01T11:15:00Z\"}|bad-value:emailAddress",
        "{\"emailAddress\":\"a\\u001bb\",\"departureTime\":\"2099-01-01T10:15:00Z\","
                + "\"arrivalTime\":\"2099-01-01T11:15:00Z\"}|bad-value:emailAddress"})
    void rejectsWhatIsNotAFlightWithAReason(String json, String reason) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(BadRecordException.class).hasMessage(reason);
    }

    @Test
    void rejectsAnEmailAddressLongerThan320Characters() throws BadRecordException {
        String longest = "a".repeat(308) + "@example.com";
        String flight = "{\"emailAddress\":\"%s\",\"departureTime\":\"2099-01-01T10:15:00Z\","
                + "\"arrivalTime\":\"2099-01-01T11:15:00Z\"}";

        assertThat(parse(flight.formatted(longest)).emailAddress()).isEqualTo(longest);
        assertThatThrownBy(() -> parse(flight.formatted("a" + longest))).hasMessage("bad-value:emailAddress");
    }

    @Test
    void hasTheDocumentedDefaults() {
        JobConfig config = JobConfig.parse(UsageStatsJob.SPEC, new String[0], Map.of());

        assertThat(config.get(UsageStatsJob.INPUT_TOPIC)).isEqualTo("flightdata");
        assertThat(config.get(UsageStatsJob.OUTPUT_TOPIC)).isEqualTo("userstatistics");
        assertThat(config.get(UsageStatsJob.WINDOW)).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.has(UsageStatsJob.STATE_TTL)).isFalse();
        assertThat(UsageStatsJob.Windowing.of(config))
                .isEqualTo(new UsageStatsJob.Windowing(Duration.ofMinutes(1), Duration.ZERO, null));
        assertThat(config.get(CommonOptions.OUT_OF_ORDERNESS)).as("the watermark strategy's bound")
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(config.helpText()).contains("--input-topic", "--output-topic", "--window", "--state-ttl",
                "--allowed-lateness", "--idleness", "--out-of-orderness", "--jdbc-url", "--dlq-output",
                "--bootstrap-servers");
    }

    @Test
    void refusesAZeroWindowOrStateTtl() throws Exception {
        assertThat(refusal("--window", "0s")).isEqualTo("usage-stats: invalid value '0s' for --window: expected a"
                + " positive duration with a unit such as 500ms, 5s, 1min");
        assertThat(refusal("--state-ttl", "0ms")).startsWith("usage-stats: invalid value '0ms' for --state-ttl");
    }

    @Test
    void refusesAnOutputTopicThatIsTheInputTopicOrItsDeadLetterTopic() throws Exception {
        assertThat(refusal("--output-topic", "flightdata")).isEqualTo("usage-stats: --output-topic flightdata is also"
                + " the input topic: expected another topic");
        assertThat(refusal("--output-topic", "flightdata.dlq")).isEqualTo("usage-stats: --output-topic"
                + " flightdata.dlq is the dead-letter topic of --input-topic flightdata: expected another topic");
        assertThat(refusal("--input-topic", "flights", "--output-topic", "flights.dlq")).isEqualTo("usage-stats:"
                + " --output-topic flights.dlq is the dead-letter topic of --input-topic flights: expected another"
                + " topic");
    }

    @Test
    void fileModeNeedsAnOutputSinceItNeverWritesKafka() throws Exception {
        assertThat(refusal("--input", "test-data/flightdata.jsonl")).isEqualTo("usage-stats: file mode (--input)"
                + " writes no Kafka: give --output DIR, --jdbc-url, or both");
    }
}
