package io.github.flinkjobs.reliability;

import io.github.flinkjobs.testing.JobCluster.MainMethod;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * An execution environment that builds a job's stream graph and keeps it instead of running it, so a test can run a
 * job's {@code main} to inspect what it would submit.
 */
final class StreamGraphCapture extends StreamExecutionEnvironment {

    private static StreamGraph captured;

    private StreamGraphCapture(Configuration configuration) {
        super(configuration);
    }

    /** The stream graph {@code main} would execute with {@code args}. */
    static synchronized StreamGraph of(MainMethod main, String... args) throws Exception {
        captured = null;
        initializeContextEnvironment(StreamGraphCapture::new);
        try {
            main.main(args);
        } finally {
            resetContextEnvironment();
        }
        if (captured == null) {
            throw new AssertionError("the job's main executed no job");
        }
        return captured;
    }

    @Override
    public JobExecutionResult execute(StreamGraph streamGraph) {
        captured = streamGraph;
        return new JobExecutionResult(new JobID(), 0, Map.of());
    }
}
