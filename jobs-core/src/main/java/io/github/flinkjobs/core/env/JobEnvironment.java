package io.github.flinkjobs.core.env;

import static io.github.flinkjobs.core.config.CommonOptions.CHECKPOINT_INTERVAL;
import static io.github.flinkjobs.core.config.CommonOptions.DLQ_OUTPUT;
import static io.github.flinkjobs.core.config.CommonOptions.INPUT;
import static io.github.flinkjobs.core.config.CommonOptions.OUTPUT;
import static io.github.flinkjobs.core.config.CommonOptions.PARALLELISM;

import io.github.flinkjobs.core.config.ConfigException;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.Option;
import io.github.flinkjobs.core.files.FileConnectors;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Sets up the execution environment the same way for every job, in the IDE, under {@code flink run} and in tests:
 * exactly-once checkpointing at {@code --checkpoint-interval} (none with {@code off}), an exponential-delay restart strategy that gives up
 * after {@value #RESTART_ATTEMPTS} failures in a row (so a broken job fails visibly instead of looping), generic
 * types disabled (a record that would fall back to Kryo fails at start-up), object reuse (records are immutable, so
 * chained operators pass them on without copying), {@code --parallelism}, and the effective
 * configuration, secrets masked, as the job's global parameters (the Flink web UI shows them).
 *
 * <p>It also refuses paths that overlap ({@code --input}, {@code --output}, {@code --dlq-output}): outputs would
 * mix, and {@code --overwrite} would delete one with the other.
 */
public final class JobEnvironment {

    /** Restarts in a row (without a quiet hour between them) after which the job fails for good. */
    public static final int RESTART_ATTEMPTS = 20;

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
        return env;
    }

    /** Applies the shared settings to {@code env}. */
    public static void configure(StreamExecutionEnvironment env, JobConfig config) {
        Configuration settings = new Configuration();
        settings.set(PipelineOptions.GENERIC_TYPES, false);
        settings.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        settings.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        settings.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofMinutes(1));
        settings.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, RESTART_ATTEMPTS);
        settings.set(PipelineOptions.OBJECT_REUSE, true);
        env.configure(settings);
        if (checkpointing(config)) {
            env.enableCheckpointing(config.get(CHECKPOINT_INTERVAL).toMillis(), CheckpointingMode.EXACTLY_ONCE);
        } else {
            env.getCheckpointConfig().disableCheckpointing();
        }
        config.getOptional(PARALLELISM).ifPresent(env::setParallelism);
        env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(config.effectiveParameters()));
    }

    /**
     * Whether the job checkpoints: yes unless {@code --checkpoint-interval off}, which also overrides a cluster's
     * {@code execution.checkpointing.interval}.
     */
    public static boolean checkpointing(JobConfig config) {
        return !config.get(CHECKPOINT_INTERVAL).isZero();
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
