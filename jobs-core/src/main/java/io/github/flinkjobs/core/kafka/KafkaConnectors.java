package io.github.flinkjobs.core.kafka;

import static io.github.flinkjobs.core.config.CommonOptions.BOOTSTRAP_SERVERS;
import static io.github.flinkjobs.core.config.CommonOptions.BOUNDED;
import static io.github.flinkjobs.core.config.CommonOptions.BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT;
import static io.github.flinkjobs.core.config.CommonOptions.CHECKPOINT_INTERVAL;
import static io.github.flinkjobs.core.config.CommonOptions.DELIVERY_GUARANTEE;
import static io.github.flinkjobs.core.config.CommonOptions.GROUP_ID;
import static io.github.flinkjobs.core.config.CommonOptions.KAFKA_PROPERTIES_FILE;
import static io.github.flinkjobs.core.config.CommonOptions.TRANSACTIONAL_ID_PREFIX;
import static io.github.flinkjobs.core.config.CommonOptions.TRANSACTION_TIMEOUT;

import io.github.flinkjobs.core.config.ConfigException;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.core.env.JobEnvironment;
import io.github.flinkjobs.core.files.FileConnectors;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Builds the suite's Kafka sources and sinks from a {@link JobConfig}; no job builds one itself.
 *
 * <p>Sources start from the group's committed offsets (earliest when there are none), read with
 * {@code isolation.level=read_committed} (the suite writes its topics transactionally), and stop at the offsets
 * latest at start-up with {@code --bounded}. Sinks use {@code --delivery-guarantee}; exactly-once sinks get a
 * transactional id prefix unique to the consumer group (so a backfill with its own group never fences the running
 * job) and the topic, and a transaction timeout the broker accepts. Client properties from
 * {@code --kafka-properties-file} and then every {@code --kafka.<property>} are passed to the clients (security
 * settings, tuning) and win over the defaults here; those that have options of their own (bootstrap servers, group
 * id, transactional ids) are refused there, so an option is never silently overridden.
 */
public final class KafkaConnectors {

    /** Milliseconds a sink's producer waits to fill a batch. */
    public static final int LINGER_MS = 20;

    /** Bytes of one batch of a sink's producer (per partition). */
    public static final int BATCH_SIZE = 256 * 1024;

    /** Client properties that have options of their own, which would be silently overridden otherwise. */
    private static final Map<String, String> OWN_OPTIONS = Map.of(
            "bootstrap.servers", "--" + BOOTSTRAP_SERVERS.name(),
            "group.id", "--" + GROUP_ID.name(),
            "client.id.prefix", "--" + GROUP_ID.name(),
            "transactional.id", "--" + TRANSACTIONAL_ID_PREFIX.name(),
            "transactional.id.prefix", "--" + TRANSACTIONAL_ID_PREFIX.name());

    private KafkaConnectors() {
    }

