package io.github.flinkjobs.flightimporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkjobs.core.config.ConfigException;
import io.github.flinkjobs.core.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlightImporterJobTest {

    @TempDir
    Path temp;

    private static JobConfig config(String... args) {
        return JobConfig.parse(FlightImporterJob.SPEC, args, Map.of());
    }

    private static String refusal(String... args) throws Exception {
        return JobRuns.refusal(FlightImporterJob.SPEC, FlightImporterJob::run, args);
    }

    @Test
    void readsBothFeedsFromKafkaByDefault() {
        assertThat(FlightImporterJob.feedsToRead(config())).containsExactly(AirlineFeed.SKYONE, AirlineFeed.SUNSET);
        assertThat(config().get(AirlineFeed.SKYONE.topic())).isEqualTo("skyone");
        assertThat(config().get(AirlineFeed.SUNSET.topic())).isEqualTo("sunset");
        assertThat(config().get(FlightImporterJob.OUTPUT_TOPIC)).isEqualTo("flightdata");
    }

    @Test
    void inFileModeReadsOnlyTheFeedsGivenAsFiles() throws Exception {
        Path skyOne = Files.writeString(temp.resolve("skyone.jsonl"), "{}\n");
        Path sunset = Files.writeString(temp.resolve("sunset.jsonl"), "{}\n");
        String output = temp.resolve("out").toString();

        assertThat(FlightImporterJob.feedsToRead(config("--sunset-input", sunset.toString(), "--output", output)))
                .containsExactly(AirlineFeed.SUNSET);
        assertThat(FlightImporterJob.feedsToRead(config("--skyone-input", skyOne.toString(), "--sunset-input",
                sunset.toString(), "--output", output))).containsExactly(AirlineFeed.SKYONE, AirlineFeed.SUNSET);
    }

    @Test
    void fileModeNeedsAnOutputDirectory() throws Exception {
        assertThat(refusal("--skyone-input", "test-data/skyone.jsonl")).isEqualTo("flight-importer: file mode"
                + " (--skyone-input, --sunset-input) never writes to Kafka: expected --output DIR");
    }

    @Test
    void refusesAnInputInsideAnOutput() throws Exception {
        Path output = temp.resolve("out");

        assertThat(refusal("--sunset-input", output.resolve("sunset.jsonl").toString(), "--output", output.toString()))
                .isEqualTo("flight-importer: --sunset-input " + output.resolve("sunset.jsonl") + " and --output "
                        + output + " overlap: expected two separate directories");
        assertThatThrownBy(() -> FlightImporterJob.feedsToRead(config("--skyone-input", temp.toString(), "--output",
                temp.resolve("a").toString(), "--dlq-output", temp.resolve("b").toString())))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void refusesClashingTopics() throws Exception {
        assertThat(refusal("--skyone-topic", "flights", "--sunset-topic", "flights"))
                .isEqualTo("flight-importer: --skyone-topic and --sunset-topic are both flights: expected two"
                        + " different topics");
        assertThat(refusal("--output-topic", "sunset"))
                .isEqualTo("flight-importer: --output-topic sunset is also an input topic: expected another topic");
        assertThat(refusal("--output-topic", "skyone.dlq"))
                .isEqualTo("flight-importer: --output-topic skyone.dlq is a dead-letter topic: expected another topic");
        assertThat(refusal("--sunset-topic", "air", "--output-topic", "air.dlq"))
                .isEqualTo("flight-importer: --output-topic air.dlq is a dead-letter topic: expected another topic");
    }

    @Test
    void nowIsTheConfiguredInstantOrTheSystemClock() throws Exception {
        assertThat(FlightImporterJob.clock(config("--now", "2030-06-01T14:00:00+02:00")).instant())
                .isEqualTo(Instant.parse("2030-06-01T12:00:00Z"));
        assertThat(FlightImporterJob.clock(config())).isEqualTo(Clock.systemUTC());
        assertThat(refusal("--now", "2030-06-01 12:00")).isEqualTo("flight-importer: invalid value"
                + " '2030-06-01 12:00' for --now: expected an ISO-8601 time with an offset such as"
                + " 2099-01-01T00:00:00Z");
    }
}
