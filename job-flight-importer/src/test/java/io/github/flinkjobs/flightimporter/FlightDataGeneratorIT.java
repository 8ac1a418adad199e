package io.github.flinkjobs.flightimporter;

import static io.github.flinkjobs.flightimporter.FlightImporterJobIT.runImporter;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.core.model.SkyOneAirlinesFlightData;
import io.github.flinkjobs.core.model.SunsetAirFlightData;
import io.github.flinkjobs.testing.FlinkTestCluster;
import io.github.flinkjobs.testing.PartFiles;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestServices;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The data generator on a mini-cluster: bounded and seeded, to files and to Kafka, feeding the importer. */
class FlightDataGeneratorIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    private static final long SEED = 7;
    private static final String START = "2099-01-01T00:00:00Z";
    private static final GeneratedFlights FLIGHTS = new GeneratedFlights(SEED, Instant.parse(START));
    private static final JsonCodec<SkyOneAirlinesFlightData> SKYONE_JSON = JsonCodec.of(SkyOneAirlinesFlightData.class);
    private static final JsonCodec<SunsetAirFlightData> SUNSET_JSON = JsonCodec.of(SunsetAirFlightData.class);

    @TempDir
    Path temp;

    private static void runGenerator(String... args) throws Exception {
        JobRuns.run(FlightDataGenerator.SPEC, FlightDataGenerator::run, args);
    }

    @Test
    void writesTheRequestedRecordsOfEachFeedAndTheSameOnesAtAnyParallelism() throws Exception {
        int records = 60;
        Path one = temp.resolve("parallelism-1");
        Path two = temp.resolve("parallelism-2");

        runGenerator("--records", Integer.toString(records), "--rate", "1000", "--seed", Long.toString(SEED),
                "--start-time", START, "--output", one.toString(), "--parallelism", "1", "--checkpoint-interval", "300ms");
        runGenerator("--records", Integer.toString(records), "--rate", "1000", "--seed", Long.toString(SEED),
                "--start-time", START, "--output", two.toString(), "--checkpoint-interval", "300ms");

        List<String> skyOne = new ArrayList<>();
        List<String> sunset = new ArrayList<>();
        for (long i = 0; i < records; i++) {
            skyOne.add(SKYONE_JSON.writeAsString(FLIGHTS.skyOne(i)));
            sunset.add(SUNSET_JSON.writeAsString(FLIGHTS.sunset(i)));
        }
        for (Path output : List.of(one, two)) {
            assertThat(PartFiles.lines(output.resolve("skyone"))).containsExactlyInAnyOrderElementsOf(skyOne);
            assertThat(PartFiles.lines(output.resolve("sunset"))).containsExactlyInAnyOrderElementsOf(sunset);
            assertThat(PartFiles.inProgress(output)).isEmpty();
        }
        assertThat(skyOne).doesNotHaveDuplicates();
    }

    @Test
    void generatesIntoKafkaWhatTheImporterImportsWithoutADeadLetter() throws Exception {
        int records = 25;
        TestKafka kafka = TestKafka.get();
        String skyOneTopic = kafka.createTopic("skyone", 2);
        String sunsetTopic = kafka.createTopic("sunset", 2);
        String output = TestServices.randomName("flightdata");

        runGenerator("--records", Integer.toString(records), "--rate", "1000", "--seed", Long.toString(SEED),
                "--start-time", START, "--bootstrap-servers", kafka.bootstrapServers(), "--skyone-topic", skyOneTopic,
                "--sunset-topic", sunsetTopic, "--group-id", TestServices.randomName("generator"),
                "--checkpoint-interval", "300ms");
        runImporter("--bootstrap-servers", kafka.bootstrapServers(), "--bounded", "--skyone-topic", skyOneTopic,
                "--sunset-topic", sunsetTopic, "--output-topic", output, "--group-id", TestServices.randomName("group"),
                "--now", START, "--checkpoint-interval", "300ms");

        assertThat(kafka.readCommittedValues(skyOneTopic)).hasSize(records);
        List<FlightData> expected = new ArrayList<>();
        for (long i = 0; i < records; i++) {
            expected.add(FLIGHTS.skyOne(i).toFlightData());
            expected.add(FLIGHTS.sunset(i).toFlightData());
        }
        assertThat(IndependentImport.flights(kafka.readCommittedValues(output)))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(kafka.readCommittedValues(skyOneTopic + ".dlq")).isEmpty();
        assertThat(kafka.readCommittedValues(sunsetTopic + ".dlq")).isEmpty();
    }
}
