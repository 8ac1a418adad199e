package io.github.flinkjobs.core;

import static io.github.flinkjobs.core.config.CommonOptions.DLQ_OUTPUT;
import static io.github.flinkjobs.core.config.CommonOptions.OUTPUT;
import static io.github.flinkjobs.core.config.CommonOptions.OVERWRITE;
import static io.github.flinkjobs.core.config.CommonOptions.PART_PREFIX;
import static io.github.flinkjobs.core.config.CommonOptions.PART_SUFFIX;

import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.Option;
import io.github.flinkjobs.core.deadletter.DeadLetter;
import io.github.flinkjobs.core.deadletter.RawRecord;
import io.github.flinkjobs.core.env.JobEnvironment;
import io.github.flinkjobs.core.files.FileConnectors;
import io.github.flinkjobs.core.json.JsonCodec;
import io.github.flinkjobs.core.kafka.KafkaConnectors;
import io.github.flinkjobs.core.kafka.KafkaStartupCheck;
import java.net.URI;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a job attaches its inputs and outputs, the same way in every job: raw records from {@code --input} files or
 * from a Kafka topic, part files in {@code --output}, and dead letters to {@code <topic>.dlq}, to
 * {@code --dlq-output}, or (file mode without {@code --dlq-output}) to stderr. Every source and sink gets a stable
 * {@code uid} derived from the topic (in file mode too: the topic names the input), so savepoints stay compatible.
 * Jobs end with {@link #execute}.
 *
 * <p>Output directories must be empty when a job starts afresh, or are emptied with {@code --overwrite}, by
 * {@link #execute} once every source and sink has been built (so a refused option never costs any output). A job
 * that may be resuming ({@code flink run -s}, or a main re-run by an application-mode JobManager) keeps them as they
 * are, since its restored sinks finish the files they had in progress. The check runs where {@code main} runs, so on
 * a cluster the output directory must be a path the client sees too (a shared volume or an object store).
 */
public final class JobIo {

    /** Suffix of a dead-letter topic: bad records of topic {@code t} go to {@code t.dlq}. */
    public static final String DLQ_SUFFIX = ".dlq";

    /** Dead-letter part files are named {@code dead-letters-...jsonl}. */
    public static final String DLQ_PART_PREFIX = "dead-letters";

    public static final String DLQ_PART_SUFFIX = ".jsonl";

    private static final Logger LOG = LoggerFactory.getLogger(JobIo.class);

    private static final JsonCodec<DeadLetter> DEAD_LETTER_JSON = JsonCodec.of(DeadLetter.class);

    private JobIo() {
    }

    /**
     * A job's input.
     *
     * @param records the raw records
     * @param role what the input is to the job ({@code lines}, {@code flights}, ...): a fixed name that the uids of
     *     its operators (source, dead letters, late records) are made of, so that they stay the same whatever topic
     *     or path the input comes from, and a savepoint restores after either changes
     * @param topic the Kafka topic this input is (or would be, in file mode) read from; names its dead-letter topic
     * @param fromKafka whether the records come from Kafka (otherwise from files)
     * @param source where the records come from, for dead letters that no longer know their record's file: the
     *     topic, or the input path
     */
    public record Input(DataStream<RawRecord> records, String role, String topic, boolean fromKafka, String source) {
    }

    /**
     * Raw records from the files named by {@code fileOption} when it is given, otherwise from Kafka {@code topic},
     * without watermarks; {@code role} names the input in uids (see {@link Input}).
     */
    public static Input rawInput(StreamExecutionEnvironment env, JobConfig config, String role,
            Option<URI> fileOption, String topic) {
        return rawInput(env, config, role, fileOption, topic, WatermarkStrategy.noWatermarks());
    }

    /**
     * Raw records from the files named by {@code fileOption} when it is given, otherwise from Kafka {@code topic},
     * with the given watermarks (see {@link io.github.flinkjobs.core.time.EventTime#watermarks}); {@code role} names
     * the input in uids (see {@link Input}): {@code file-source-<role>} or {@code kafka-source-<role>}.
     */
    public static Input rawInput(StreamExecutionEnvironment env, JobConfig config, String role,
            Option<URI> fileOption, String topic, WatermarkStrategy<RawRecord> watermarks) {
        if (config.has(fileOption)) {
            URI path = config.get(fileOption);
            FileSource<RawRecord> files = FileConnectors.lineSource(path, "--" + fileOption.name());
            DataStream<RawRecord> lines = env.fromSource(files, watermarks, "Files: " + topic)
                    .uid("file-source-" + role);
            return new Input(lines, role, topic, false, FileConnectors.displayName(path));
        }
        DataStream<RawRecord> records = env.fromSource(
                        KafkaConnectors.rawSource(config, List.of(topic)), watermarks, "Kafka: " + topic)
                .uid("kafka-source-" + role);
        return new Input(records, role, topic, true, topic);
    }

    /**
     * Writes rows to part files in {@code --output} with {@code --part-prefix} and {@code --part-suffix}, refusing a
     * non-empty directory unless {@code --overwrite} (or the job resumes from a savepoint).
     */
    public static <T> void sinkToOutputFiles(DataStream<T> rows, JobConfig config, Encoder<T> encoder) {
        sinkToFiles(rows, config, config.get(OUTPUT), encoder, "file-sink-output");
    }

    /**
     * Writes rows to part files in {@code directory} (for a job with several outputs, a directory below
     * {@code --output}), with {@code --part-prefix} and {@code --part-suffix}, refusing a non-empty directory unless
     * {@code --overwrite} (or the job resumes from a savepoint); the sink's uid is {@code uid}.
     */
    public static <T> void sinkToFiles(
            DataStream<T> rows, JobConfig config, URI directory, Encoder<T> encoder, String uid) {
        checkOutput(rows.getExecutionEnvironment(), config, directory);
        rows.sinkTo(FileConnectors.rowSink(directory, encoder, config.get(PART_PREFIX), config.get(PART_SUFFIX)))
                .uid(uid)
                .name("Files: " + FileConnectors.displayName(directory));
    }

    /**
     * Writes the dead letters of {@code input} as JSON: to {@code --dlq-output} when given; otherwise to Kafka topic
     * {@code <topic>.dlq} when the input is Kafka; otherwise to stderr, so they are never silently lost.
     */
    public static void sinkDeadLetters(DataStream<DeadLetter> deadLetters, JobConfig config, Input input) {
        String name = "Dead letters of " + input.topic();
        String uid = "dead-letters-" + input.role();
        if (config.has(DLQ_OUTPUT)) {
            URI directory = config.get(DLQ_OUTPUT);
            checkOutput(deadLetters.getExecutionEnvironment(), config, directory);
            deadLetters.sinkTo(FileConnectors.rowSink(directory, DEAD_LETTER_JSON, DLQ_PART_PREFIX, DLQ_PART_SUFFIX))
                    .uid(uid + "-file-sink")
                    .name(name + ": " + FileConnectors.displayName(directory));
        } else if (input.fromKafka()) {
            String topic = input.topic() + DLQ_SUFFIX;
            deadLetters.sinkTo(KafkaConnectors.sink(config, topic, DEAD_LETTER_JSON))
                    .uid(uid + "-kafka-sink")
                    .name(name + ": Kafka " + topic);
        } else {
            asJson(deadLetters, DEAD_LETTER_JSON, uid, name)
                    .printToErr("dead-letter")
                    .uid(uid + "-stderr")
                    .name(name + ": stderr");
        }
    }

    /**
     * Prints rows as JSON lines to stdout (on a cluster, the TaskManagers' stdout: the web UI's Stdout tab), for a
     * job run without an output; {@code what} names the rows and derives the operators' uids.
     */
    public static <T> void sinkToStdout(DataStream<T> rows, JsonCodec<T> json, String what) {
        asJson(rows, json, what, what)
                .print()
                .uid(what + "-stdout")
                .name(what + ": stdout");
    }

    private static <T> DataStream<String> asJson(DataStream<T> rows, JsonCodec<T> json, String uid, String name) {
        return rows.map(json::writeAsString)
                .uid(uid + "-to-json")
                .name(name + " as JSON");
    }

    /**
     * Runs the job: with {@code --resume}, chooses the retained state it starts from ({@link
     * JobEnvironment#chooseResumePoint}); checks that the Kafka it reads or writes answers, has its input topics and accepts its
     * transaction timeout ({@link KafkaStartupCheck}, within seconds), then empties its output directories when
     * {@code --overwrite} is given and the job starts afresh, then executes it under the job's name and waits for a
     * bounded job to finish.
     *
     * @throws io.github.flinkjobs.core.config.ConfigException when Kafka is unreachable or refuses the configuration
     */
    public static JobExecutionResult execute(StreamExecutionEnvironment env, JobConfig config) throws Exception {
        JobEnvironment.chooseResumePoint(env, config);
        KafkaStartupCheck.check(env, config);
        if (config.declares(OVERWRITE) && config.get(OVERWRITE) && !JobEnvironment.mayResume(env)) {
            for (Option<URI> directory : List.of(OUTPUT, DLQ_OUTPUT)) {
                if (config.declares(directory)) {
                    config.getOptional(directory).ifPresent(FileConnectors::emptyDirectory);
                }
            }
        }
        JobExecutionResult result = env.execute(config.jobName());
        if (result.isJobExecutionResult()) {
            LOG.info("{} finished in {} ms", config.jobName(), result.getNetRuntime());
        }
        return result;
    }

    /**
     * Refuses a non-empty output {@code directory} unless {@code --overwrite} is given or the job may be resuming; the
     * sinks of this class check their own directories, a job checks a parent directory it writes below with this.
     */
    public static void checkOutput(StreamExecutionEnvironment env, JobConfig config, URI directory) {
        if (!JobEnvironment.mayResume(env)) {
            FileConnectors.checkOutputDirectory(directory, config.get(OVERWRITE));
        }
    }
}
