package io.github.flinkjobs.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One Kafka broker per test JVM, shared by all test classes, each test using its own random topics: a Testcontainers
 * {@code apache/kafka} container with Docker, otherwise a single-node KRaft broker inside the JVM, or the broker named
 * by {@code TEST_KAFKA_BOOTSTRAP_SERVERS}. Helpers create topics, produce, and read everything committed.
 * {@link #startInJvm()} starts a broker of its own inside the JVM instead, for a program that runs the jobs on
 * embedded services.
 */
public final class TestKafka implements AutoCloseable {

    /** The broker accepts records up to this size, so tests can produce records larger than a client's default. */
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    /**
     * How often the broker looks for records to delete by retention. Retention is off ({@code log.retention.ms=-1}):
     * tests give records old timestamps (epoch 0, a fixed date in the past) as their event time, and a broker with
     * Kafka's default of 7 days would delete them whenever its retention check runs between the produce and the read,
     * which makes such a test fail at random. The check runs from the start and every second, so a broker that
     * does delete them fails those tests every time.
     */
    public static final Duration RETENTION_CHECK_INTERVAL = Duration.ofSeconds(1);

    /** Longest a read of a whole topic may take (millions of records on a busy machine included). */
    private static final Duration READ_LIMIT = Duration.ofMinutes(2);

    /** Broker settings beyond a single node's: retention off, checked early and often (see above). */
    private static final Map<String, String> BROKER_SETTINGS = Map.of(
            "log.retention.ms", "-1",
            "log.initial.task.delay.ms", "0",
            "log.retention.check.interval.ms", Long.toString(RETENTION_CHECK_INTERVAL.toMillis()));

    private static TestKafka instance;

    private final String bootstrapServers;
    private final KafkaClusterTestKit ownBroker;

    private TestKafka(String bootstrapServers, KafkaClusterTestKit ownBroker) {
        this.bootstrapServers = bootstrapServers;
        this.ownBroker = ownBroker;
    }

    /** The shared broker, started on first use and stopped when the JVM exits. */
    public static synchronized TestKafka get() {
        if (instance == null) {
            instance = new TestKafka(start(), null);
        }
        return instance;
    }

    /**
     * A single-node KRaft broker of its own inside this JVM, whatever broker the tests would choose; {@link #close()}
     * stops it and deletes its data.
     */
    public static TestKafka startInJvm() {
        return startInJvm(Map.of());
    }

    /**
     * A broker of its own as {@link #startInJvm()}, with broker {@code settings} beyond the usual ones (such as
     * {@code auto.create.topics.enable=false}), for a test of how a job meets such a broker.
     */
    public static TestKafka startInJvm(Map<String, String> settings) {
        KafkaClusterTestKit broker = startBroker(settings);
        return new TestKafka(broker.bootstrapServers(), broker);
    }

    /** Stops a broker started by {@link #startInJvm()}; the shared broker stops only when the JVM exits. */
    @Override
    public void close() {
        if (ownBroker != null) {
            closeQuietly(ownBroker);
        }
    }

    /** Bootstrap servers of the broker. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates a topic with a random name starting with {@code prefix}. */
    public String createTopic(String prefix, int partitions) {
        String topic = TestServices.randomName(prefix);
        createTopic(topic, partitions, true);
        return topic;
    }

    /** Creates the topic {@code name}; with {@code exact} false an existing topic is fine. */
    public void createTopic(String name, int partitions, boolean exact) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (exact || !(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the topic and its data. */
    public void deleteTopic(String topic) {
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot delete topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether the topic exists. */
    public boolean topicExists(String topic) {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get().contains(topic);
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The transactional ids the broker knows that start with {@code prefix}. */
    public List<String> transactionalIds(String prefix) {
        try (Admin admin = admin()) {
            return admin.listTransactions().all().get().stream()
                    .map(TransactionListing::transactionalId)
                    .filter(id -> id.startsWith(prefix))
                    .sorted()
                    .toList();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets the committed offset of consumer group {@code group} on each listed partition of {@code topic}. */
    public void commitOffsets(String group, String topic, Map<Integer, Long> offsetsByPartition) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        offsetsByPartition.forEach((partition, offset) ->
                offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata(offset)));
        try (Admin admin = admin()) {
            admin.alterConsumerGroupOffsets(group, offsets).all().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Produces UTF-8 text values, in order, round-robin over the partitions; returns when all are acknowledged. */
    public void produce(String topic, List<String> values) {
        produceBytes(topic, values.stream().map(TestKafka::utf8).toList());
    }

    /** Produces raw values ({@code null} for a record without a value), acknowledged by the broker. */
    public void produceBytes(String topic, List<byte[]> values) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            int partitions = producer.partitionsFor(topic).size();
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, null, values.get(i)));
            }
            producer.flush();
        }
    }

    /**
     * Produces raw values ({@code null} for a record without a value) in order into one partition, each with the
     * record timestamp {@code timestamp} (epoch milliseconds); returns when all are acknowledged.
     */
    public void produceBytes(String topic, int partition, long timestamp, List<byte[]> values) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, partition, timestamp, null, value));
            }
            producer.flush();
        }
    }

    /**
     * A record to produce with a chosen timestamp, which Flink jobs take as its event time.
     *
     * @param key UTF-8 key, or {@code null} for none
     * @param value UTF-8 value, or {@code null} for none
     * @param timestamp the record timestamp in epoch milliseconds
     */
    public record Message(String key, String value, long timestamp) {
    }

    /** Produces messages in order into one partition of the topic; returns when all are acknowledged. */
    public void produce(String topic, int partition, List<Message> messages) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (Message message : messages) {
                producer.send(new ProducerRecord<>(topic, partition, message.timestamp(), utf8(message.key()),
                        utf8(message.value())));
            }
            producer.flush();
        }
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_MESSAGE_BYTES));
        // Test input is written once, in order, from one thread: one request in flight keeps the order without the
        // idempotent producer, whose sequence bookkeeping has been seen to wedge a partition of the in-JVM broker.
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Every committed record of the topic, read with {@code isolation.level=read_committed} from the beginning up
     * to the end offsets at the time of the call; an empty list when the topic does not exist.
     */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        if (topicExists(topic)) {
            readCommitted(topic, batch -> batch.forEach(records::add));
        }
        return records;
    }

    /** How many records {@link #readCommitted} would return, counted without keeping them (for large topics). */
    public long countCommitted(String topic) {
        long[] count = {0};
        if (topicExists(topic)) {
            readCommitted(topic, batch -> count[0] += batch.count());
        }
        return count[0];
    }

    private void readCommitted(String topic, java.util.function.Consumer<ConsumerRecords<byte[], byte[]>> each) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    Map<TopicPartition, Long> positions = new HashMap<>();
                    partitions.forEach(partition -> positions.put(partition, consumer.position(partition)));
                    throw new IllegalStateException("could not read topic " + topic + " up to offsets " + end
                            + " within " + READ_LIMIT + ": read up to " + positions);
                }
                each.accept(consumer.poll(Duration.ofMillis(200)));
            }
        }
    }

    /** The committed values of the topic as UTF-8 text. */
    public List<String> readCommittedValues(String topic) {
        return readCommitted(topic).stream()
                .map(r -> r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8))
                .collect(Collectors.toList());
    }

    /** Whether the consumer's position has reached {@code end} on every partition of it. */
    public static boolean reached(Consumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    private static String start() {
        String external = TestServices.setting("test.kafka.bootstrap.servers", "TEST_KAFKA_BOOTSTRAP_SERVERS");
        if (external != null) {
            System.out.println("Test Kafka: external broker " + external);
            return external;
        }
        return TestServices.mode() == TestServices.Mode.DOCKER ? startContainer() : startSharedInJvm();
    }

    private static String startContainer() {
        String image = System.getProperty("kafka.image", "apache/kafka:4.2.1");
        // The container is a single node already set up for transactions (replication factors and min ISR of 1).
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(image))
                .withEnv("KAFKA_MESSAGE_MAX_BYTES", Integer.toString(MAX_MESSAGE_BYTES));
        BROKER_SETTINGS.forEach((name, value) ->
                container.withEnv("KAFKA_" + name.toUpperCase(Locale.ROOT).replace('.', '_'), value));
        try {
            container.start();
        } catch (RuntimeException e) {
            throw TestServices.containerFailed("Kafka", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "stop-test-kafka"));
        System.out.println("Test Kafka: container " + image + " at " + container.getBootstrapServers());
        return container.getBootstrapServers();
    }

    private static String startSharedInJvm() {
        KafkaClusterTestKit cluster = startBroker(Map.of());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(cluster), "stop-test-kafka"));
        System.out.println("Test Kafka: in-JVM KRaft broker at " + cluster.bootstrapServers());
        return cluster.bootstrapServers();
    }

    private static KafkaClusterTestKit startBroker(Map<String, String> settings) {
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBaseDirectory(Files.createTempDirectory("test-kafka"))
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
            BROKER_SETTINGS.forEach(builder::setConfigProp);
            settings.forEach(builder::setConfigProp);
            KafkaClusterTestKit cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return cluster;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the in-JVM Kafka broker", e);
        }
    }

    private static void closeQuietly(KafkaClusterTestKit cluster) {
        try {
            cluster.close();
        } catch (Exception e) {
            // the JVM is exiting; nothing useful to do
        }
    }
}
