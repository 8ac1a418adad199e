package io.github.flinkjobs.benchmarks;

import io.github.flinkjobs.core.config.CommonOptions;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.JobSpec;
import io.github.flinkjobs.core.kafka.KafkaConnectors;
import io.github.flinkjobs.testing.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * B0, the ceiling: a plain {@code KafkaConsumer} reading both feed topics from the beginning to their end, and a
 * {@code KafkaProducer} copying each record's bytes to an output topic, in one thread, with the producer settings
 * the jobs' at-least-once sinks use ({@link KafkaConnectors#producerProperties}) but without idempotence (see
 * {@link #copy}). No parsing, no Flink.
 */
final class RawCopy implements Variant {

    private static final JobSpec SPEC = new JobSpec("raw-copy", "A raw Kafka copy with the sinks' producer settings",
            List.of(), CommonOptions.KAFKA);

    private final TestKafka broker;

    RawCopy(TestKafka broker) {
        this.broker = broker;
    }

    @Override
    public String key() {
        return Report.BASELINE;
    }

    @Override
    public String title() {
        return "B0 raw copy (KafkaConsumer → KafkaProducer)";
    }

    @Override
    public PreparedRun prepare(Workload workload, String runName) {
        String output = runName;
        broker.createTopic(output, Workload.PARTITIONS, true);
        List<String> inputs = List.of(workload.skyOneTopic(), workload.sunsetTopic());
        return new PreparedRun(workload.bookings(), workload.bookings(), () -> copy(inputs, output),
                () -> broker.countCommitted(output), () -> broker.deleteTopic(output));
    }

    private void copy(List<String> inputs, String output) {
        JobConfig config = JobConfig.parse(SPEC, new String[] {"--bootstrap-servers", broker.bootstrapServers(),
                "--delivery-guarantee", "at-least-once"}, Map.of());
        Properties producerProperties = KafkaConnectors.producerProperties(config);
        producerProperties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        // The one difference: no idempotence. A single thread copying at full speed has been seen to wedge a
        // partition of the in-JVM broker with the idempotent producer's sequence numbers (OutOfOrderSequenceException
        // on every batch), as TestKafka notes for its own producer; it only makes the ceiling a little higher.
        producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        Properties consumerProperties = new Properties();
        consumerProperties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties,
                        new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties,
                        new ByteArraySerializer(), new ByteArraySerializer())) {
            List<TopicPartition> partitions = inputs.stream()
                    .flatMap(topic -> consumer.partitionsFor(topic).stream()
                            .map(info -> new TopicPartition(topic, info.partition())))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (!TestKafka.reached(consumer, end)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    producer.send(new ProducerRecord<>(output, null, record.timestamp(), record.key(),
                            record.value()));
                }
            }
            producer.flush();
        }
    }
}
