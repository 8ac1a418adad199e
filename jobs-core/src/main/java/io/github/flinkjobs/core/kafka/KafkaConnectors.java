package io.github.flinkjobs.core.kafka;

import static io.github.flinkjobs.core.config.CommonOptions.BOOTSTRAP_SERVERS;
import static io.github.flinkjobs.core.config.CommonOptions.BOUNDED;
import static io.github.flinkjobs.core.config.CommonOptions.BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT;
import static io.github.flinkjobs.core.config.CommonOptions.CHECKPOINT_INTERVAL;
import static io.github.flinkjobs.core.config.CommonOptions.DELIVERY_GUARANTEE;
import static io.github.flinkjobs.core.config.CommonOptions.GROUP_ID;
import static io.github.flinkjobs.core.config.CommonOptions.TRANSACTIONAL_ID_PREFIX;
import static io.github.flinkjobs.core.config.CommonOptions.TRANSACTION_TIMEOUT;

import io.github.flinkjobs.core.config.ConfigException;
import io.github.flinkjobs.core.config.DeliveryGuarantees;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.deadletter.RawRecord;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchemaBuilder;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Builds the suite's Kafka sources and sinks from a {@link JobConfig}; no job builds one itself.
 *
 * <p>Sources start from the group's committed offsets (earliest when there are none), read with
 * {@code isolation.level=read_committed} (the suite writes its topics transactionally), and stop at the offsets
 * latest at start-up with {@code --bounded}. Sinks use {@code --delivery-guarantee}; exactly-once sinks get a
 * transactional id prefix unique to the job and topic and a transaction timeout the broker accepts. Every
 * {@code --kafka.<property>} is passed to the clients (security settings, tuning) and wins over the defaults here.
 */
public final class KafkaConnectors {

    private KafkaConnectors() {
    }

    /** A source of the raw records of {@code topics}. */
    public static KafkaSource<RawRecord> rawSource(JobConfig config, List<String> topics) {
        String groupId = config.getOptional(GROUP_ID).orElse(config.jobName());
        KafkaSourceBuilder<RawRecord> builder = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(config.get(BOOTSTRAP_SERVERS))
                .setTopics(topics)
                .setGroupId(groupId)
                .setClientIdPrefix(groupId + "-" + String.join("-", topics))
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer())
                .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
                .setProperties(config.kafkaProperties());
        if (config.get(BOUNDED)) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /** A sink writing {@code value(record)} to {@code topic}, without a key. */
    public static <T> KafkaSink<T> sink(JobConfig config, String topic, SerializationSchema<T> value) {
        return sink(config, topic, value, null);
    }

    /** A sink writing records to {@code topic} with {@code key(record)} as the Kafka key (null for none). */
    public static <T> KafkaSink<T> sink(
            JobConfig config, String topic, SerializationSchema<T> value, SerializationSchema<T> key) {
        KafkaRecordSerializationSchemaBuilder<T> serializer = KafkaRecordSerializationSchema.<T>builder()
                .setTopic(topic)
                .setValueSerializationSchema(value);
        if (key != null) {
            serializer.setKeySerializationSchema(key);
        }
        DeliveryGuarantees guarantee = config.get(DELIVERY_GUARANTEE);
        Properties producer = new Properties();
        if (guarantee == DeliveryGuarantees.EXACTLY_ONCE) {
            Duration timeout = checkedTransactionTimeout(config);
            producer.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(timeout.toMillis()));
        }
        producer.putAll(config.kafkaProperties());
        KafkaSinkBuilder<T> builder = KafkaSink.<T>builder()
                .setBootstrapServers(config.get(BOOTSTRAP_SERVERS))
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(serializer.build())
                .setDeliveryGuarantee(toFlink(guarantee));
        if (guarantee == DeliveryGuarantees.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(transactionalIdPrefix(config, topic));
        }
        return builder.build();
    }

    /** The transactional id prefix of an exactly-once sink writing {@code topic}: unique per job and topic. */
    public static String transactionalIdPrefix(JobConfig config, String topic) {
        return config.getOptional(TRANSACTIONAL_ID_PREFIX).orElse(config.jobName()) + "-" + topic;
    }

    /**
     * The transaction timeout, checked: a transaction stays open from one checkpoint until the next one completes,
     * so the timeout must be at least twice the checkpoint interval; above the broker's default maximum the broker
     * refuses the producer.
     */
    static Duration checkedTransactionTimeout(JobConfig config) {
        Duration timeout = config.get(TRANSACTION_TIMEOUT);
        String override = config.kafkaProperties().getProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        if (override != null) {
            try {
                timeout = Duration.ofMillis(Long.parseLong(override.trim()));
            } catch (NumberFormatException e) {
                throw new ConfigException("invalid value '" + override + "' for --kafka."
                        + ProducerConfig.TRANSACTION_TIMEOUT_CONFIG + ": expected milliseconds");
            }
        }
        Duration interval = config.get(CHECKPOINT_INTERVAL);
        if (timeout.compareTo(interval.multipliedBy(2)) < 0) {
            throw new ConfigException("--transaction-timeout " + timeout.toMillis() + "ms is too short for"
                    + " --checkpoint-interval " + interval.toMillis() + "ms: expected at least twice the interval");
        }
        if (timeout.compareTo(BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT) > 0) {
            throw new ConfigException("--transaction-timeout " + timeout.toMillis() + "ms is above the Kafka broker's"
                    + " default transaction.max.timeout.ms (15min), which would refuse the producer: expected at most"
                    + " 15min");
        }
        return timeout;
    }

    private static DeliveryGuarantee toFlink(DeliveryGuarantees guarantee) {
        return switch (guarantee) {
            case NONE -> DeliveryGuarantee.NONE;
            case AT_LEAST_ONCE -> DeliveryGuarantee.AT_LEAST_ONCE;
            case EXACTLY_ONCE -> DeliveryGuarantee.EXACTLY_ONCE;
        };
    }
}
