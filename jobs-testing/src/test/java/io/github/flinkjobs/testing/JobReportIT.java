package io.github.flinkjobs.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a timed-out wait says of a job: its state, tasks, checkpoints and failures, read from the REST API. */
class JobReportIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestCluster.extension();

    @Test
    void namesTheJobsStateTasksLastCompletedCheckpointAndNewestFailure(
            @InjectClusterClient RestClusterClient<?> client) throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 1);
        configuration.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
        env.enableCheckpointing(100);
        env.fromSequence(0, Long.MAX_VALUE).name("numbers")
                .map(new FailsInItsFirstAttempt()).name("fails once")
                .sinkTo(new DiscardingSink<>()).name("discard");
        JobID job = env.executeAsync("job-report").getJobID();
        URI cluster = URI.create(client.getWebInterfaceURL());
        ClusterJobs jobs = new ClusterJobs(client);
        try {
            String report = Await.until("a running job after a restart and a checkpoint",
                    () -> JobReport.describe(cluster, job.toString()),
                    text -> text.startsWith("RUNNING, tasks {RUNNING=") && text.contains("(last completed #")
                            && jobs.restarts(job) == 1,
                    Await.PATIENCE, () -> "the job restarted " + restarts(jobs, job) + " times");

            assertThat(report)
                    .containsPattern("checkpoints completed \\d+ failed \\d+ in progress \\d+ \\(last completed #\\d+"
                            + " at \\S+, \\d+ s ago\\)")
                    .contains("1 failures, the newest at ", ": java.lang.IllegalStateException: the first attempt fails");
            assertThat(JobReport.describeAll(cluster)).startsWith("job job-report (" + job + "): RUNNING, tasks ");
        } finally {
            jobs.cancel(job);
        }
        // the REST API caches a job's state for a few seconds
        Await.until("the cancelled job", () -> JobReport.describe(cluster, job.toString()),
                text -> text.startsWith("CANCELED, tasks {CANCELED="), Await.PATIENCE, () -> "");
        assertThat(JobReport.describe(cluster, new JobID().toString())).startsWith("not described (GET /jobs/");
    }

    private static String restarts(ClusterJobs jobs, JobID job) {
        try {
            return Integer.toString(jobs.restarts(job));
        } catch (Exception e) {
            return "? (" + e + ")";
        }
    }

    /** Throws on its first record in the job's first attempt, so the job restarts once. */
    private static final class FailsInItsFirstAttempt extends RichMapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long map(Long value) throws Exception {
            if (getRuntimeContext().getTaskInfo().getAttemptNumber() == 0 && value > 1000
                    && getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                throw new IllegalStateException("the first attempt fails");
            }
            Thread.sleep(1);
            return value;
        }
    }
}
