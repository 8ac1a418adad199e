package io.github.flinkjobs.flightimporter;

import static io.github.flinkjobs.core.config.CommonOptions.BOOTSTRAP_SERVERS;
import static io.github.flinkjobs.core.config.CommonOptions.DELIVERY_GUARANTEE;
import static io.github.flinkjobs.core.config.CommonOptions.GROUP_ID;
import static io.github.flinkjobs.core.config.CommonOptions.KAFKA_PROPERTIES_FILE;
import static io.github.flinkjobs.core.config.CommonOptions.OUTPUT;
import static io.github.flinkjobs.core.config.CommonOptions.OVERWRITE;
import static io.github.flinkjobs.core.config.CommonOptions.PART_PREFIX;
import static io.github.flinkjobs.core.config.CommonOptions.PART_SUFFIX;
import static io.github.flinkjobs.core.config.CommonOptions.TRANSACTIONAL_ID_PREFIX;
import static io.github.flinkjobs.core.config.CommonOptions.TRANSACTION_TIMEOUT;

import io.github.flinkjobs.core.JobIo;
import io.github.flinkjobs.core.config.ConfigException;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.JobMain;
import io.github.flinkjobs.core.config.JobSpec;
import io.github.flinkjobs.core.config.Option;
import io.github.flinkjobs.core.env.JobEnvironment;
import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.core.kafka.KafkaConnectors;
import io.github.flinkjobs.core.model.SkyOneAirlinesFlightData;
import io.github.flinkjobs.core.model.SunsetAirFlightData;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates both airline feeds, as the course's {@code DataGeneratorJob} does: SkyOne bookings to topic
 * {@code skyone} and Sunset bookings to topic {@code sunset} (the course's JSON, exactly-once by default), or with
 * {@code --output DIR} to part files in {@code DIR/skyone/} and {@code DIR/sunset/}. Each feed is a Flink
 * {@link DataGeneratorSource} producing {@code --rate} records per second, {@code --records} in all (endless by
 * default). Record {@code i} of a feed depends only on {@code --seed}, {@code --start-time} and {@code i}
 * ({@link GeneratedFlights}), so a run with the same seed and start produces the same records at any parallelism.
 *
 * <p>Options: {@code --rate} (default 1), {@code --records}, {@code --seed} (default random, logged),
 * {@code --start-time} (default now), {@code --skyone-topic}, {@code --sunset-topic}, {@code --output DIR},
 * {@code --part-prefix}, {@code --part-suffix}, {@code --overwrite}, and the Kafka sink and checkpointing options;
 * {@code --help} lists them all.
 */
public final class FlightDataGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(FlightDataGenerator.class);

    static final Option<Integer> RATE = Option.positiveInt("rate", "records per second of each feed")
            .withDefault("1");

    static final Option<Integer> RECORDS = Option.positiveInt("records",
            "records of each feed in all, after which the generator finishes").withDefaultDescribedAs("endless");

    static final Option<Long> SEED = Option.wholeNumber("seed", "seed of the random values; the same seed and"
                    + " --start-time give the same records")
            .withDefaultDescribedAs("a random seed, logged at start");

    static final Option<Instant> START_TIME = Option.instant("start-time", "departures are after this time and"
            + " within a year of it").withDefaultDescribedAs("now");

    static final JobSpec SPEC = new JobSpec("flight-data-generator",
            "Generates SkyOne and Sunset flight bookings into topics skyone and sunset (or files).",
            List.of(RATE, RECORDS, SEED, START_TIME, AirlineFeed.SKYONE.topic(), AirlineFeed.SUNSET.topic(),
                    OUTPUT.describedAs("write the bookings as JSON lines to part files in DIR/skyone/ and"
                            + " DIR/sunset/ instead of Kafka"),
                    PART_PREFIX, PART_SUFFIX.withDefault(".jsonl"), OVERWRITE, BOOTSTRAP_SERVERS,
                    GROUP_ID.describedAs("names the generator's Kafka transactional ids (see"
                            + " --transactional-id-prefix)"),
                    DELIVERY_GUARANTEE, TRANSACTIONAL_ID_PREFIX, TRANSACTION_TIMEOUT, KAFKA_PROPERTIES_FILE));

    private FlightDataGenerator() {
    }

    public static void main(String[] args) throws Exception {
        JobMain.run(SPEC, args, FlightDataGenerator::run);
    }

    static void run(JobConfig config) throws Exception {
        if (config.get(AirlineFeed.SKYONE.topic()).equals(config.get(AirlineFeed.SUNSET.topic()))) {
            throw new ConfigException("--skyone-topic and --sunset-topic are both "
                    + config.get(AirlineFeed.SKYONE.topic()) + ": expected two different topics");
        }
        long seed = config.getOptional(SEED).orElseGet(() -> ThreadLocalRandom.current().nextLong());
        Instant start = config.getOptional(START_TIME).orElseGet(Instant::now);
        LOG.info("Generating flights with --seed {} --start-time {}", seed, start);
        GeneratedFlights flights = new GeneratedFlights(seed, start);
        StreamExecutionEnvironment env = JobEnvironment.create(config);
        if (config.has(OUTPUT)) {
            JobIo.checkOutput(env, config, config.get(OUTPUT));
        }

        generate(env, config, AirlineFeed.SKYONE, flights::skyOne, SkyOneAirlinesFlightData.class);
        generate(env, config, AirlineFeed.SUNSET, flights::sunset, SunsetAirFlightData.class);

        JobIo.execute(env, config);
    }

    /** One feed: a rate-limited generator source and its Kafka or file sink. */
    private static <T> void generate(StreamExecutionEnvironment env, JobConfig config, AirlineFeed feed,
            GeneratorFunction<Long, T> record, Class<T> type) {
        long count = config.getOptional(RECORDS).map(Long::valueOf).orElse(Long.MAX_VALUE);
        DataGeneratorSource<T> source = new DataGeneratorSource<>(record, count,
                RateLimiterStrategy.perSecond(config.get(RATE)), TypeInformation.of(type));
        DataStream<T> bookings = env.fromSource(source, WatermarkStrategy.noWatermarks(), "Generate " + feed.feedName())
                .uid("generate-" + feed.feedName());
        JsonCodec<T> json = JsonCodec.of(type);
        if (config.has(OUTPUT)) {
            URI directory = subdirectory(config.get(OUTPUT), feed.feedName());
            JobIo.sinkToFiles(bookings, config, directory, json, "file-sink-" + feed.feedName());
        } else {
            String topic = config.get(feed.topic());
            bookings.sinkTo(KafkaConnectors.sink(config, topic, json))
                    .uid("kafka-sink-" + feed.feedName())
                    .name("Kafka: " + topic);
        }
    }

    private static URI subdirectory(URI directory, String name) {
        String base = directory.toString();
        return URI.create(base.endsWith("/") ? base : base + "/").resolve(name + "/");
    }
}
