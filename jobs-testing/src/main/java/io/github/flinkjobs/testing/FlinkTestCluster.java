package io.github.flinkjobs.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The mini-cluster every job test runs on: one TaskManager with {@value #PARALLELISM} slots, so jobs run at
 * parallelism {@value #PARALLELISM}, with generic types disabled (a record that would need Kryo fails the test).
 * Register it with {@code @RegisterExtension static final MiniClusterExtension CLUSTER =
 * FlinkTestCluster.extension();}. Its operators' counters are readable through {@link JobCounters}. A job's {@code main} then runs on it as it would on a real cluster; a test that
 * builds a pipeline itself takes its environment from {@link #environment()}.
 */
public final class FlinkTestCluster {

    /** Parallelism of the jobs under test. */
    public static final int PARALLELISM = 2;

    private FlinkTestCluster() {
    }

    /** A new mini-cluster extension. */
    public static MiniClusterExtension extension() {
        Configuration configuration = new Configuration();
        JobCounters.register(configuration);
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(PARALLELISM)
                .build());
    }

    /**
     * An environment on the registered mini-cluster with generic types disabled, for tests that build a pipeline
     * themselves (a job's {@code main} sets this up on its own).
     */
    public static StreamExecutionEnvironment environment() {
        Configuration configuration = new Configuration();
        configuration.set(PipelineOptions.GENERIC_TYPES, false);
        return StreamExecutionEnvironment.getExecutionEnvironment(configuration);
    }
}
