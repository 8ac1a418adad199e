package io.github.flinkjobs.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkjobs.core.JobIo;
import io.github.flinkjobs.core.config.CommonOptions;
import io.github.flinkjobs.core.config.ConfigException;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.JobMain;
import io.github.flinkjobs.core.config.JobSpec;
import io.github.flinkjobs.core.env.JobEnvironment;
import io.github.flinkjobs.testing.FlinkTestCluster;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The start-up checks of {@link KafkaStartupCheck} against a real broker and an address where none listens. */
class KafkaStartupCheckIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    private static final JobSpec SPEC = new JobSpec("startup-check-test", "s",
            List.of(CommonOptions.INPUT), CommonOptions.KAFKA);

    private final TestKafka kafka = TestKafka.get();

    private JobConfig config(String... args) {
        return JobConfig.parse(SPEC, args, Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()));
    }

    /** A job copying {@code input} to {@code output} through the shared builders, run through {@link JobMain}. */
    private static String refusalOf(String input, String output, String... args) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = JobMain.execute(SPEC, args, Map.of(), config -> {
            StreamExecutionEnvironment env = JobEnvironment.create(config);
            JobIo.rawInput(env, config, "input", CommonOptions.INPUT, input).records()
                    .map(record -> "copy", Types.STRING)
                    .sinkTo(KafkaConnectors.sink(config, output, new SimpleStringSchema()));
            JobIo.execute(env, config);
            throw new AssertionError("the job must not be submitted");
        }, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(JobMain.CONFIG_ERROR);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUnreachableKafkaIsRefusedWithinSecondsNamingTheAddress() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String servers = "localhost:" + port;

        assertThat(refusalOf("in", "out", "--bootstrap-servers", servers)).isEqualTo("startup-check-test: cannot"
                + " reach Kafka at " + servers + " (--bootstrap-servers) within 5s: is it running, and are the"
                + " address and the security settings right?" + System.lineSeparator());
    }

    @Test
    void aMissingInputTopicIsRefused() throws Exception {
        String missing = TestServices.randomName("missing");
        String output = kafka.createTopic("out", 1);

        assertThat(refusalOf(missing, output, "--bootstrap-servers", kafka.bootstrapServers())).isEqualTo(
                "startup-check-test: input topic " + missing + " does not exist on Kafka at "
                        + kafka.bootstrapServers() + " (--bootstrap-servers): expected an existing topic"
                        + System.lineSeparator());
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersMaximumIsRefusedNamingBothValues() {
        String input = kafka.createTopic("in", 1);

        assertThatThrownBy(() -> KafkaStartupCheck.check(config("--kafka.transaction.timeout.ms", "900001"),
                        List.of(input), List.of(), true))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Kafka property transaction.timeout.ms 900001ms is above the transaction.max.timeout.ms"
                        + " of the Kafka brokers at " + kafka.bootstrapServers() + " (900000ms), which would refuse"
                        + " the producer: expected at most 900000ms");
        assertThatThrownBy(() -> KafkaStartupCheck.check(config("--transaction-timeout", "16min"), List.of(input),
                        List.of(), true))
                .hasMessageStartingWith("--transaction-timeout 960000ms is above the transaction.max.timeout.ms of"
                        + " the Kafka brokers at " + kafka.bootstrapServers() + " (900000ms)");
    }

    @Test
    void aUsableKafkaPasses() {
        String input = kafka.createTopic("in", 1);

        KafkaStartupCheck.check(config("--kafka.transaction.timeout.ms", "900000"), List.of(input), List.of(), true);
        KafkaStartupCheck.check(config("--delivery-guarantee", "at-least-once", "--transaction-timeout", "1h"),
                List.of(input), List.of(), false);
    }

    @Test
    void aMissingOutputTopicIsRefusedOnlyWhereTheBrokersDoNotCreateTopics() throws Exception {
        String input = kafka.createTopic("in", 1);
        String missing = TestServices.randomName("missing-out");
        KafkaStartupCheck.check(config(), List.of(input), List.of(missing), false);

        try (TestKafka strict = TestKafka.startInJvm(Map.of("auto.create.topics.enable", "false"))) {
            String strictInput = strict.createTopic("in", 1);
            String output = strict.createTopic("out", 1);
            JobConfig config = config("--bootstrap-servers", strict.bootstrapServers());

            KafkaStartupCheck.check(config, List.of(strictInput), List.of(output), false);
            assertThatThrownBy(() -> KafkaStartupCheck.check(config, List.of(strictInput), List.of(output, missing),
                            false))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("output topic " + missing + " does not exist on Kafka at " + strict.bootstrapServers()
                            + " (--bootstrap-servers), whose brokers do not create topics"
                            + " (auto.create.topics.enable=false): expected an existing topic");
            assertThat(refusalOf(strictInput, missing, "--bootstrap-servers", strict.bootstrapServers()))
                    .as("a dead-letter or output topic of a job's sink").contains("output topic " + missing + " ");
        }
    }

    @Test
    void aJobThatMayBeResumingStartsDespiteAFailedCheck() {
        String missing = TestServices.randomName("missing");
        JobConfig config = config();
        Configuration resuming = new Configuration();
        resuming.set(StateRecoveryOptions.SAVEPOINT_PATH, "file:///savepoints/savepoint-1");

        assertThatThrownBy(() -> KafkaStartupCheck.check(pipeline(new Configuration(), config, missing), config))
                .hasMessageStartingWith("input topic " + missing + " does not exist");
        KafkaStartupCheck.check(pipeline(resuming, config, missing), config);
    }

    /** A pipeline from Kafka topic {@code input} to topic {@code input}-out, not executed. */
    private static StreamExecutionEnvironment pipeline(Configuration configuration, JobConfig config, String input) {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment(configuration);
        JobIo.rawInput(env, config, "input", CommonOptions.INPUT, input).records()
                .map(record -> "copy", Types.STRING)
                .sinkTo(KafkaConnectors.sink(config, input + "-out", new SimpleStringSchema()));
        return env;
    }
}
