package io.github.flinkjobs.reliability;

import io.github.flinkjobs.testing.TestDatabase;
import io.github.flinkjobs.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads what the jobs wrote, in forms that compare exactly between runs. */
final class Outputs {

    private Outputs() {
    }

    /**
     * The committed values of {@code topic} per key, each key's values in topic order (the order a keyed job emits
     * them in; the interleaving of different keys is not fixed).
     */
    static Map<String, List<String>> committedByKey(TestKafka kafka, String topic) {
        Map<String, List<String>> byKey = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : kafka.readCommitted(topic)) {
            byKey.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8), key -> new ArrayList<>())
                    .add(new String(record.value(), StandardCharsets.UTF_8));
        }
        return byKey;
    }

    /** Every row of {@code user_statistics}, ordered by email address. */
    static List<List<Object>> userStatisticsRows(TestDatabase database) {
        return database.query("SELECT email_address, total_flight_duration_seconds, number_of_flights, window_end"
                + " FROM user_statistics ORDER BY email_address");
    }
}
