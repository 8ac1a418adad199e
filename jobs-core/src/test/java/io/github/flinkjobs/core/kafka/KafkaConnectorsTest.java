package io.github.flinkjobs.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkjobs.core.config.CommonOptions;
import io.github.flinkjobs.core.config.ConfigException;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.JobSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaConnectorsTest {

    private static final JobSpec SPEC = new JobSpec("importer", "s", CommonOptions.KAFKA);

    @TempDir
    Path temp;

    private static JobConfig config(String... args) {
        return JobConfig.parse(SPEC, args, Map.of());
    }

    @Test
    void theDefaultTransactionTimeoutIsAcceptedByADefaultBroker() {
        assertThat(KafkaConnectors.checkedTransactionTimeout(config())).isEqualTo(Duration.ofMinutes(10));
        assertThat(KafkaConnectors.producerProperties(config())).containsEntry("transaction.timeout.ms", "600000");
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersMaximumIsRefused() {
        KafkaConnectors.TransactionTimeout option =
                KafkaConnectors.transactionTimeout(config("--transaction-timeout", "20min"), new Properties());
        JobConfig withProperty = config("--kafka.transaction.timeout.ms", "3600000");
        KafkaConnectors.TransactionTimeout property =
                KafkaConnectors.transactionTimeout(withProperty, withProperty.kafkaProperties());

        assertThatThrownBy(() -> KafkaConnectors.requireAcceptedByBrokers(option, Optional.of(Duration.ofMinutes(15)),
                        "kafka:9092"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--transaction-timeout 1200000ms is above the transaction.max.timeout.ms of the Kafka"
                        + " brokers at kafka:9092 (900000ms), which would refuse the producer: expected at most"
                        + " 900000ms");
        KafkaConnectors.requireAcceptedByBrokers(option, Optional.of(Duration.ofMinutes(30)), "kafka:9092");
        assertThatThrownBy(() -> KafkaConnectors.requireAcceptedByBrokers(property,
                        Optional.of(Duration.ofMinutes(15)), "kafka:9092"))
                .hasMessageStartingWith("Kafka property transaction.timeout.ms 3600000ms is above the"
                        + " transaction.max.timeout.ms of the Kafka brokers at kafka:9092 (900000ms)");
    }

    @Test
    void whenTheBrokersMaximumIsUnknownTheOptionIsCheckedAgainstTheBrokersDefault() {
        KafkaConnectors.TransactionTimeout option =
                KafkaConnectors.transactionTimeout(config("--transaction-timeout", "1h"), new Properties());
        JobConfig withProperty = config("--kafka.transaction.timeout.ms", "3600000");

        assertThatThrownBy(() -> KafkaConnectors.requireAcceptedByBrokers(option, Optional.empty(), "kafka:9092"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--transaction-timeout 3600000ms is above the Kafka broker's default"
                        + " transaction.max.timeout.ms (15min), which would refuse the producer: expected at most"
                        + " 15min, or --kafka.transaction.timeout.ms if your brokers allow more");
        KafkaConnectors.requireAcceptedByBrokers(
                KafkaConnectors.transactionTimeout(withProperty, withProperty.kafkaProperties()), Optional.empty(),
                "kafka:9092");
    }

    @Test
    void exactlyOnceSinksNeedCheckpointing() {
        assertThatThrownBy(() -> KafkaConnectors.sink(config("--checkpoint-interval", "off"), "out",
                        new SimpleStringSchema()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--delivery-guarantee exactly-once needs checkpointing, which --checkpoint-interval off"
                        + " disables (Kafka transactions commit on checkpoints): expected a checkpoint interval, or"
                        + " --delivery-guarantee at-least-once or none");
        KafkaConnectors.sink(config("--checkpoint-interval", "off", "--delivery-guarantee", "at-least-once"), "out",
                new SimpleStringSchema());
        KafkaConnectors.sink(config("--checkpoint-interval", "off", "--delivery-guarantee", "none"), "out",
                new SimpleStringSchema());
    }

    @Test
    void anExplicitClientPropertyServesBrokersThatAllowLongerTransactions() {
        JobConfig config = config("--kafka.transaction.timeout.ms", "3600000");

        assertThat(KafkaConnectors.checkedTransactionTimeout(config)).isEqualTo(Duration.ofHours(1));
        assertThat(KafkaConnectors.producerProperties(config)).containsEntry("transaction.timeout.ms", "3600000");
        assertThatThrownBy(() -> KafkaConnectors.checkedTransactionTimeout(
                        config("--kafka.transaction.timeout.ms", "soon")))
                .hasMessage("invalid value 'soon' for Kafka property transaction.timeout.ms: expected milliseconds");
    }

    @Test
    void aTransactionTimeoutShorterThanTwoCheckpointIntervalsIsRefused() {
        assertThatThrownBy(() -> KafkaConnectors.checkedTransactionTimeout(
                        config("--transaction-timeout", "1min", "--checkpoint-interval", "45s")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--transaction-timeout 60000ms is too short for --checkpoint-interval 45000ms: expected at"
                        + " least twice the interval");
    }

    @Test
    void onlyExactlyOnceSinksUseTransactions() {
        assertThat(KafkaConnectors.producerProperties(config("--delivery-guarantee", "at-least-once",
                "--transaction-timeout", "1h"))).doesNotContainKey("transaction.timeout.ms");
        assertThat(KafkaConnectors.producerProperties(config("--delivery-guarantee", "none")))
                .doesNotContainKey("transaction.timeout.ms");
    }

    @Test
    void consumersReadCommittedUnlessTheUserSaysOtherwise() {
        assertThat(KafkaConnectors.consumerProperties(config())).containsEntry("isolation.level", "read_committed");
        assertThat(KafkaConnectors.consumerProperties(config("--kafka.isolation.level", "read_uncommitted")))
                .containsEntry("isolation.level", "read_uncommitted");
    }

    @Test
    void clientPropertiesComeFromTheFileAndTheCommandLineWhichWins() throws Exception {
        Path file = Files.writeString(temp.resolve("client.properties"),
                "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\nlinger.ms=5\n");
        JobConfig config = config("--kafka-properties-file", file.toString(), "--kafka.linger.ms", "20");

        assertThat(KafkaConnectors.producerProperties(config))
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("linger.ms", "20");
        assertThat(KafkaConnectors.consumerProperties(config)).containsEntry("security.protocol", "SASL_SSL");
        assertThatThrownBy(() -> KafkaConnectors.clientProperties(
                        config("--kafka-properties-file", temp.resolve("missing").toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read --kafka-properties-file");
    }

    @Test
    void propertiesThatHaveTheirOwnOptionsAreRefused() throws Exception {
        Path file = Files.writeString(temp.resolve("client.properties"), "bootstrap.servers=elsewhere:9092\n");

        assertThatThrownBy(() -> KafkaConnectors.consumerProperties(
                        config("--kafka-properties-file", file.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Kafka property bootstrap.servers is set by --bootstrap-servers, not by a client property");
        assertThatThrownBy(() -> KafkaConnectors.producerProperties(config("--kafka.group.id", "x")))
                .hasMessage("Kafka property group.id is set by --group-id, not by a client property");
        assertThatThrownBy(() -> KafkaConnectors.producerProperties(config("--kafka.transactional.id", "x")))
                .hasMessageContaining("--transactional-id-prefix");
    }

    @Test
    void aPropertiesFileMustBeLocal() {
        assertThatThrownBy(() -> KafkaConnectors.clientProperties(
                        config("--kafka-properties-file", "s3://bucket/client.properties")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read --kafka-properties-file s3://bucket/client.properties (a local"
                        + " file)");
    }

    @Test
    void transactionalIdPrefixesAreUniquePerGroupAndTopic() {
        assertThat(KafkaConnectors.transactionalIdPrefix(config(), "flightdata")).isEqualTo("importer-flightdata");
        assertThat(KafkaConnectors.transactionalIdPrefix(config(), "skyone.dlq")).isEqualTo("importer-skyone.dlq");
        assertThat(KafkaConnectors.transactionalIdPrefix(config("--group-id", "backfill"), "flightdata"))
                .isEqualTo("backfill-flightdata");
        assertThat(KafkaConnectors.transactionalIdPrefix(config("--transactional-id-prefix", "prod-importer"), "x"))
                .isEqualTo("prod-importer-x");
    }

    @Test
    void aUtf8KeyIsTheFieldsUtf8BytesOrNoKey() throws Exception {
        SerializationSchema<String[]> key = KafkaConnectors.utf8Key(record -> record[0]);
        SerializationSchema<String[]> copy = InstantiationUtil.clone(key);

        assertThat(copy.serialize(new String[] {"zoë@example.com"}))
                .isEqualTo("zoë@example.com".getBytes(StandardCharsets.UTF_8));
        assertThat(copy.serialize(new String[] {null})).isNull();
    }
}
