package io.github.flinkjobs.usagestats;

import static io.github.flinkjobs.core.config.CommonOptions.ALLOWED_LATENESS;
import static io.github.flinkjobs.core.config.CommonOptions.DLQ_OUTPUT;
import static io.github.flinkjobs.core.config.CommonOptions.IDLENESS;
import static io.github.flinkjobs.core.config.CommonOptions.INPUT;
import static io.github.flinkjobs.core.config.CommonOptions.JDBC_PASSWORD_FILE;
import static io.github.flinkjobs.core.config.CommonOptions.JDBC_URL;
import static io.github.flinkjobs.core.config.CommonOptions.JDBC_USER;
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
import io.github.flinkjobs.core.deadletter.BadRecordException;
import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.deadletter.DeadLetterRouter;
import io.github.flinkjobs.core.deadletter.LateRecords;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.core.env.JobEnvironment;
import io.github.flinkjobs.core.jdbc.JdbcConnectors;
import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.core.json.JsonRecordParser;
import io.github.flinkjobs.core.kafka.KafkaConnectors;
import io.github.flinkjobs.core.model.FlightChecks;
import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.core.model.UserStatistics;
import io.github.flinkjobs.core.time.EventTime;
import io.github.flinkjobs.core.time.LateRecordFilter;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * Per-user flight statistics, cumulative across windows: the course's usage statistics job (exercise 20). Reads
 * the flights of topic {@code flightdata} (or, with {@code --input}, FlightData JSON lines from files), keys them by
 * email address, sums each user's flights and flight durations per tumbling event-time window ({@code reduce} with
 * {@link UserStatistics#merge}), and after each window emits the user's statistics since the first flight (a running
 * total in keyed state) to Kafka topic {@code userstatistics}, keyed by email address, or to {@code --output} files,
 * and with {@code --jdbc-url} upserts them into PostgreSQL table {@code user_statistics}, never replacing a row with
 * the total of an older window.
 *
 * <p>Event time is the Kafka record timestamp (for file input the time a line was read). Records that arrive after
 * their window closed go to the dead letters as they arrived (reason {@code late}) before they are parsed; records
 * that are not flights (bad JSON, missing fields) or not usable ones ({@link FlightChecks}) go there with their
 * reason: topic {@code <input-topic>.dlq}, {@code --dlq-output DIR}, or stderr.
 *
 * <p>Options: {@code --input-topic} (default {@code flightdata}), {@code --output-topic} (default
 * {@code userstatistics}; neither the input topic nor its dead-letter topic), {@code --window} (default
 * {@code 1min}), {@code --state-ttl} (off by default), {@code --input PATH}, {@code --output DIR},
 * {@code --part-prefix}, {@code --part-suffix}, {@code --overwrite}, {@code --dlq-output DIR}, {@code --jdbc-url},
 * {@code --jdbc-user}, {@code --jdbc-password-file}, the event-time options ({@code --out-of-orderness}, default
 * {@code 30s} here, {@code --idleness}, {@code --allowed-lateness}) and the Kafka and checkpointing options of every
 * job; {@code --help} lists them all.
 */
public final class UsageStatsJob {

    static final Option<String> INPUT_TOPIC = Option.text("input-topic",
                    "Kafka topic with the flights (FlightData JSON)")
            .withDefault("flightdata");

    static final Option<String> OUTPUT_TOPIC = Option.text("output-topic",
                    "Kafka topic for the user statistics, keyed by email address (unless --output is given)")
            .withDefault("userstatistics");

    static final Option<Duration> WINDOW = Option.positiveDuration("window",
            "length of the tumbling event-time windows").withDefault("1min");

    static final Option<Duration> STATE_TTL = Option.positiveDuration("state-ttl",
                    "forget a user's running total after this long without a new window for the user (processing"
                            + " time); the user then starts again from zero. Off by default: totals are kept forever");

    /**
     * The flights of one {@code flightdata} partition are out of order by up to the importer's checkpoint interval
     * (10s by default), since the importer writes both feeds into each partition, committed once per checkpoint.
     */
    static final Option<Duration> OUT_OF_ORDERNESS = CommonOptions.OUT_OF_ORDERNESS.withDefault("30s");

