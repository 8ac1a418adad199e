package io.github.flinkjobs.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkjobs.core.config.CommonOptions;
import io.github.flinkjobs.core.config.ConfigException;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.JobSpec;
import java.time.Duration;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaConnectorsTest {

    private static final JobSpec SPEC = new JobSpec("importer", "s", CommonOptions.KAFKA);

    private static final SerializationSchema<String> UTF8 = new SimpleStringSchema();

    private static JobConfig config(String... args) {
        return JobConfig.parse(SPEC, args, Map.of());
    }

    @Test
    void theDefaultTransactionTimeoutIsAcceptedByADefaultBroker() {
        assertThat(KafkaConnectors.checkedTransactionTimeout(config())).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersMaximumIsRefused() {
        assertThatThrownBy(() -> KafkaConnectors.checkedTransactionTimeout(config("--transaction-timeout", "1h")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("above the Kafka broker's default transaction.max.timeout.ms (15min)");
        assertThatThrownBy(() -> KafkaConnectors.checkedTransactionTimeout(
                        config("--kafka.transaction.timeout.ms", "3600000")))
                .isInstanceOf(ConfigException.class);
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
    void exactlyOnceSinksAreBuiltOnlyWithAValidTimeout() {
        assertThat(KafkaConnectors.sink(config(), "out", UTF8)).isNotNull();
        assertThat(KafkaConnectors.sink(config("--transaction-timeout", "1h", "--delivery-guarantee",
                "at-least-once"), "out", UTF8)).isNotNull();
        assertThatThrownBy(() -> KafkaConnectors.sink(config("--transaction-timeout", "1h"), "out", UTF8))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void transactionalIdPrefixesAreUniquePerJobAndTopic() {
        assertThat(KafkaConnectors.transactionalIdPrefix(config(), "flightdata")).isEqualTo("importer-flightdata");
        assertThat(KafkaConnectors.transactionalIdPrefix(config(), "skyone.dlq")).isEqualTo("importer-skyone.dlq");
        assertThat(KafkaConnectors.transactionalIdPrefix(config("--transactional-id-prefix", "prod-importer"), "x"))
                .isEqualTo("prod-importer-x");
    }
}
