package io.github.flinkjobs.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkjobs.core.config.CommonOptions;
import io.github.flinkjobs.core.config.ConfigException;
import io.github.flinkjobs.core.config.JobConfig;
import io.github.flinkjobs.core.config.JobSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class JobEnvironmentTest {

    private static final JobSpec SPEC = new JobSpec("env-test", "s",
            List.of(CommonOptions.INPUT, CommonOptions.OUTPUT, CommonOptions.DLQ_OUTPUT), CommonOptions.KAFKA);

    private static JobConfig config(String... args) {
        return JobConfig.parse(SPEC, args, Map.of());
    }

    private static StreamExecutionEnvironment configured(String... args) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        JobEnvironment.configure(env, config(args));
        return env;
    }

    @Test
    void checkpointingIsOnAtTheConfiguredInterval() {
        assertThat(configured().getCheckpointConfig().getCheckpointInterval()).isEqualTo(10_000);
        assertThat(configured("--checkpoint-interval", "750ms").getCheckpointConfig().getCheckpointInterval())
                .isEqualTo(750);
    }

    @Test
    void checkpointingIsOffWithOffEvenWhenTheClusterConfiguresIt() {
        Configuration cluster = new Configuration();
        cluster.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(3));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);

        JobEnvironment.configure(env, config("--checkpoint-interval", "off"));

        assertThat(env.getCheckpointConfig().isCheckpointingEnabled()).isFalse();
        assertThat(JobEnvironment.checkpointing(config("--checkpoint-interval", "off"))).isFalse();
        assertThat(JobEnvironment.checkpointing(config())).isTrue();
    }

    @Test
    void parallelismIsTheClustersUnlessGiven() {
        int clusterDefault = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration()).getParallelism();

        assertThat(configured().getParallelism()).isEqualTo(clusterDefault);
        assertThat(configured("--parallelism", "3").getParallelism()).isEqualTo(3);
    }

    @Test
    void withNothingSetTheJobRestartsForeverAndRetainsItsCheckpoints() {
        ReadableConfig settings = configured().getConfiguration();

        assertThat(settings.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
        assertThat(settings.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(settings.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF))
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD))
                .isEqualTo(Duration.ofHours(1));
        assertThat(settings.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT)).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.get(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS)).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.get(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER)).isEqualTo(2);
        assertThat(settings.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(settings.get(PipelineOptions.MAX_PARALLELISM)).isEqualTo(720);
    }

    @Test
    void whatTheClusterSetsWinsOverTheJobsDefaultsAndTheCommandLineOverBoth() {
        Configuration cluster = new Configuration();
        cluster.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        cluster.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, 3);
        cluster.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(30));
        cluster.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, Duration.ofMinutes(7));
        cluster.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 9);
        cluster.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION);
        cluster.set(PipelineOptions.MAX_PARALLELISM, 256);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        JobEnvironment.configure(env, config());
        ReadableConfig settings = env.getConfiguration();

        assertThat(settings.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("fixed-delay");
        assertThat(settings.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS)).isEqualTo(3);
        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(30_000);
        assertThat(settings.get(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS))
                .as("half the cluster's interval").isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT)).isEqualTo(Duration.ofMinutes(7));
        assertThat(settings.get(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER)).isEqualTo(9);
        assertThat(settings.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION);
        assertThat(env.getMaxParallelism()).isEqualTo(256);

        StreamExecutionEnvironment given = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        JobEnvironment.configure(given, config("--checkpoint-interval", "4s"));
        assertThat(given.getCheckpointConfig().getCheckpointInterval()).isEqualTo(4_000);
    }

    @Test
    void typesThatWouldNeedKryoAreRefused() {
        StreamExecutionEnvironment env = configured();
        TypeInformation<Thread> generic = TypeInformation.of(Thread.class);

        assertThatThrownBy(() -> generic.createSerializer(env.getConfig().getSerializerConfig()))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("Generic types have been disabled");
    }

    @Test
    void theEffectiveConfigurationIsTheJobsGlobalParameters() {
        Map<String, String> shown = configured("--bootstrap-servers", "kafka:19092")
                .getConfig().getGlobalJobParameters().toMap();

        assertThat(shown).containsEntry("bootstrap-servers", "kafka:19092").containsEntry("transaction-timeout", "10min");
    }

    @Test
    void overlappingOutputDirectoriesAreRefused() {
        assertThatThrownBy(() -> JobEnvironment.validate(config("--output", "/data/out", "--dlq-output",
                        "/data/out/dlq")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--output /data/out and --dlq-output /data/out/dlq overlap: expected two separate"
                        + " directories");
        assertThatThrownBy(() -> JobEnvironment.validate(config("--output", "/data/x/", "--dlq-output", "/data/x")))
                .isInstanceOf(ConfigException.class);
        JobEnvironment.validate(config("--output", "/data/out", "--dlq-output", "/data/out-dlq"));
    }

    @Test
    void anInputInsideAnOutputIsRefused() {
        assertThatThrownBy(() -> JobEnvironment.create(config("--input", "/data/out/in.txt", "--output", "/data/out")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--input /data/out/in.txt and --output /data/out overlap: expected two separate"
                        + " directories");
    }

    @Test
    void aJobThatMayResumeIsRecognized() {
        Configuration savepoint = new Configuration();
        savepoint.set(StateRecoveryOptions.SAVEPOINT_PATH, "file:///savepoints/savepoint-1");
        Configuration application = new Configuration();
        application.set(DeploymentOptions.TARGET, "kubernetes-application");
        Configuration insideJobManager = new Configuration();
        insideJobManager.set(DeploymentOptions.TARGET, "embedded");
        Configuration session = new Configuration();
        session.set(DeploymentOptions.TARGET, "remote");

        assertThat(JobEnvironment.mayResume(new StreamExecutionEnvironment(savepoint))).isTrue();
        assertThat(JobEnvironment.mayResume(new StreamExecutionEnvironment(application))).isTrue();
        assertThat(JobEnvironment.mayResume(new StreamExecutionEnvironment(insideJobManager))).isTrue();
        assertThat(JobEnvironment.mayResume(new StreamExecutionEnvironment(session))).isFalse();
        assertThat(JobEnvironment.mayResume(configured())).isFalse();
    }
}
