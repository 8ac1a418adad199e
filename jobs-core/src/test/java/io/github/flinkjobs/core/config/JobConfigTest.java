package io.github.flinkjobs.core.config;

import static io.github.flinkjobs.core.config.CommonOptions.BOOTSTRAP_SERVERS;
import static io.github.flinkjobs.core.config.CommonOptions.CHECKPOINT_INTERVAL;
import static io.github.flinkjobs.core.config.CommonOptions.DELIVERY_GUARANTEE;
import static io.github.flinkjobs.core.config.CommonOptions.GROUP_ID;
import static io.github.flinkjobs.core.config.CommonOptions.INPUT;
import static io.github.flinkjobs.core.config.CommonOptions.JDBC_URL;
import static io.github.flinkjobs.core.config.CommonOptions.OVERWRITE;
import static io.github.flinkjobs.core.config.CommonOptions.PARALLELISM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.flink.connector.base.DeliveryGuarantee;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobConfigTest {

    private static final Option<String> TOPIC = Option.text("topic", "input topic").withDefault("words");
    private static final JobSpec SPEC = new JobSpec("test-job", "Does things.", List.of(
            BOOTSTRAP_SERVERS, GROUP_ID, DELIVERY_GUARANTEE, CHECKPOINT_INTERVAL, PARALLELISM, INPUT, OVERWRITE,
            JDBC_URL, TOPIC));

    private static JobConfig parse(String... args) {
        return JobConfig.parse(SPEC, args, Map.of());
    }

    @Test
    void defaultsApplyWhenNothingIsGiven() {
        JobConfig config = parse();

        assertThat(config.get(BOOTSTRAP_SERVERS)).isEqualTo("localhost:9092");
        assertThat(config.getOptional(CHECKPOINT_INTERVAL)).as("the cluster's, else 10s").isEmpty();
        assertThat(config.get(DELIVERY_GUARANTEE)).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(config.get(TOPIC)).isEqualTo("words");
        assertThat(config.get(OVERWRITE)).isFalse();
        assertThat(config.has(PARALLELISM)).isFalse();
        assertThat(config.getOptional(GROUP_ID)).isEmpty();
    }

    @Test
    void commandLineValuesAreParsedIntoTypes() {
        JobConfig config = parse("--checkpoint-interval", "500ms", "--delivery-guarantee", "at-least-once",
                "--parallelism", "3", "--overwrite", "--topic", "other");

        assertThat(config.get(CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofMillis(500));
        assertThat(config.get(DELIVERY_GUARANTEE)).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(config.get(PARALLELISM)).isEqualTo(3);
        assertThat(config.get(OVERWRITE)).isTrue();
        assertThat(config.get(TOPIC)).isEqualTo("other");
    }

    @Test
    void durationsAcceptTheDocumentedUnits() {
        assertThat(parse("--checkpoint-interval", "1min").get(CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofMinutes(1));
        assertThat(parse("--checkpoint-interval", "5s").get(CHECKPOINT_INTERVAL)).isEqualTo(Duration.ofSeconds(5));
        assertThat(parse("--checkpoint-interval", "off").get(CHECKPOINT_INTERVAL)).isZero();
    }

    @Test
    void environmentVariablesAreTheFallbackInOrder() {
        JobConfig seedStyle = JobConfig.parse(SPEC, new String[0], Map.of("KAFKA_BROKER", "kafka:19092"));
        JobConfig both = JobConfig.parse(SPEC, new String[0],
                Map.of("KAFKA_BROKER", "kafka:19092", "KAFKA_BOOTSTRAP_SERVERS", "broker:9092"));
        JobConfig argumentWins = JobConfig.parse(SPEC, new String[] {"--bootstrap-servers", "cli:9092"},
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "broker:9092"));

        assertThat(seedStyle.get(BOOTSTRAP_SERVERS)).isEqualTo("kafka:19092");
        assertThat(both.get(BOOTSTRAP_SERVERS)).isEqualTo("broker:9092");
        assertThat(argumentWins.get(BOOTSTRAP_SERVERS)).isEqualTo("cli:9092");
    }

    @Test
    void relativePathsResolveAgainstTheWorkingDirectory() {
        JobConfig config = parse("--input", "test-data/messages.txt");

        assertThat(Path.of(config.get(INPUT)))
                .isEqualTo(Path.of("test-data/messages.txt").toAbsolutePath().normalize());
        assertThat(parse("--input", "s3://bucket/dir").get(INPUT).toString()).isEqualTo("s3://bucket/dir");
    }

    @Test
    void anInvalidValueNamesTheOptionAndTheExpectedForm() {
        assertThatThrownBy(() -> parse("--checkpoint-interval", "10"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid value '10' for --checkpoint-interval: expected a positive duration with a unit"
                        + " such as 500ms, 5s, 1min, or off");
        JobSpec tool = new JobSpec("tool", "Runs the jobs.", List.of(CommonOptions.CHECKPOINT_INTERVAL_ON));
        assertThat(JobConfig.parse(tool, new String[] {"--checkpoint-interval", "2s"}, Map.of())
                .get(CommonOptions.CHECKPOINT_INTERVAL_ON)).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> JobConfig.parse(tool, new String[] {"--checkpoint-interval", "off"}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("invalid value 'off' for --checkpoint-interval: expected a positive duration with a unit"
                        + " such as 500ms, 5s, 1min (not off: the jobs commit their output on checkpoints)");
        assertThatThrownBy(() -> parse("--delivery-guarantee", "twice"))
                .hasMessage("invalid value 'twice' for --delivery-guarantee: expected one of exactly-once, at-least-once,"
                        + " none");
        assertThatThrownBy(() -> parse("--parallelism", "0"))
                .hasMessage("invalid value '0' for --parallelism: expected a whole number of at least 1");
    }

    @Test
    void anInvalidEnvironmentValueNamesTheVariable() {
        Option<Integer> workers = Option.positiveInt("workers", "workers").withEnv("WORKERS");
        JobSpec spec = new JobSpec("job", "s", List.of(workers));

        assertThatThrownBy(() -> JobConfig.parse(spec, new String[0], Map.of("WORKERS", "many")))
                .hasMessage("invalid value 'many' for environment variable WORKERS (for --workers): expected a whole"
                        + " number of at least 1");
    }

    @Test
    void unknownOptionsAndMissingValuesAreRefused() {
        assertThatThrownBy(() -> parse("--topcs", "x"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unknown option --topcs (--help lists the options of test-job)");
        assertThatThrownBy(() -> parse("--topic"))
                .hasMessage("option --topic needs a value: a non-empty text");
        assertThatThrownBy(() -> parse("stray"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read the arguments");
    }

    @Test
    void aMissingRequiredValueNamesTheOption() {
        JobConfig config = parse();

        assertThatThrownBy(() -> config.get(JDBC_URL))
                .isInstanceOf(ConfigException.class)
                .hasMessage("missing option --jdbc-url: expected a non-empty text (or environment variable JDBC_URL)");
    }

    @Test
    void aPasswordOnTheCommandLineIsRefused() {
        assertThatThrownBy(() -> parse("--jdbc-password", "hunter2"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("JDBC_PASSWORD")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void kafkaPropertiesPassThroughAndCredentialsAreMasked() {
        JobConfig config = parse("--kafka.security.protocol", "SASL_SSL",
                "--kafka.sasl.jaas.config", "PlainLoginModule required password=\"hunter2\";",
                "--kafka.ssl.truststore.password", "hunter3", "--topic", "t");

        assertThat(config.kafkaProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "PlainLoginModule required password=\"hunter2\";")
                .containsEntry("ssl.truststore.password", "hunter3");
        assertThat(config.effectiveParameters())
                .containsEntry("kafka.security.protocol", "SASL_SSL")
                .containsEntry("kafka.sasl.jaas.config", "******")
                .containsEntry("kafka.ssl.truststore.password", "******")
                .containsEntry("topic", "t")
                .containsEntry("bootstrap-servers", "localhost:9092");
        assertThat(config.effectiveParameters().toString()).doesNotContain("hunter");
    }

    @Test
    void secretOptionsAreMaskedAndNeverEchoedInErrors() {
        Option<Integer> pin = Option.positiveInt("pin", "a secret number").withEnv("PIN").secret();
        JobSpec spec = new JobSpec("job", "s", List.of(pin));

        assertThat(JobConfig.parse(spec, new String[0], Map.of("PIN", "1234")).effectiveParameters())
                .containsEntry("pin", "******");
        assertThatThrownBy(() -> JobConfig.parse(spec, new String[0], Map.of("PIN", "abcd")))
                .hasMessageNotContaining("abcd");
    }

    @Test
    void helpListsEveryOptionWithDefaultsAndEnvironment() {
        JobConfig config = parse("--help");

        assertThat(config.helpRequested()).isTrue();
        assertThat(config.helpText())
                .startsWith("Usage: test-job [options]\n\nDoes things.\n")
                .contains("--bootstrap-servers <a non-empty text>", "default: localhost:9092",
                        "environment: KAFKA_BOOTSTRAP_SERVERS, KAFKA_BROKER", "--topic", "default: words",
                        "default: the job's name", "--overwrite\n", "--kafka.<property>");
    }

    @Test
    void readingAnUndeclaredOptionIsAProgrammingError() {
        Option<String> undeclared = Option.text("undeclared", "x");

        assertThatThrownBy(() -> parse().get(undeclared)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void messagesAreMaskedOfSecretsTheirQuotedPartsAndPasswordParameters() {
        String jaas = "PlainLoginModule required username=\"flink\" password=\"p4ss-word\";";

        assertThat(JobConfig.mask("bad config " + jaas, List.of(jaas))).isEqualTo("bad config ******");
        assertThat(JobConfig.mask("Unexpected token p4ss-word", List.of(jaas)))
                .isEqualTo("Unexpected token ******");
        assertThat(JobConfig.mask("jdbc:postgresql://db/flink?user=a&password=p4ss&ssl=true", List.of()))
                .isEqualTo("jdbc:postgresql://db/flink?user=a&password=******&ssl=true");
        assertThat(JobConfig.mask(null, List.of(jaas))).isNull();
    }
}
