package io.github.flinkjobs.benchmarks;

import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.core.model.SkyOneAirlinesFlightData;
import io.github.flinkjobs.core.model.SunsetAirFlightData;
import io.github.flinkjobs.flightimporter.GeneratedFlights;
import io.github.flinkjobs.testing.TestKafka;
import io.github.flinkjobs.wordcount.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The inputs of the benchmarks, preloaded into topics of {@value #PARTITIONS} partitions with a plain Kafka producer
 * before anything is measured, and what each job must make of them:
 *
 * <ul>
 *   <li>bookings of both airline feeds ({@link GeneratedFlights}, half in each feed topic) for the importer and the
 *       raw copy, departing within a year after {@link #FLIGHTS_START}; those arriving at or before {@link #NOW}
 *       (a few percent) are dropped by the importer, which runs with {@code --now};
 *   <li>FlightData JSON for usage statistics, keyed by email address, with record timestamps (its event times) spread
 *       evenly over {@link #EVENT_TIME_SPAN}, in order within each partition;
 *   <li>lines of text for word count: sentences of common English words, timestamped the same way.
 * </ul>
 *
 * @param prefix the topics' name prefix
 * @param bookings the records of both feed topics
 * @param arriving the bookings that arrive after {@link #NOW}: the importer's output
 * @param flights the records of the FlightData topic
 * @param userWindows the (user, one-minute window) pairs of the flights: usage statistics' output
 * @param lines the records of the text topic
 * @param words the words of the lines: the sum of word count's counts
 */
record Workload(String prefix, long bookings, long arriving, long flights, long userWindows, long lines, long words) {

    /** Partitions of every input topic. */
    static final int PARTITIONS = 2;

    /** The bookings depart within a year after this. */
    static final Instant FLIGHTS_START = Instant.parse("2030-01-01T00:00:00Z");

    /** The importer's "now": bookings arriving at or before it are dropped. */
    static final Instant NOW = FLIGHTS_START.plus(Duration.ofDays(20));

    /** Usage statistics' window (its default). */
    static final Duration STATISTICS_WINDOW = Duration.ofMinutes(1);

    /** The record timestamps of the flights and the lines span this much, ending a little before the preload. */
    static final Duration EVENT_TIME_SPAN = Duration.ofMinutes(10);

    private static final long SEED = 42;

    /** Topic of the SkyOne bookings. */
    String skyOneTopic() {
        return prefix + "skyone";
    }

    /** Topic of the Sunset bookings. */
    String sunsetTopic() {
        return prefix + "sunset";
    }

    /** Topic of the FlightData records. */
    String flightsTopic() {
        return prefix + "flightdata";
    }

    /** Topic of the lines of text. */
    String linesTopic() {
        return prefix + "lines";
    }

    /**
     * Creates the topics named with {@code prefix} and writes {@code records} records to each input: bookings (half
     * per feed), flights and lines.
     */
    static Workload preload(TestKafka broker, String prefix, int records) {
        Workload topics = new Workload(prefix, 0, 0, 0, 0, 0, 0);
        for (String topic : new String[] {topics.skyOneTopic(), topics.sunsetTopic(), topics.flightsTopic(),
                topics.linesTopic()}) {
            broker.createTopic(topic, PARTITIONS, true);
        }
        GeneratedFlights generated = new GeneratedFlights(SEED, FLIGHTS_START);
        JsonCodec<SkyOneAirlinesFlightData> skyOneJson = JsonCodec.of(SkyOneAirlinesFlightData.class);
        JsonCodec<SunsetAirFlightData> sunsetJson = JsonCodec.of(SunsetAirFlightData.class);
        JsonCodec<FlightData> flightJson = JsonCodec.of(FlightData.class);
        long firstTimestamp = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(EVENT_TIME_SPAN.multipliedBy(2))
                .toEpochMilli();
        Sentences sentences = new Sentences(SEED);
        long arriving = 0;
        long words = 0;
        Set<String> userWindows = new HashSet<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Callback keepFirstFailure = (metadata, exception) -> {
            if (exception != null) {
                failure.compareAndSet(null, exception);
            }
        };
        try (KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers())) {
            for (int i = 0; i < records; i++) {
                int partition = i % PARTITIONS;
                int feedPartition = (i / 2) % PARTITIONS;
                FlightData booking;
                if (i % 2 == 0) {
                    SkyOneAirlinesFlightData skyOne = generated.skyOne(i / 2);
                    booking = skyOne.toFlightData();
                    producer.send(new ProducerRecord<>(topics.skyOneTopic(), feedPartition, null,
                            skyOneJson.write(skyOne)), keepFirstFailure);
                } else {
                    SunsetAirFlightData sunset = generated.sunset(i / 2);
                    booking = sunset.toFlightData();
                    producer.send(new ProducerRecord<>(topics.sunsetTopic(), feedPartition, null,
                            sunsetJson.write(sunset)), keepFirstFailure);
                }
                if (booking.arrivalTime().isAfter(NOW)) {
                    arriving++;
                }
                long timestamp = firstTimestamp + i * EVENT_TIME_SPAN.toMillis() / records;
                userWindows.add(booking.emailAddress() + " " + Math.floorDiv(timestamp,
                        STATISTICS_WINDOW.toMillis()));
                producer.send(new ProducerRecord<>(topics.flightsTopic(), partition, timestamp,
                        booking.emailAddress().getBytes(StandardCharsets.UTF_8), flightJson.write(booking)),
                        keepFirstFailure);
                String line = sentences.next();
                words += Tokenizer.words(line).size();
                producer.send(new ProducerRecord<>(topics.linesTopic(), partition, timestamp, null,
                        line.getBytes(StandardCharsets.UTF_8)), keepFirstFailure);
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("could not preload the benchmark's input", failure.get());
        }
        return new Workload(prefix, records, arriving, records, userWindows.size(), records, words);
    }

    /** A producer for preloading: large batches, no compression, nothing measured. */
    private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "1");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(128L * 1024 * 1024));
        // Each partition's records must stay in order (event times): one request in flight, no idempotence (see
        // TestKafka's producer).
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
