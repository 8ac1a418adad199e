package io.github.flinkjobs.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The options jobs share, in the groups the README documents: {@link #ENVIRONMENT} (every job), {@link #KAFKA},
 * {@link #EVENT_TIME}, the file options and the PostgreSQL options. Jobs list the ones they use in their
 * {@link JobSpec} and may adapt them (another default, another description) with the {@link Option} methods.
 */
public final class CommonOptions {

    /**
     * The broker's default {@code transaction.max.timeout.ms}: a producer asking for more is refused. The start-up
     * check asks the brokers for their setting and falls back to this when they do not tell.
     */
    public static final Duration BROKER_DEFAULT_MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    public static final Option<String> BOOTSTRAP_SERVERS = Option.text("bootstrap-servers",
                    "Kafka bootstrap servers, host:port[,host:port...]")
            .withDefault("localhost:9092")
            .withEnv("KAFKA_BOOTSTRAP_SERVERS", "KAFKA_BROKER");

    public static final Option<String> GROUP_ID = Option.text("group-id", "Kafka consumer group id")
            .withDefaultDescribedAs("the job's name");

    public static final Option<Boolean> BOUNDED = Option.flag("bounded",
            "read Kafka input up to the offsets that are latest at start-up, then finish (backfills, tests)");

    public static final Option<DeliveryGuarantee> DELIVERY_GUARANTEE = Option.choice("delivery-guarantee",
                    "guarantee of the Kafka sinks", DeliveryGuarantee.class)
            .withDefault("exactly-once");

    public static final Option<String> TRANSACTIONAL_ID_PREFIX = Option.text("transactional-id-prefix",
                    "prefix of the Kafka transactional ids of exactly-once sinks; each sink appends its topic")
            .withDefaultDescribedAs("the group id");

    public static final Option<Duration> TRANSACTION_TIMEOUT = Option.duration("transaction-timeout",
                    "Kafka transaction timeout of exactly-once sinks: at least twice the checkpoint interval and at"
                            + " most the brokers' transaction.max.timeout.ms (15min by default), checked at start-up;"
                            + " --kafka.transaction.timeout.ms in milliseconds replaces it")
            .withDefault("10min");

    public static final Option<URI> KAFKA_PROPERTIES_FILE = Option.path("kafka-properties-file",
            "Kafka client properties file (security settings and credentials stay out of the command line);"
                    + " --kafka.<property> options win over it");

    public static final Option<Duration> CHECKPOINT_INTERVAL = Option.positiveDurationOrOff("checkpoint-interval",
                    "interval between checkpoints (output is committed on checkpoints); off disables checkpointing,"
                            + " which exactly-once Kafka sinks refuse")
            .withDefaultDescribedAs("the cluster's execution.checkpointing.interval, else 10s");

    /**
     * {@link #CHECKPOINT_INTERVAL} without {@code off}, for the tools that run the exactly-once jobs together (the
     * local demo, the benchmarks): the jobs would refuse it one by one.
     */
    public static final Option<Duration> CHECKPOINT_INTERVAL_ON = CHECKPOINT_INTERVAL.checked(
            "a positive duration with a unit such as 500ms, 5s, 1min (not off: the jobs commit their output on"
                    + " checkpoints)",
            interval -> {
                if (interval.isZero()) {
                    throw new IllegalArgumentException("off");
                }
                return interval;
            }).withDefault("10s");

    public static final Option<Integer> PARALLELISM = Option.positiveInt("parallelism", "parallelism of the job")
            .withDefaultDescribedAs("the cluster's default");

    public static final Option<URI> INPUT = Option.path("input",
            "read this file, or every non-hidden file below this directory, instead of Kafka (bounded)");

    public static final Option<URI> OUTPUT = Option.path("output", "write part files to this directory");

    public static final Option<URI> DLQ_OUTPUT = Option.path("dlq-output",
            "write dead letters (JSON lines) to this directory instead of the Kafka dead-letter topic;"
                    + " in file mode without it they are printed to stderr; must not overlap --output");

    public static final Option<Boolean> OVERWRITE = Option.flag("overwrite",
            "replace the contents of non-empty output directories (refused otherwise, unless the job resumes from a"
                    + " savepoint or checkpoint)");

    public static final Option<String> PART_PREFIX = Option.text("part-prefix", "name prefix of output part files")
            .withDefault("part");

    public static final Option<String> PART_SUFFIX = Option.text("part-suffix", "name suffix of output part files")
            .withDefault(".txt");

    public static final Option<String> JDBC_URL = Option.text("jdbc-url",
                    "PostgreSQL JDBC URL, e.g. jdbc:postgresql://localhost:5432/flink; the database sink is on when set")
            .withEnv("JDBC_URL");

    public static final Option<String> JDBC_USER = Option.text("jdbc-user", "PostgreSQL user").withEnv("JDBC_USER");

    public static final Option<URI> JDBC_PASSWORD_FILE = Option.path("jdbc-password-file",
            "file holding the PostgreSQL password (otherwise environment variable JDBC_PASSWORD)");

    public static final Option<Duration> OUT_OF_ORDERNESS = Option.duration("out-of-orderness",
                    "how far behind the newest event time a record may arrive and still count in its window"
                            + " (the watermark lags the newest event time by this much)")
            .withDefault("1s");

    public static final Option<Duration> IDLENESS = Option.positiveDuration("idleness",
                    "an input partition silent this long stops holding back the watermark; keep it longer than the"
                            + " checkpoint interval of a transactional upstream, whose topics go quiet between commits")
            .withDefault("30s");

    public static final Option<Duration> ALLOWED_LATENESS = Option.duration("allowed-lateness",
                    "how long after the watermark passes a window's end a late record still updates the window;"
                            + " later records go to the dead letters with reason late")
            .withDefault("0s");

    /** Options every job has, read by the environment setup; {@link JobSpec} adds them to every job. */
    public static final Option<String> RESUME = Option.text("resume",
                    "start from retained state: latest (the newest retained checkpoint or savepoint of this job below"
                            + " the cluster's execution.checkpointing.dir and savepoint-dir) or the path of one;"
                            + " refused when none belongs to the job")
            .withDefaultDescribedAs("afresh, or from flink run -s");

    public static final List<Option<?>> ENVIRONMENT = List.of(CHECKPOINT_INTERVAL, PARALLELISM, RESUME);

    /** The options of a job that reads or writes Kafka. */
    public static final List<Option<?>> KAFKA = List.of(BOOTSTRAP_SERVERS, GROUP_ID, BOUNDED, DELIVERY_GUARANTEE,
            TRANSACTIONAL_ID_PREFIX, TRANSACTION_TIMEOUT, KAFKA_PROPERTIES_FILE);

    /** The options of a job that aggregates in event-time windows. */
    public static final List<Option<?>> EVENT_TIME = List.of(OUT_OF_ORDERNESS, IDLENESS, ALLOWED_LATENESS);

    private CommonOptions() {
    }
}