    static final JobSpec SPEC = new JobSpec("usage-stats",
            "Per-user flight statistics per event-time window, cumulative across windows, to Kafka or files and"
                    + " PostgreSQL.",
            options(),
            CommonOptions.KAFKA);

    /** Fields a flight needs to count: whose it is and how long it took. */
    static final List<String> REQUIRED_FIELDS = List.of("emailAddress", "departureTime", "arrivalTime");

    /**
     * The statistics of flights that reached the window after it closed, in a side output of the statistics. Late
     * records go to the dead letters before they are parsed, so this is only a safety net.
     */
    static final OutputTag<UserStatistics> LATE_FLIGHTS =
            new OutputTag<>("late-flights", TypeInformation.of(UserStatistics.class));

    private static final JsonRecordParser<FlightData> FLIGHT_JSON =
            JsonRecordParser.of(FlightData.class, REQUIRED_FIELDS);

    private static final JsonCodec<UserStatistics> STATISTICS_JSON = JsonCodec.of(UserStatistics.class);

    private UsageStatsJob() {
    }

    private static List<Option<?>> options() {
        return List.of(INPUT_TOPIC, OUTPUT_TOPIC, WINDOW, STATE_TTL, INPUT, OUTPUT,
                PART_PREFIX.withDefault("user-statistics"), PART_SUFFIX.withDefault(".jsonl"), OVERWRITE, DLQ_OUTPUT,
                JDBC_URL, JDBC_USER, JDBC_PASSWORD_FILE, OUT_OF_ORDERNESS, IDLENESS, ALLOWED_LATENESS);
    }

    public static void main(String[] args) throws Exception {
        JobMain.run(SPEC, args, UsageStatsJob::run);
    }

    static void run(JobConfig config) throws Exception {
        checkTopics(config);
        if (config.has(INPUT) && !config.has(OUTPUT) && !JdbcConnectors.enabled(config)) {
            throw new ConfigException("file mode (--input) writes no Kafka: give --output DIR, --jdbc-url, or both");
        }
        if (JdbcConnectors.enabled(config)) {
            JdbcConnectors.requireTable(config, UserStatisticsTable.TABLE, "email_address");
        }
        StreamExecutionEnvironment env = JobEnvironment.create(config);

        JobIo.Input flights = JobIo.rawInput(env, config, "flights", INPUT, config.get(INPUT_TOPIC),
                EventTime.watermarks(config));

        Workflow workflow = defineWorkflow(flights, Windowing.of(config));

        sinkStatistics(workflow.statistics(), config, flights);
        JobIo.sinkDeadLetters(workflow.deadLetters(), config, flights);

        JobIo.execute(env, config);
    }

    /**
     * Refuses an output topic that is the input topic or its dead-letter topic.
     *
     * @throws ConfigException when they clash
     */
    static void checkTopics(JobConfig config) {
        String input = config.get(INPUT_TOPIC);
        String output = config.get(OUTPUT_TOPIC);
        if (output.equals(input)) {
            throw new ConfigException("--output-topic " + output + " is also the input topic: expected another topic");
        }
        if (output.equals(input + JobIo.DLQ_SUFFIX)) {
            throw new ConfigException("--output-topic " + output + " is the dead-letter topic of --input-topic "
                    + input + ": expected another topic");
        }
    }

    /**
     * How flights are windowed.
     *
     * @param size length of the tumbling windows
     * @param allowedLateness how long after a window closed a late flight still updates it
     * @param stateTtl how long a user's running total is kept without an update; {@code null} for ever
     */
    public record Windowing(Duration size, Duration allowedLateness, Duration stateTtl) {
        static Windowing of(JobConfig config) {
            return new Windowing(config.get(WINDOW), config.get(ALLOWED_LATENESS),
                    config.getOptional(STATE_TTL).orElse(null));
        }
    }

    /**
     * What the pipeline produces.
     *
     * @param statistics each user's cumulative statistics after each window with flights of the user
     * @param deadLetters records that came too late for their window (as they arrived) and records that are not
     *     usable flights
     */
    public record Workflow(DataStream<UserStatistics> statistics, DataStream<DeadLetter> deadLetters) {
    }

