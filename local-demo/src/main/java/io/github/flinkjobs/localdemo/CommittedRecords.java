package io.github.flinkjobs.localdemo;

import io.github.flinkjobs.testing.TestKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows some topics as the jobs commit to them: a {@code read_committed} consumer of every partition, from the
 * beginning, that counts the records of each topic and remembers, per partition, the offset just after its last
 * record. Each record is read once, however often the counts are asked for, so following a topic costs no more than
 * reading it. Record counts, not end offsets, because the end offsets of a transactional topic also count the
 * transaction markers.
 */
final class CommittedRecords implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final Consumer<ConsumerRecord<byte[], byte[]>> onRecord;
    private final Map<String, Long> counts = new TreeMap<>();
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();

    /**
     * Follows {@code topics}, which must exist, handing each committed record to {@code onRecord}.
     */
    CommittedRecords(String bootstrapServers, List<String> topics, Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.partitions = topics.stream()
                .flatMap(topic -> consumer.partitionsFor(topic).stream())
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        this.onRecord = onRecord;
        topics.forEach(topic -> counts.put(topic, 0L));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Follows {@code topics}, counting only. */
    CommittedRecords(String bootstrapServers, List<String> topics) {
        this(bootstrapServers, topics, record -> { });
    }

    /**
     * Reads what was committed up to now, for at most {@code atMost}.
     *
     * @return whether everything committed when the call began has been read
     */
    boolean read(Duration atMost) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!TestKafka.reached(consumer, end)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                counts.merge(record.topic(), 1L, Long::sum);
                nextOffsets.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                onRecord.accept(record);
            }
        }
        return true;
    }

    /**
     * Reads everything committed up to now.
     *
     * @throws IllegalStateException when that takes longer than {@code limit}
     */
    void readAll(Duration limit) {
        if (!read(limit)) {
            throw new IllegalStateException("could not read " + counts.keySet() + " to the end within " + limit);
        }
    }

    /** The records of {@code topic} read so far. */
    long count(String topic) {
        return counts.get(topic);
    }

    /** The records of every topic read so far. */
    long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The records read so far, per topic. */
    Map<String, Long> counts() {
        return Map.copyOf(counts);
    }

    /** For each partition with records, the offset just after the last record read: where a reader of all is. */
    Map<TopicPartition, Long> nextOffsets() {
        return Map.copyOf(nextOffsets);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
