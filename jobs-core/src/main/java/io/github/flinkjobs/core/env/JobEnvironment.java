package io.github.flinkjobs.core.env;

import static io.github.flinkjobs.core.config.CommonOptions.CHECKPOINT_INTERVAL;
import static io.github.flinkjobs.core.config.CommonOptions.DELIVERY_GUARANTEE;
import static io.github.flinkjobs.core.config.CommonOptions.DLQ_OUTPUT;
import static io.github.flinkjobs.core.config.CommonOptions.OUTPUT;
import static io.github.flinkjobs.core.config.CommonOptions.PARALLELISM;

import io.github.flinkjobs.core.config.ConfigException;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.files.FileConnectors;
import io.github.flinkjobs.core.kafka.KafkaConnectors;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Sets up the execution environment the same way for every job, in the IDE, under {@code flink run} and in tests:
 * exactly-once checkpointing at {@code --checkpoint-interval}, an exponential-delay restart strategy that gives up
 * after {@value #RESTART_ATTEMPTS} failures in a row (so a broken job fails visibly instead of looping), generic
 * types disabled (a record that would fall back to Kryo fails at start-up), {@code --parallelism}, and the effective
 * configuration, secrets masked, as the job's global parameters (the Flink web UI shows them).
 *
 * <p>It also runs the checks that involve several options (the Kafka transaction timeout against the checkpoint
 * interval, output directories that overlap), so they fail before anything is built or any directory emptied.
 */
public final class JobEnvironment {

    /** Restarts in a row (without a quiet hour between them) after which the job fails for good. */
    public static final int RESTART_ATTEMPTS = 20;

    private JobEnvironment() {
    }

    /**
     * The environment of the current context (IDE, cluster or test mini-cluster), configured for {@code config}.
     *
     * @throws ConfigException when options contradict each other
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
        env.configure(settings);
        env.enableCheckpointing(config.get(CHECKPOINT_INTERVAL).toMillis(), CheckpointingMode.EXACTLY_ONCE);
        config.getOptional(PARALLELISM).ifPresent(env::setParallelism);
        env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(config.effectiveParameters()));
    }

    /**
     * The checks that involve several options.
     *
     * @throws ConfigException naming the options that contradict each other
     */
    public static void validate(JobConfig config) {
        if (config.declares(DELIVERY_GUARANTEE) && config.get(DELIVERY_GUARANTEE) == DeliveryGuarantee.EXACTLY_ONCE) {
            KafkaConnectors.checkedTransactionTimeout(config);
        }
        if (config.declares(OUTPUT) && config.declares(DLQ_OUTPUT) && config.has(OUTPUT) && config.has(DLQ_OUTPUT)) {
            FileConnectors.requireSeparate("--output", config.get(OUTPUT), "--dlq-output", config.get(DLQ_OUTPUT));
        }
    }

    /** Whether the job will resume from a savepoint or checkpoint ({@code flink run -s PATH}). */
    public static boolean isRestoring(StreamExecutionEnvironment env) {
        return env.getConfiguration().getOptional(StateRecoveryOptions.SAVEPOINT_PATH).isPresent();
    }
}
