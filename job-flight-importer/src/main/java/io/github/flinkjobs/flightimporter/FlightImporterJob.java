package io.github.flinkjobs.flightimporter;

import static io.github.flinkjobs.core.config.CommonOptions.DLQ_OUTPUT;
import static io.github.flinkjobs.core.config.CommonOptions.OUTPUT;
import static io.github.flinkjobs.core.config.CommonOptions.OVERWRITE;
import static io.github.flinkjobs.core.config.CommonOptions.PART_PREFIX;
import static io.github.flinkjobs.core.config.CommonOptions.PART_SUFFIX;

import io.github.flinkjobs.core.JobIo;
import io.github.flinkjobs.core.config.CommonOptions;
import io.github.flinkjobs.core.config.ConfigException;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.JobMain;
import io.github.flinkjobs.core.config.JobSpec;
import io.github.flinkjobs.core.config.Option;
import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.deadletter.DeadLetterRouter;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.core.env.JobEnvironment;
import io.github.flinkjobs.core.files.FileConnectors;
import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.core.kafka.KafkaConnectors;
import io.github.flinkjobs.core.model.FlightData;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports the SkyOne Airlines and Sunset Air feeds into one stream of {@link FlightData}, as the course's
 * {@code FlightImporterJob} does, made safe to run for real: each feed's records are parsed tolerantly, a bad one
 * goes with its reason to that feed's dead letters ({@code skyone.dlq} / {@code sunset.dlq}, {@code --dlq-output DIR},
 * or in file mode without it stderr); flights that have already arrived are dropped and counted (metric
 * {@value ArrivingFlights#PAST_FLIGHTS_METRIC}); the rest are written to topic {@code flightdata}, keyed by email,
 * exactly-once by default, or as JSON lines to {@code --output DIR}.
 *
 * <p>File mode: with {@code --skyone-input} and/or {@code --sunset-input} the job reads only the feeds given as files
 * (a feed without an input file is not read at all), never touches Kafka, and needs {@code --output}.
 *
 * <p>Options: {@code --skyone-topic}, {@code --sunset-topic}, {@code --skyone-input PATH}, {@code --sunset-input PATH},
 * {@code --output-topic} (default {@code flightdata}), {@code --output DIR}, {@code --part-prefix},
 * {@code --part-suffix}, {@code --overwrite}, {@code --dlq-output DIR}, {@code --now TIME}, and the Kafka and
 * checkpointing options of every job; {@code --help} lists them all.
 */
public final class FlightImporterJob {

    private static final Logger LOG = LoggerFactory.getLogger(FlightImporterJob.class);

    static final Option<String> OUTPUT_TOPIC = Option.text("output-topic", "Kafka topic the flights are written to,"
            + " keyed by email address").withDefault("flightdata");

    static final Option<Instant> NOW = Option.instant("now", "drop flights that arrive at or before this time"
            + " instead of the current time (replays, tests)").withDefaultDescribedAs("the current time");

    static final JobSpec SPEC = new JobSpec("flight-importer",
            "Imports the SkyOne and Sunset airline feeds into one stream of flights (topic flightdata or files).",
            List.of(AirlineFeed.SKYONE.topic(), AirlineFeed.SUNSET.topic(), AirlineFeed.SKYONE.input(),
                    AirlineFeed.SUNSET.input(), OUTPUT_TOPIC,
                    OUTPUT.describedAs("write the flights as JSON lines to part files in this directory instead of"
                            + " Kafka (required in file mode)"),
                    PART_PREFIX, PART_SUFFIX.withDefault(".jsonl"), OVERWRITE, DLQ_OUTPUT, NOW),
            CommonOptions.KAFKA);

    private static final JsonCodec<FlightData> FLIGHT_JSON = JsonCodec.of(FlightData.class);

    private FlightImporterJob() {
    }

    public static void main(String[] args) throws Exception {
        JobMain.run(SPEC, args, FlightImporterJob::run);
    }

    static void run(JobConfig config) throws Exception {
        List<AirlineFeed> feeds = feedsToRead(config);
        StreamExecutionEnvironment env = JobEnvironment.create(config);

        Map<AirlineFeed, JobIo.Input> inputs = new EnumMap<>(AirlineFeed.class);
        Map<AirlineFeed, DataStream<RawRecord>> records = new EnumMap<>(AirlineFeed.class);
        for (AirlineFeed feed : feeds) {
            JobIo.Input input = JobIo.rawInput(env, config, feed.feedName(), feed.input(),
                    config.get(feed.topic()));
            inputs.put(feed, input);
            records.put(feed, input.records());
        }

        ImportedFlights imported = defineWorkflow(records, clock(config));

        sinkFlights(imported, config);
        inputs.forEach((feed, input) -> JobIo.sinkDeadLetters(imported.deadLetters().get(feed), config, input));

        JobIo.execute(env, config);
    }

    /**
     * The flights of each feed, and each feed's dead letters.
     *
     * @param flights each feed's flights that arrive after now
     * @param deadLetters the records of each feed that could not be imported
     */
    public record ImportedFlights(Map<AirlineFeed, DataStream<FlightData>> flights,
            Map<AirlineFeed, DataStream<DeadLetter>> deadLetters) {

        /** The flights of all feeds in one stream. */
        public DataStream<FlightData> allFlights() {
            return flights.values().stream().reduce(DataStream::union)
                    .orElseThrow(() -> new IllegalStateException("no feed imported"));
        }
    }

    /**
     * Parses each feed's raw records into flights (bad records become that feed's dead letters) and keeps the flights
     * that arrive after {@code clock.instant()}. The feeds stay apart up to their sinks, so with Kafka output (a sink
     * per feed) each runs as one chain of operators and a flight is never serialized between its source and its sink.
     */
    public static ImportedFlights defineWorkflow(Map<AirlineFeed, DataStream<RawRecord>> feeds, Clock clock) {
        if (feeds.isEmpty()) {
            throw new IllegalArgumentException("no feed to import");
        }
        Map<AirlineFeed, DataStream<FlightData>> flights = new EnumMap<>(AirlineFeed.class);
        Map<AirlineFeed, DataStream<DeadLetter>> deadLetters = new EnumMap<>(AirlineFeed.class);
        feeds.forEach((feed, records) -> {
            SingleOutputStreamOperator<FlightData> parsed = parse(feed, records);
            deadLetters.put(feed, parsed.getSideOutput(DeadLetterRouter.DEAD_LETTERS));
            flights.put(feed, parsed.filter(new ArrivingFlights(clock))
                    .uid("drop-past-flights-" + feed.feedName())
                    .name("Drop " + feed.feedName() + " flights that arrived already"));
        });
        return new ImportedFlights(flights, deadLetters);
    }

    private static SingleOutputStreamOperator<FlightData> parse(AirlineFeed feed, DataStream<RawRecord> records) {
        return records.process(new DeadLetterRouter<>(feed.parser(), TypeInformation.of(FlightData.class)))
                .uid("parse-" + feed.feedName())
                .name("Parse " + feed.feedName() + " flights");
    }

    /** Files: one sink for all feeds. Kafka: one sink per feed, all writing the output topic. */
    private static void sinkFlights(ImportedFlights imported, JobConfig config) {
        if (config.has(OUTPUT)) {
            JobIo.sinkToOutputFiles(imported.allFlights(), config, FLIGHT_JSON);
            return;
        }
        String topic = config.get(OUTPUT_TOPIC);
        imported.flights().forEach((feed, flights) -> flights
                .sinkTo(KafkaConnectors.sink(config, topic, feed.feedName(), FLIGHT_JSON,
                        KafkaConnectors.utf8Key(FlightData::emailAddress)))
                .uid("kafka-sink-output-" + feed.feedName())
                .name("Kafka: " + topic + " (" + feed.feedName() + ")"));
    }

    /** The clock that decides which flights arrived already: {@code --now}, or the system clock. */
    static Clock clock(JobConfig config) {
        return config.getOptional(NOW)
                .map(now -> Clock.fixed(now, ZoneOffset.UTC))
                .orElseGet(Clock::systemUTC);
    }

    /**
     * The feeds to read: in file mode (an input file given) those with an input file, otherwise both from Kafka.
     *
     * @throws ConfigException when topics clash, file mode lacks {@code --output}, or an input overlaps an output
     */
    static List<AirlineFeed> feedsToRead(JobConfig config) {
        String skyOneTopic = config.get(AirlineFeed.SKYONE.topic());
        String sunsetTopic = config.get(AirlineFeed.SUNSET.topic());
        if (skyOneTopic.equals(sunsetTopic)) {
            throw new ConfigException("--skyone-topic and --sunset-topic are both " + skyOneTopic
                    + ": expected two different topics");
        }
        String outputTopic = config.get(OUTPUT_TOPIC);
        if (outputTopic.equals(skyOneTopic) || outputTopic.equals(sunsetTopic)) {
            throw new ConfigException("--output-topic " + outputTopic + " is also an input topic: expected another"
                    + " topic");
        }
        if (outputTopic.equals(skyOneTopic + JobIo.DLQ_SUFFIX) || outputTopic.equals(sunsetTopic + JobIo.DLQ_SUFFIX)) {
            throw new ConfigException("--output-topic " + outputTopic + " is a dead-letter topic: expected another"
                    + " topic");
        }
        List<AirlineFeed> files = Arrays.stream(AirlineFeed.values()).filter(feed -> config.has(feed.input())).toList();
        if (files.isEmpty()) {
            return List.of(AirlineFeed.values());
        }
        if (!config.has(OUTPUT)) {
            throw new ConfigException("file mode (--skyone-input, --sunset-input) never writes to Kafka: expected"
                    + " --output DIR");
        }
        for (AirlineFeed feed : files) {
            for (Option<URI> output : List.of(OUTPUT, DLQ_OUTPUT)) {
                if (config.has(output)) {
                    FileConnectors.requireSeparate("--" + feed.input().name(), config.get(feed.input()),
                            "--" + output.name(), config.get(output));
                }
            }
        }
        if (files.size() < AirlineFeed.values().length) {
            LOG.info("File mode: reading only the {} feed", files.get(0).feedName());
        }
        return files;
    }
}
