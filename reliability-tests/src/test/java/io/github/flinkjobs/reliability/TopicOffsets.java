package io.github.flinkjobs.reliability;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The end offsets of a topic's partitions as the broker reports them: the log end offset (every record written,
 * committed or not) and the last stable offset, up to which a {@code read_committed} consumer may read; below it
 * no transaction is open. A transaction left open by a crashed producer holds the last stable offset back until it
 * is aborted.
 */
record TopicOffsets(Map<Integer, Long> logEnd, Map<Integer, Long> lastStable) {

    /** The offsets of {@code topic}'s {@code partitions} partitions now. */
    static TopicOffsets of(String bootstrapServers, String topic, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return new TopicOffsets(ends(admin, topic, partitions, IsolationLevel.READ_UNCOMMITTED),
                    ends(admin, topic, partitions, IsolationLevel.READ_COMMITTED));
        }
    }

    /** Whether a transaction with records is open: some partition has records above its last stable offset. */
    boolean transactionOpen() {
        return logEnd.entrySet().stream().anyMatch(end -> end.getValue() > lastStable.get(end.getKey()));
    }

    /** Whether some committed record is readable. */
    boolean anyCommitted() {
        return lastStable.values().stream().anyMatch(offset -> offset > 0);
    }

    private static Map<Integer, Long> ends(Admin admin, String topic, int partitions, IsolationLevel isolation) {
        Map<TopicPartition, OffsetSpec> request = new TreeMap<>(
                java.util.Comparator.comparingInt(TopicPartition::partition));
        for (int partition = 0; partition < partitions; partition++) {
            request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
        }
        Map<Integer, Long> offsets = new TreeMap<>();
        try {
            admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get()
                    .forEach((partition, info) -> offsets.put(partition.partition(), info.offset()));
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot list the offsets of " + topic, e);
        }
        return offsets;
    }
}
