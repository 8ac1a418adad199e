package io.github.flinkjobs.core.env;

import static io.github.flinkjobs.core.config.CommonOptions.CHECKPOINT_INTERVAL;
import static io.github.flinkjobs.core.config.CommonOptions.DLQ_OUTPUT;
import static io.github.flinkjobs.core.config.CommonOptions.INPUT;
import static io.github.flinkjobs.core.config.CommonOptions.OUTPUT;
import static io.github.flinkjobs.core.config.CommonOptions.PARALLELISM;
import static io.github.flinkjobs.core.config.CommonOptions.RESUME;

import io.github.flinkjobs.core.config.ConfigException;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.Option;
import io.github.flinkjobs.core.files.FileConnectors;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up the execution environment the same way for every job, in the IDE, under {@code flink run} and in tests.
 *
 * <p>The cluster owns the restart, checkpoint and state policy: each setting below is the job's default only where
 * the configuration the job is submitted with (the cluster's {@code config.yaml} under {@code flink run}, {@code -D}
 * options) does not set it, and {@code --checkpoint-interval} wins over both. The defaults, for a job that runs for
 * weeks: restart forever with exponential delay (1 s doubling to 1 min, reset after an hour without failure), so an
 * outage of Kafka or PostgreSQL of any length ends in a recovery, not a failed job; exactly-once checkpoints every
 * {@value #DEFAULT_CHECKPOINT_INTERVAL_SECONDS} s, retained when the job is cancelled or fails for good
 * ({@code RETAIN_ON_CANCELLATION}, so state outlives the job and {@code --resume} can find it), timing out after
 * {@value #CHECKPOINT_TIMEOUT_MINUTES} min, at least half an interval apart, with
 * {@value #TOLERABLE_CHECKPOINT_FAILURES} failures in a row tolerated before a restart (so an uncommitted Kafka
 * transaction never waits longer than about {@code 3 x (timeout + interval)}, far below its 10 min timeout); and a
 * fixed max parallelism of {@value #DEFAULT_MAX_PARALLELISM}, the number of key groups, so keyed state rescales to
 * any parallelism up to it (720 divides evenly by 1-6, 8-10, 12, 15, 16, ...). docs/operations.md lists them.
 *
 * <p>Always: generic types disabled (a record that would fall back to Kryo fails at start-up), object reuse (records
 * are immutable, so chained operators pass them on without copying), {@code --parallelism}, and the effective
 * configuration, secrets masked, as the job's global parameters (the Flink web UI shows them). It also refuses paths
 * that overlap ({@code --input}, {@code --output}, {@code --dlq-output}): outputs would mix, and {@code --overwrite}
 * would delete one with the other.
 */
public final class JobEnvironment {

    /** The checkpoint interval when neither {@code --checkpoint-interval} nor the cluster sets one. */
    public static final int DEFAULT_CHECKPOINT_INTERVAL_SECONDS = 10;

    /** How long a checkpoint may take before it counts as failed, unless the cluster sets it. */
    public static final int CHECKPOINT_TIMEOUT_MINUTES = 2;

    /** Checkpoints that may fail in a row before the job restarts, unless the cluster sets it. */
    public static final int TOLERABLE_CHECKPOINT_FAILURES = 2;

    /** The max parallelism (number of key groups) of every job, unless the cluster sets it. */
    public static final int DEFAULT_MAX_PARALLELISM = 720;

    private static final Logger LOG = LoggerFactory.getLogger(JobEnvironment.class);

    private JobEnvironment() {
    }

    /**
     * The environment of the current context (IDE, cluster or test mini-cluster), configured for {@code config}.
     *
     * @throws ConfigException when paths overlap
     */
    public static StreamExecutionEnvironment create(JobConfig config) {
        validate(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, config);
        config.getOptional(RESUME).ifPresent(resume -> restoreFrom(env, resumeCandidates(env, resume).get(0)));
        return env;
    }

    /**
     * Where {@code --resume resume} may start the job from: the retained checkpoints and savepoints, newest first,
     * for {@link RetainedState#LATEST}, otherwise the path given.
     *
     * @throws ConfigException when there is none, or {@code flink run -s} names a savepoint as well
     */
    public static List<String> resumeCandidates(StreamExecutionEnvironment env, String resume) {
        Optional<String> fromCommand = env.getConfiguration().getOptional(StateRecoveryOptions.SAVEPOINT_PATH);
        List<String> candidates = resume.equals(RetainedState.LATEST)
                ? RetainedState.candidates(env.getConfiguration()) : List.of(resume);
        if (fromCommand.isPresent() && !candidates.contains(fromCommand.get())) {
            throw new ConfigException("--resume " + resume + " and flink run -s " + fromCommand.get()
                    + " both say where to start from: expected one of them");
        }
        return candidates;
    }

    /**
     * Makes the job start from {@code pointer} (the path of a checkpoint or savepoint), as {@code flink run -s}
     * does: checked, before it is submitted, to belong to the job ({@link RetainedState#choose}).
     */
    public static void restoreFrom(StreamExecutionEnvironment env, String pointer) {
        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, pointer);
        env.configure(restore);
    }

    /**
     * For a job given {@code --resume}: chooses, now that its graph is complete, the newest candidate that belongs
     * to it, and makes the job start from there.
     *
     * @throws ConfigException when none belongs to it
     */
    public static void chooseResumePoint(StreamExecutionEnvironment env, JobConfig config) {
        Optional<String> resume = config.getOptional(RESUME);
        if (resume.isPresent()) {
            String chosen = RetainedState.choose(resume.get(), resumeCandidates(env, resume.get()),
                    env.getStreamGraph(false).getJobGraph(), config.jobName());
            LOG.info("{} resumes from {}", config.jobName(), chosen);
            restoreFrom(env, chosen);
        }
    }

    /** Applies the shared settings to {@code env}: the job's defaults where its configuration is silent. */
    public static void configure(StreamExecutionEnvironment env, JobConfig config) {
        ReadableConfig given = env.getConfiguration();
        Configuration settings = new Configuration();
        settings.set(PipelineOptions.GENERIC_TYPES, false);
        settings.set(PipelineOptions.OBJECT_REUSE, true);
        Defaults defaults = new Defaults(given, settings);
        defaults.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        defaults.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        defaults.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofMinutes(1));
        defaults.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        defaults.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
                Duration.ofHours(1));
        defaults.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        defaults.set(PipelineOptions.MAX_PARALLELISM, DEFAULT_MAX_PARALLELISM);
        Optional<Duration> interval = checkpointInterval(given, config);
        if (interval.isPresent()) {
            settings.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval.get());
            settings.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
            defaults.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMinutes(CHECKPOINT_TIMEOUT_MINUTES));
            defaults.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, interval.get().dividedBy(2));
            defaults.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, TOLERABLE_CHECKPOINT_FAILURES);
            defaults.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        env.configure(settings);
        if (interval.isEmpty()) {
            env.getCheckpointConfig().disableCheckpointing();
        }
        config.getOptional(PARALLELISM).ifPresent(env::setParallelism);
        env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(config.effectiveParameters()));
    }

    /**
     * The checkpoint interval: {@code --checkpoint-interval} when given (empty for {@code off}), else the
     * configuration's {@code execution.checkpointing.interval}, else {@value #DEFAULT_CHECKPOINT_INTERVAL_SECONDS} s.
     */
    static Optional<Duration> checkpointInterval(ReadableConfig given, JobConfig config) {
        Duration interval = config.getOptional(CHECKPOINT_INTERVAL)
                .or(() -> given.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .orElse(Duration.ofSeconds(DEFAULT_CHECKPOINT_INTERVAL_SECONDS));
        return interval.isZero() ? Optional.empty() : Optional.of(interval);
    }

    /** Sets a job's default only where the configuration it was given is silent. */
    private record Defaults(ReadableConfig given, Configuration settings) {
        <T> void set(ConfigOption<T> option, T value) {
            if (given.getOptional(option).isEmpty()) {
                settings.set(option, value);
            }
        }
    }

    /**
     * Whether the job checkpoints: yes unless {@code --checkpoint-interval off}, which also overrides a cluster's
     * {@code execution.checkpointing.interval}.
     */
    public static boolean checkpointing(JobConfig config) {
        return config.getOptional(CHECKPOINT_INTERVAL).map(interval -> !interval.isZero()).orElse(true);
    }

    /**
     * Refuses overlapping paths among {@code --input}, {@code --output} and {@code --dlq-output}.
     *
     * @throws ConfigException naming the two options
     */
    public static void validate(JobConfig config) {
        List<Option<URI>> paths = List.of(INPUT, OUTPUT, DLQ_OUTPUT);
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                Option<URI> first = paths.get(i);
                Option<URI> second = paths.get(j);
                if (config.declares(first) && config.declares(second) && config.has(first) && config.has(second)) {
                    FileConnectors.requireSeparate("--" + first.name(), config.get(first), "--" + second.name(),
                            config.get(second));
                }
            }
        }
    }

    /**
     * Whether the job may be resuming from a savepoint or checkpoint: {@code flink run -s PATH}, or a {@code main}
     * that runs inside the JobManager (application mode, whose JobManager re-runs {@code main} when it recovers the
     * job; also a jar run from the web UI), where the deployment target is {@code embedded} or an application target.
     */
    public static boolean mayResume(StreamExecutionEnvironment env) {
        return env.getConfiguration().getOptional(StateRecoveryOptions.SAVEPOINT_PATH).isPresent()
                || env.getConfiguration().getOptional(DeploymentOptions.TARGET)
                        .filter(target -> target.equals("embedded") || target.endsWith("-application"))
                        .isPresent();
    }
}
