package io.github.flinkjobs.usagestats;

import static io.github.flinkjobs.core.config.CommonOptions.ALLOWED_LATENESS;
import static io.github.flinkjobs.core.config.CommonOptions.DLQ_OUTPUT;
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
import io.github.flinkjobs.core.model.FlightData;
import io.github.flinkjobs.core.model.UserStatistics;
import io.github.flinkjobs.core.time.EventTime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
 * email address, sums each user's flights and flight durations per tumbling event-time window, and after each window
 * emits the user's statistics since the first flight (a running total in keyed state) to Kafka topic
 * {@code userstatistics}, keyed by email address, or to {@code --output} files, and with {@code --jdbc-url} upserts
 * them into PostgreSQL table {@code user_statistics}, never replacing a row with the total of an older window.
 *
 * <p>Event time is the Kafka record timestamp (for file input the time a line was read). Records that are not
 * flights (bad JSON, missing fields, arrival before departure) and flights that arrive after their window closed
 * (reason {@code late}) go to the dead letters: topic {@code flightdata.dlq}, {@code --dlq-output DIR}, or stderr.
 *
 * <p>Options: {@code --input-topic} (default {@code flightdata}), {@code --output-topic} (default
 * {@code userstatistics}), {@code --window} (default {@code 1min}), {@code --state-ttl} (off by default),
 * {@code --input PATH}, {@code --output DIR}, {@code --part-prefix}, {@code --part-suffix}, {@code --overwrite},
 * {@code --dlq-output DIR}, {@code --jdbc-url}, {@code --jdbc-user}, {@code --jdbc-password-file}, the event-time
 * options ({@code --out-of-orderness}, {@code --idleness}, {@code --allowed-lateness}) and the Kafka and
 * checkpointing options of every job; {@code --help} lists them all.
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

    static final JobSpec SPEC = new JobSpec("usage-stats",
            "Per-user flight statistics per event-time window, cumulative across windows, to Kafka or files and"
                    + " PostgreSQL.",
            options(),
            CommonOptions.KAFKA);

    /** Fields a flight needs to count: whose it is and how long it took. */
    static final List<String> REQUIRED_FIELDS = List.of("emailAddress", "departureTime", "arrivalTime");

    /** Dead-letter reason of a flight that arrives before it departs. */
    static final String ARRIVAL_BEFORE_DEPARTURE = "arrival-before-departure";

    /** Flights that arrived after their window closed, in a side output of the statistics. */
    static final OutputTag<FlightData> LATE_FLIGHTS =
            new OutputTag<>("late-flights", TypeInformation.of(FlightData.class));

    private static final JsonRecordParser<FlightData> FLIGHT_JSON =
            JsonRecordParser.of(FlightData.class, REQUIRED_FIELDS);

    private UsageStatsJob() {
    }

    private static List<Option<?>> options() {
        List<Option<?>> options = new ArrayList<>(List.of(INPUT_TOPIC, OUTPUT_TOPIC, WINDOW, STATE_TTL, INPUT, OUTPUT,
                PART_PREFIX.withDefault("user-statistics"), PART_SUFFIX.withDefault(".jsonl"), OVERWRITE, DLQ_OUTPUT,
                JDBC_URL, JDBC_USER, JDBC_PASSWORD_FILE));
        options.addAll(CommonOptions.EVENT_TIME);
        return options;
    }

    public static void main(String[] args) throws Exception {
        JobMain.run(SPEC, args, UsageStatsJob::run);
    }

    static void run(JobConfig config) throws Exception {
        if (config.has(INPUT) && !config.has(OUTPUT) && !JdbcConnectors.enabled(config)) {
            throw new ConfigException("file mode (--input) writes no Kafka: give --output DIR, --jdbc-url, or both");
        }
        if (JdbcConnectors.enabled(config)) {
            JdbcConnectors.requireTable(config, UserStatisticsTable.TABLE, "email_address");
        }
        StreamExecutionEnvironment env = JobEnvironment.create(config);

        JobIo.Input flights = JobIo.rawInput(env, config, INPUT, config.get(INPUT_TOPIC), EventTime.watermarks(config));

        Workflow workflow = defineWorkflow(flights.records(), Windowing.of(config));

        sinkStatistics(workflow.statistics(), config, flights);
        DataStream<DeadLetter> lateFlights =
                LateRecords.asDeadLetters(workflow.lateFlights(), flights, JsonCodec.of(FlightData.class));
        JobIo.sinkDeadLetters(workflow.badRecords().union(lateFlights), config, flights);

        JobIo.execute(env, config);
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
     * The streams of the pipeline.
     *
     * @param flights the parsed flights; records that are not flights are in its {@link DeadLetterRouter#DEAD_LETTERS}
     *     side output
     * @param statistics each user's cumulative statistics after each window with flights of the user; flights that
     *     came too late are in its {@link #LATE_FLIGHTS} side output
     */
    public record Workflow(
            SingleOutputStreamOperator<FlightData> flights, SingleOutputStreamOperator<UserStatistics> statistics) {

        /** Records that are not flights. */
        public DataStream<DeadLetter> badRecords() {
            return flights.getSideOutput(DeadLetterRouter.DEAD_LETTERS);
        }

        /** Flights that arrived after their window closed (and its allowed lateness passed). */
        public DataStream<FlightData> lateFlights() {
            return statistics.getSideOutput(LATE_FLIGHTS);
        }
    }

    /**
     * Parses flights, keys them by email address, sums each user's flights per tumbling event-time window and turns
     * each window's sums into the user's cumulative statistics. The raw records must carry event times and
     * watermarks.
     */
    public static Workflow defineWorkflow(DataStream<RawRecord> records, Windowing windowing) {
        SingleOutputStreamOperator<FlightData> flights = records
                .process(new DeadLetterRouter<>(UsageStatsJob::parseFlight, TypeInformation.of(FlightData.class)))
                .uid("parse-flights")
                .name("Parse flights");
        TypeInformation<UserStatistics> statisticsType = TypeInformation.of(UserStatistics.class);
        SingleOutputStreamOperator<UserStatistics> statistics = flights
                .keyBy(FlightData::emailAddress, Types.STRING)
                .window(TumblingEventTimeWindows.of(windowing.size()))
                .allowedLateness(windowing.allowedLateness())
                .sideOutputLateData(LATE_FLIGHTS)
                .aggregate(new SumOfFlights(), new CumulativeStatistics(windowing.stateTtl()),
                        statisticsType, statisticsType, statisticsType)
                .uid("cumulative-statistics")
                .name("Cumulative statistics per user");
        return new Workflow(flights, statistics);
    }

    /**
     * A flight from a FlightData JSON record.
     *
     * @throws BadRecordException the reasons of {@link JsonRecordParser}, or {@value #ARRIVAL_BEFORE_DEPARTURE}
     */
    static FlightData parseFlight(RawRecord record) throws BadRecordException {
        FlightData flight = FLIGHT_JSON.parse(record);
        if (flight.arrivalTime().isBefore(flight.departureTime())) {
            throw new BadRecordException(ARRIVAL_BEFORE_DEPARTURE);
        }
        return flight;
    }

    /**
     * The statistics go to {@code --output} files when given, otherwise to Kafka {@code --output-topic} (not in file
     * mode), and also to PostgreSQL with {@code --jdbc-url}.
     */
    private static void sinkStatistics(DataStream<UserStatistics> statistics, JobConfig config, JobIo.Input input) {
        JsonCodec<UserStatistics> json = JsonCodec.of(UserStatistics.class);
        if (config.has(OUTPUT)) {
            JobIo.sinkToOutputFiles(statistics, config, json);
        } else if (input.fromKafka()) {
            String topic = config.get(OUTPUT_TOPIC);
            statistics.sinkTo(KafkaConnectors.sink(config, topic, json, UsageStatsJob::emailKey))
                    .uid("user-statistics-kafka-sink")
                    .name("Kafka: " + topic);
        }
        if (JdbcConnectors.enabled(config)) {
            statistics.sinkTo(JdbcConnectors.sink(config, UserStatisticsTable.UPSERT, UserStatisticsTable::bind))
                    .uid("user-statistics-jdbc-sink")
                    .name("PostgreSQL: " + UserStatisticsTable.TABLE);
        }
    }

    /** The Kafka key of a user's statistics: the email address, so each user's statistics stay in order. */
    static byte[] emailKey(UserStatistics statistics) {
        return statistics.emailAddress().getBytes(StandardCharsets.UTF_8);
    }
}
