package io.github.flinkjobs.flightimporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.config.JobMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlightDataGeneratorTest {

    @TempDir
    Path temp;

    private static String refusal(String... args) throws Exception {
        return JobRuns.refusal(FlightDataGenerator.SPEC, FlightDataGenerator::run, args);
    }

    @Test
    void refusesBadValuesWithOneLine() throws Exception {
        assertThat(refusal("--seed", "x")).isEqualTo(
                "flight-data-generator: invalid value 'x' for --seed: expected a whole number");
        assertThat(refusal("--records", "0")).isEqualTo(
                "flight-data-generator: invalid value '0' for --records: expected a whole number of at least 1");
        assertThat(refusal("--start-time", "tomorrow")).startsWith(
                "flight-data-generator: invalid value 'tomorrow' for --start-time: expected an ISO-8601 time");
        assertThat(refusal("--sunset-topic", "skyone")).isEqualTo("flight-data-generator: --skyone-topic and"
                + " --sunset-topic are both skyone: expected two different topics");
        assertThat(refusal("--bounded")).isEqualTo("flight-data-generator: unknown option --bounded (--help lists"
                + " the options of flight-data-generator)");
    }

    @Test
    void refusesANonEmptyOutputDirectory() throws Exception {
        Path output = Files.createDirectories(temp.resolve("out"));
        Files.writeString(output.resolve("old"), "x\n");

        assertThat(refusal("--output", output.toString(), "--records", "1")).isEqualTo("flight-data-generator:"
                + " output directory " + output + " is not empty: choose another one, or give --overwrite to replace"
                + " its contents");
    }

    @Test
    void helpListsEveryOption() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = JobMain.execute(FlightDataGenerator.SPEC, new String[] {"--help"}, Map.of(),
                FlightDataGenerator::run, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--rate", "--records", "--seed", "--start-time",
                "--skyone-topic", "--sunset-topic", "--output", "--bootstrap-servers", "--delivery-guarantee");
    }
}
