package io.github.flinkjobs.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkjobs.core.config.CommonOptions;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.JobSpec;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.core.env.JobEnvironment;
import io.github.flinkjobs.testing.FlinkTestCluster;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Kafka sources and sinks built by {@link KafkaConnectors}, against a real broker. */
class KafkaConnectorsIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    private static final JobSpec SPEC = new JobSpec("kafka-test", "s", CommonOptions.KAFKA);

    private final TestKafka kafka = TestKafka.get();

    /**
     * Copies {@code input} to {@code output} upper-cased, bounded, with the sink's delivery guarantee, in consumer
     * group {@code group} (which is also the transactional id prefix).
     */
    private void copyUpperCase(String input, String output, String group, String guarantee) throws Exception {
        JobConfig config = JobConfig.parse(SPEC, new String[] {
            "--bootstrap-servers", kafka.bootstrapServers(), "--group-id", group, "--bounded",
            "--delivery-guarantee", guarantee, "--checkpoint-interval", "300ms"}, Map.of());
        StreamExecutionEnvironment env = JobEnvironment.create(config);
        env.fromSource(KafkaConnectors.rawSource(config, List.of(input)), WatermarkStrategy.noWatermarks(), "in")
                .map(KafkaConnectorsIT::upperCase, Types.STRING)
                .sinkTo(KafkaConnectors.sink(config, output, new SimpleStringSchema()));
        env.execute("copy");
    }

    private static String upperCase(RawRecord record) {
        return record.value() == null ? "<null>" : new String(record.value(), StandardCharsets.UTF_8).toUpperCase();
    }

    @ParameterizedTest
    @ValueSource(strings = {"exactly-once", "at-least-once", "none"})
    void copiesEveryRecordWithEachDeliveryGuarantee(String guarantee) throws Exception {
        String input = kafka.createTopic("in", 2);
        String output = kafka.createTopic("out", 2);
        String group = TestServices.randomName("group");
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            values.add(("record " + i).getBytes(StandardCharsets.UTF_8));
        }
        values.add(null);
        kafka.produceBytes(input, values);

        copyUpperCase(input, output, group, guarantee);

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            expected.add("RECORD " + i);
        }
        expected.add("<null>");
        assertThat(kafka.readCommittedValues(output)).containsExactlyInAnyOrderElementsOf(expected);
        if (guarantee.equals("exactly-once")) {
            assertThat(kafka.transactionalIds(group + "-" + output)).isNotEmpty();
        } else {
            assertThat(kafka.transactionalIds(group)).isEmpty();
        }
    }

    /**
     * The source starts where the group's committed offsets point. (Flink commits offsets on checkpoint completion
     * as a progress marker only; exactly-once recovery uses the checkpointed offsets, so the test sets the group's
     * offsets itself instead of relying on a previous run's last asynchronous commit.)
     */
    @Test
    void startsFromTheGroupsCommittedOffsets() throws Exception {
        String input = kafka.createTopic("in", 1);
        String output = kafka.createTopic("out", 1);
        String group = TestServices.randomName("group");
        kafka.produce(input, List.of("a", "b", "c", "d", "e"));
        kafka.commitOffsets(group, input, Map.of(0, 2L));

        copyUpperCase(input, output, group, "exactly-once");

        assertThat(kafka.readCommittedValues(output)).containsExactly("C", "D", "E");
    }

    @Test
    void recordsCarryTheirKafkaTimestamp() throws Exception {
        String input = kafka.createTopic("in", 1);
        kafka.produce(input, 0, List.of(
                new TestKafka.Message("k1", "a", 1_000L), new TestKafka.Message(null, "b", 2_000L)));
        JobConfig config = JobConfig.parse(SPEC, new String[] {
            "--bootstrap-servers", kafka.bootstrapServers(), "--bounded"}, Map.of());
        StreamExecutionEnvironment env = JobEnvironment.create(config);

        List<String> records = env.fromSource(
                        KafkaConnectors.rawSource(config, List.of(input)), WatermarkStrategy.noWatermarks(), "in")
                .map(record -> upperCase(record) + "@" + record.timestamp(), Types.STRING)
                .executeAndCollect(10);

        assertThat(records).containsExactly("A@1000", "B@2000");
    }
}
