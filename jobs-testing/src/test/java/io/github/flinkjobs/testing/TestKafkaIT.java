package io.github.flinkjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** The shared test broker keeps what tests give it, whatever timestamps they choose. */
class TestKafkaIT {

    private final TestKafka kafka = TestKafka.get();

    @Test
    void keepsRecordsFarOlderThanKafkasDefaultRetentionThroughTheBrokersRetentionChecks() throws Exception {
        String topic = kafka.createTopic("old-records", 1);
        long aYearAgo = Instant.now().minus(Duration.ofDays(365)).toEpochMilli();
        kafka.produce(topic, 0, List.of(
                new TestKafka.Message(null, "epoch", 0L), new TestKafka.Message(null, "a year ago", aYearAgo)));

        Duration checkInterval = Duration.ofMillis(Long.parseLong(brokerSetting("log.retention.check.interval.ms")));
        assertThat(checkInterval)
                .as("the broker's retention check interval: a check that runs rarely deletes old records at random")
                .isLessThanOrEqualTo(TestKafka.RETENTION_CHECK_INTERVAL);
        Thread.sleep(3 * checkInterval.toMillis());

        assertThat(kafka.readCommittedValues(topic)).containsExactly("epoch", "a year ago");
    }

    private String brokerSetting(String name) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            String broker = admin.describeCluster().nodes().get().iterator().next().idString();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            return config.get(name).value();
        }
    }
}