    /**
     * Routes records too late for their window to the dead letters, parses the others into flights (bad ones to the
     * dead letters too), keys them by email address, sums each user's flights per tumbling event-time window and
     * turns each window's sums into the user's cumulative statistics. The input must carry event times and
     * watermarks.
     */
    public static Workflow defineWorkflow(JobIo.Input input, Windowing windowing) {
        SingleOutputStreamOperator<RawRecord> onTime =
                LateRecordFilter.apply(input, windowing.size(), windowing.allowedLateness());
        SingleOutputStreamOperator<FlightData> flights = onTime
                .process(new DeadLetterRouter<>(UsageStatsJob::parseFlight, TypeInformation.of(FlightData.class)))
                .uid("parse-flights")
                .name("Parse flights");
        DataStream<UserStatistics> perFlight = flights
                .map(UserStatistics::fromFlightData, TypeInformation.of(UserStatistics.class))
                .uid("statistics-per-flight")
                .name("Statistics of each flight");
        SingleOutputStreamOperator<UserStatistics> statistics = cumulativeStatistics(perFlight, windowing);
        DataStream<DeadLetter> lateAtTheWindow =
                LateRecords.asDeadLetters(statistics.getSideOutput(LATE_FLIGHTS), input, STATISTICS_JSON);
        DataStream<DeadLetter> deadLetters = onTime.getSideOutput(DeadLetterRouter.DEAD_LETTERS)
                .union(flights.getSideOutput(DeadLetterRouter.DEAD_LETTERS), lateAtTheWindow);
        return new Workflow(statistics, deadLetters);
    }

    /**
     * Each user's statistics per tumbling window, summed with {@link UserStatistics#merge} and turned into the user's
     * cumulative statistics by {@link CumulativeStatistics}; the statistics of flights that reach a window after it
     * closed are in the {@link #LATE_FLIGHTS} side output.
     */
    static SingleOutputStreamOperator<UserStatistics> cumulativeStatistics(
            DataStream<UserStatistics> perFlight, Windowing windowing) {
        return perFlight
                .keyBy(UserStatistics::emailAddress, Types.STRING)
                .window(TumblingEventTimeWindows.of(windowing.size()))
                .allowedLateness(windowing.allowedLateness())
                .sideOutputLateData(LATE_FLIGHTS)
                .reduce(UserStatistics::merge, new CumulativeStatistics(windowing.stateTtl()),
                        TypeInformation.of(UserStatistics.class))
                .uid("cumulative-statistics")
                .name("Cumulative statistics per user");
    }

    /**
     * A flight from a FlightData JSON record.
     *
     * @throws BadRecordException the reasons of {@link JsonRecordParser} and of {@link FlightChecks}
     */
    public static FlightData parseFlight(RawRecord record) throws BadRecordException {
        return FlightChecks.check(FLIGHT_JSON.parse(record), "emailAddress");
    }

    /**
     * The statistics go to {@code --output} files when given, otherwise to Kafka {@code --output-topic} (not in file
     * mode), and also to PostgreSQL with {@code --jdbc-url}.
     */
    private static void sinkStatistics(DataStream<UserStatistics> statistics, JobConfig config, JobIo.Input input) {
        if (config.has(OUTPUT)) {
            JobIo.sinkToOutputFiles(statistics, config, STATISTICS_JSON);
        } else if (input.fromKafka()) {
            String topic = config.get(OUTPUT_TOPIC);
            statistics.sinkTo(KafkaConnectors.sink(config, topic, STATISTICS_JSON,
                            KafkaConnectors.utf8Key(UserStatistics::emailAddress)))
                    .uid("user-statistics-kafka-sink")
                    .name("Kafka: " + topic);
        }
        if (JdbcConnectors.enabled(config)) {
            statistics.sinkTo(JdbcConnectors.sink(config, UserStatisticsTable.UPSERT, UserStatisticsTable::bind))
                    .uid("user-statistics-jdbc-sink")
                    .name("PostgreSQL: " + UserStatisticsTable.TABLE);
        }
    }
}