    /** A source of the raw records of {@code topics}. */
    public static KafkaSource<RawRecord> rawSource(JobConfig config, List<String> topics) {
        String groupId = groupId(config);
        KafkaSourceBuilder<RawRecord> builder = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(config.get(BOOTSTRAP_SERVERS))
                .setTopics(topics)
                .setGroupId(groupId)
                .setClientIdPrefix(groupId + "-" + String.join("-", topics))
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer())
                .setProperties(consumerProperties(config));
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
        return sink(config, topic, null, value, key);
    }

    /**
     * A sink writing records to {@code topic} with {@code key(record)} as the Kafka key (null for none), as one of
     * several sinks of the job writing that topic: {@code writer} (such as the feed it writes) tells their
     * transactional ids apart.
     */
    public static <T> KafkaSink<T> sink(JobConfig config, String topic, String writer, SerializationSchema<T> value,
            SerializationSchema<T> key) {
        KafkaRecordSerializationSchemaBuilder<T> serializer = KafkaRecordSerializationSchema.<T>builder()
                .setTopic(topic)
                .setValueSerializationSchema(value);
        if (key != null) {
            serializer.setKeySerializationSchema(key);
        }
        DeliveryGuarantee guarantee = config.get(DELIVERY_GUARANTEE);
        KafkaSinkBuilder<T> builder = KafkaSink.<T>builder()
                .setBootstrapServers(config.get(BOOTSTRAP_SERVERS))
                .setKafkaProducerConfig(producerProperties(config))
                .setRecordSerializer(serializer.build())
                .setDeliveryGuarantee(guarantee);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            String prefix = transactionalIdPrefix(config, topic);
            builder.setTransactionalIdPrefix(writer == null ? prefix : prefix + "-" + writer);
        }
        return builder.build();
    }

    /**
     * A Kafka key serializer writing {@code field(record)} as UTF-8 (no key when it is {@code null}), such as a
     * record's email address, so that all records with the same value go to one partition, in order.
     */
    public static <T> SerializationSchema<T> utf8Key(SerializableFunction<T, String> field) {
        return record -> {
            String key = field.apply(record);
            return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        };
    }

    /** The consumer group: {@code --group-id}, by default the job's name. */
    public static String groupId(JobConfig config) {
        return config.getOptional(GROUP_ID).orElse(config.jobName());
    }

    /**
     * The transactional id prefix of an exactly-once sink writing {@code topic}: {@code --transactional-id-prefix}
     * (by default the group id) and the topic.
     */
    public static String transactionalIdPrefix(JobConfig config, String topic) {
        return config.getOptional(TRANSACTIONAL_ID_PREFIX).orElseGet(() -> groupId(config)) + "-" + topic;
    }

    /** Properties of the source's consumers: read committed, then the user's client properties. */
    static Properties consumerProperties(JobConfig config) {
        Properties properties = new Properties();
        properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.putAll(clientProperties(config));
        return properties;
    }

    /**
     * How the sinks' producers batch by default: up to {@value #LINGER_MS} ms and {@value #BATCH_SIZE} bytes per
     * partition and request, uncompressed. Larger batches than the client's defaults (5 ms, 16 KiB) halve the CPU a
     * record costs the producer and the broker (docs/benchmarks); compression saves network but costs CPU, so it is
     * left to the user ({@code --kafka.compression.type=lz4}). Client properties override these.
     */
    public static Properties producerBatching() {
        Properties properties = new Properties();
        properties.setProperty(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(LINGER_MS));
        properties.setProperty(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(BATCH_SIZE));
        properties.setProperty(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        return properties;
    }

    /**
     * Properties of a sink's producers: the batching defaults, the checked transaction timeout, then the user's client
     * properties. Public so that a benchmark's raw Kafka copy can use exactly what the sinks use.
     */
    public static Properties producerProperties(JobConfig config) {
        Properties client = clientProperties(config);
        Properties properties = producerBatching();
        if (config.get(DELIVERY_GUARANTEE) == DeliveryGuarantee.EXACTLY_ONCE) {
            properties.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                    Long.toString(checkedTransactionTimeout(config, client).toMillis()));
        }
        properties.putAll(client);
        return properties;
    }

    /**
     * The user's client properties: {@code --kafka-properties-file}, overridden by {@code --kafka.<property>}.
     *
     * @throws ConfigException when the file cannot be read, or a property has an option of its own
     */
    static Properties clientProperties(JobConfig config) {
        Properties properties = new Properties();
        if (config.declares(KAFKA_PROPERTIES_FILE) && config.has(KAFKA_PROPERTIES_FILE)) {
            URI file = config.get(KAFKA_PROPERTIES_FILE);
            try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException | RuntimeException e) {
                throw new ConfigException("cannot read --" + KAFKA_PROPERTIES_FILE.name() + " "
                        + FileConnectors.displayName(file) + " (a local file): " + e.getMessage());
            }
        }
        properties.putAll(config.kafkaProperties());
        OWN_OPTIONS.forEach((property, option) -> {
            if (properties.containsKey(property)) {
                throw new ConfigException("Kafka property " + property + " is set by " + option + ", not by a"
                        + " client property");
            }
        });
        return properties;
    }

    /** The values of the client properties that hold credentials, to mask them in messages. */
    static List<String> secrets(Properties clientProperties) {
        return clientProperties.stringPropertyNames().stream()
                .filter(JobConfig::isSensitive)
                .map(clientProperties::getProperty)
                .toList();
    }

    /**
     * The transaction timeout of exactly-once sinks, checked before anything is submitted: a transaction stays open
     * from one checkpoint until the next one completes, so checkpointing must be on and the timeout at least twice the
     * checkpoint interval. A {@code transaction.timeout.ms} client property replaces {@code --transaction-timeout}.
     * Whether the brokers accept it is checked at start-up, against their {@code transaction.max.timeout.ms}, by
     * {@link KafkaStartupCheck}.
     */
    public static Duration checkedTransactionTimeout(JobConfig config) {
        return checkedTransactionTimeout(config, clientProperties(config));
    }

    private static Duration checkedTransactionTimeout(JobConfig config, Properties clientProperties) {
        return transactionTimeout(config, clientProperties).value();
    }

    /** A transaction timeout and where it was given. */
    record TransactionTimeout(Duration value, String origin, boolean fromOption) {
    }

    static TransactionTimeout transactionTimeout(JobConfig config, Properties clientProperties) {
        if (!JobEnvironment.checkpointing(config)) {
            throw new ConfigException("--delivery-guarantee exactly-once needs checkpointing, which"
                    + " --checkpoint-interval off disables (Kafka transactions commit on checkpoints): expected a"
                    + " checkpoint interval, or --delivery-guarantee at-least-once or none");
        }
        Duration interval = config.getOptional(CHECKPOINT_INTERVAL)
                .orElse(Duration.ofSeconds(JobEnvironment.DEFAULT_CHECKPOINT_INTERVAL_SECONDS));
        String explicit = clientProperties.getProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        TransactionTimeout timeout;
        if (explicit != null) {
            try {
                timeout = new TransactionTimeout(Duration.ofMillis(Long.parseLong(explicit.trim())),
                        "Kafka property " + ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, false);
            } catch (NumberFormatException e) {
                throw new ConfigException("invalid value '" + explicit + "' for Kafka property "
                        + ProducerConfig.TRANSACTION_TIMEOUT_CONFIG + ": expected milliseconds");
            }
        } else {
            timeout = new TransactionTimeout(config.get(TRANSACTION_TIMEOUT), "--" + TRANSACTION_TIMEOUT.name(), true);
        }
        if (timeout.value().compareTo(interval.multipliedBy(2)) < 0) {
            throw new ConfigException(timeout.origin() + " " + timeout.value().toMillis() + "ms is too short for"
                    + " --checkpoint-interval " + interval.toMillis() + "ms: expected at least twice the interval");
        }
        return timeout;
    }

    /**
     * Refuses a transaction timeout above the brokers' {@code transaction.max.timeout.ms}, which would refuse the
     * producer; {@code brokerMaximum} is empty when the brokers' setting is unknown, and then
     * {@code --transaction-timeout} is checked against the brokers' default of 15 minutes (a client property is
     * taken as the user's knowledge of the brokers).
     */
    static void requireAcceptedByBrokers(TransactionTimeout timeout, Optional<Duration> brokerMaximum,
            String bootstrapServers) {
        if (brokerMaximum.isPresent()) {
            long maximum = brokerMaximum.get().toMillis();
            if (timeout.value().toMillis() > maximum) {
                throw new ConfigException(timeout.origin() + " " + timeout.value().toMillis() + "ms is above the"
                        + " transaction.max.timeout.ms of the Kafka brokers at " + bootstrapServers + " (" + maximum
                        + "ms), which would refuse the producer: expected at most " + maximum + "ms");
            }
        } else if (timeout.fromOption() && timeout.value().compareTo(BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT) > 0) {
            throw new ConfigException(timeout.origin() + " " + timeout.value().toMillis() + "ms is above the Kafka"
                    + " broker's default transaction.max.timeout.ms (15min), which would refuse the producer: expected"
                    + " at most 15min, or --kafka.transaction.timeout.ms if your brokers allow more");
        }
    }
}
